import Foundation
import Hummingbird
import HummingbirdTesting
import RentaiCore
import Testing
@testable import RentaiPreview

@Suite("The preview's addresses: the site under its path, the status, view as")
struct PreviewRoutesTests {
    /// The tiny site with a built output of a few files, after `build` successful builds.
    static func withServer(status: PreviewStatus = PreviewStatus(build: 1),
                           _ test: @Sendable (any TestClientProtocol) async throws -> Void) async throws {
        let tiny = try TinySite(files: [
            "public/.rentai-output": "",
            "public/index.html": "<!DOCTYPE html><html><body><h1>Directory</h1></body></html>",
            "public/p/tokyo/kddi/member/index.html": "<!DOCTYPE html><html><body><h1>Portal</h1></body></html>",
            "public/p/tokyo/kddi/member/feed.xml": "<rss/>",
            "public/n/a/地図.png": "png",
        ])
        defer { tiny.remove() }
        let state = PreviewState()
        await state.buildFinished(status: status, site: try tiny.site())
        let routes = PreviewRoutes(state: state, files: SiteFiles(root: tiny.paths.defaultOutput), includeDrafts: true)
        try await Application(router: routes.router()).test(.router, test)
    }

    @Test("a text attachment is said to be UTF-8 only when it is (Excel's CSV is often Shift_JIS)")
    func attachmentCharset() {
        let shiftJIS = Data([0x89, 0xEF, 0x8B, 0x63, 0x2C, 0x31, 0x0A])  // 「会議,1」 in Shift_JIS
        #expect(SiteFiles.contentType(of: "n/a/名簿.csv", data: shiftJIS) == "text/csv")
        #expect(SiteFiles.contentType(of: "n/a/名簿.csv", data: Data("会議,1\n".utf8)) == "text/csv; charset=utf-8")
        #expect(SiteFiles.contentType(of: "n/a/memo.TXT", data: shiftJIS) == "text/plain")
        #expect(SiteFiles.contentType(of: "robots.txt", data: Data("User-agent: *\n".utf8)) == "text/plain; charset=utf-8")
        #expect(SiteFiles.contentType(of: "n/a/index.html", data: shiftJIS) == "text/html; charset=utf-8")
    }

    @Test("only this computer's names are answered: no DNS rebinding (the live check is in test_serve.py)")
    func loopbackOnly() {
        for host in ["127.0.0.1", "127.0.0.1:8080", "localhost", "LOCALHOST:80", "[::1]", "[::1]:8080"] {
            #expect(LoopbackOnly<BasicRequestContext>.isLoopback(authority: host), "\(host)")
        }
        for host in [nil, "", "evil.example", "evil.example:8080", "127.0.0.1.evil.example", "localhost.evil.example", "[::2]", "[::1"] {
            #expect(!LoopbackOnly<BasicRequestContext>.isLoopback(authority: host), "\(host ?? "nil")")
        }
    }

    @Test("/ leads to the site's path; a folder to its slash; pages carry the toolbar and the script")
    func servesUnderBasePath() async throws {
        try await Self.withServer { client in
            try await client.execute(uri: "/", method: .get) { response in
                #expect(response.status == .found)
                #expect(response.headers[.location] == "/portal/")
            }
            try await client.execute(uri: "/portal/p/tokyo/kddi/member", method: .get) { response in
                #expect(response.headers[.location] == "/portal/p/tokyo/kddi/member/")
            }
            try await client.execute(uri: "/portal/p/tokyo/kddi/member/", method: .get) { response in
                let page = String(buffer: response.body)
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "text/html; charset=utf-8")
                #expect(response.headers[.cacheControl] == "no-store")
                #expect(page.hasPrefix("<!DOCTYPE html><html><body><h1>Portal</h1>\n<link rel=\"stylesheet\" href=\"/_rentai/preview.css\">"))
                #expect(page.hasSuffix("<script src=\"/_rentai/preview.js\" defer></script>\n</body></html>"))
                #expect(page.contains("<option value=\"tokyo\" selected>Tokyo</option>"))
                #expect(page.contains("<option value=\"kddi\" selected>KDDI Union</option>"))
                #expect(page.contains("<span class=\"rentai-flag\">drafts included</span>"))
                #expect(!page.contains("rentai-overlay\""))
            }
            try await client.execute(uri: "/portal/p/tokyo/kddi/member/feed.xml", method: .get) { response in
                #expect(response.headers[.contentType] == "application/rss+xml; charset=utf-8")
                #expect(String(buffer: response.body) == "<rss/>")
            }
            try await client.execute(uri: "/portal/n/a/%E5%9C%B0%E5%9B%B3.png", method: .get) { response in
                #expect(response.headers[.contentType] == "image/png")
            }
        }
    }

    @Test("nothing outside the site, hidden or above it is served", arguments: [
        "/index.html", "/portal/.rentai-output", "/portal/../content/site.yaml", "/portal/%2E%2E/content/site.yaml",
        "/portal/p/", "/portal/p/tokyo/kddi/member/index.html/",
    ])
    func refuses(uri: String) async throws {
        try await Self.withServer { client in
            try await client.execute(uri: uri, method: .get) { response in
                #expect(response.status == .notFound)
            }
        }
    }

    @Test("the status is JSON; a failed build's errors are in every page, over the last good one")
    func failedBuild() async throws {
        let failed = PreviewStatus(build: 1, ok: false, errors: [.init(file: "content/notices/a.md", line: 2, column: 1, message: "invalid YAML")])
        try await Self.withServer(status: failed) { client in
            try await client.execute(uri: "/_rentai/status", method: .get) { response in
                #expect(response.headers[.contentType] == "application/json")
                #expect(String(buffer: response.body) == failed.json)
            }
            try await client.execute(uri: "/portal/", method: .get) { response in
                let page = String(buffer: response.body)
                #expect(response.status == .ok)
                #expect(page.contains("<h1>Directory</h1>"))
                #expect(page.contains("<code>content/notices/a.md:2:1</code> invalid YAML"))
            }
            try await client.execute(uri: "/_rentai/preview.js", method: .get) { response in
                #expect(response.headers[.contentType] == "text/javascript; charset=utf-8")
                #expect(String(buffer: response.body).contains("new EventSource(\"/_rentai/events\")"))
            }
        }
    }

    @Test("view as: the toolbar's form leads to the portal, or to a page listing what exists")
    func viewAs() async throws {
        try await Self.withServer { client in
            try await client.execute(uri: "/_rentai/view-as?council=tokyo&union=kddi&role=officer", method: .get) { response in
                #expect(response.status == .found)
                #expect(response.headers[.location] == "/portal/p/tokyo/kddi/officer/")
            }
            try await client.execute(uri: "/_rentai/view-as?council=nagano&union=kddi&role=member", method: .get) { response in
                let page = String(buffer: response.body)
                #expect(response.status == .notFound)
                #expect(page.contains("KDDI Union has no members in Nagano"))
                #expect(page.contains("<a href=\"/_rentai/view-as?council=nagano&amp;union=ntt&amp;role=member\">NTT Union</a>"))
                #expect(page.contains("<option value=\"nagano\" selected>Nagano</option>"))
            }
        }
    }
}
