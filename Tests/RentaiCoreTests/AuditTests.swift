import Foundation
import Testing
@testable import RentaiCore

/// SPEC §11: the audit proves, from the built files alone, that nothing crossed a line.
@Suite("The audit refuses to publish a leak")
struct AuditTests {
    @Test("a template that links a union-internal notice on every page: the build refuses, public/ unchanged", arguments: [false, true])
    func plantedLeakInTemplate(isPrivate: Bool) throws {
        let secret = isPrivate ? PrivateAddressTests.secret : nil
        let slug = "2026/kddi-officers"
        let target = isPrivate ? PrivateAddressTests.token("notice:\(slug)") : slug
        var files = BuildTests.notices
        let site = try TestSite(files)
        defer { site.remove() }
        let options = BuildOptions(paths: site.paths, now: TestSite.time("2026-11-26 12:00"), secret: secret)
        guard case .built = try SiteBuild.build(options) else { Issue.record("the clean build failed"); return }
        let before = FolderSnapshot(site.output)

        files["templates/foot.mustache"] = "<footer><a href=\"{{root}}n/\(target)/index.html\">x</a></footer></body></html>\n"
        try site.write(Data(files["templates/foot.mustache"]!.utf8), to: "templates/foot.mustache")
        guard case .leaked(let leaks) = try SiteBuild.build(options) else { Issue.record("the leak was published"); return }
        #expect(leaks.contains { $0.slug == slug && $0.profile == "osaka/ntt/member" && $0.what == "a link to its page" })
        #expect(!leaks.contains { $0.profile == "tokyo/kddi/officer" })
        #expect(FolderSnapshot(site.output) == before)
    }

    @Test("a notice quoting a narrower notice's title is refused in every file its text is shared into")
    func quotedTitleInSharedPieces() throws {
        var files = BuildTests.notices
        files["content/notices/2026/all.md"] = notice("title: 全員へのお知らせ\ndate: 2026-11-20 09:00\nfrom: 本部", body: "役員アンケートにご協力ください。")
        let site = try TestSite(files)
        defer { site.remove() }
        guard case .leaked(let leaks) = try site.build() else { Issue.record("the quoted title was published"); return }
        let found = Set(leaks.filter { $0.slug == "2026/kddi-officers" && $0.what == "the title" }.map(\.file))
        // The body's first paragraph is in list entries (a piece shared by every portal), and the
        // body in feed items.
        #expect(found.contains("p/osaka/ntt/member/index.html"))
        #expect(found.contains("p/tokyo/ntt/officer/index.html"))
        #expect(found.contains("p/osaka/ntt/member/feed.xml"))
        #expect(!found.contains { $0.hasPrefix("p/tokyo/kddi/officer/") })
    }

    @Test("a title straddling the edge of a shared piece is found as in the whole file")
    func titleAcrossPieceEdge() throws {
        let site = try TestSite(BuildTests.notices)
        defer { site.remove() }
        let check = SiteAudit.FileCheck(audit: SiteAudit(site: try site.load(), now: TestSite.time("2026-11-26 12:00"), includeDrafts: false))
        let text = Array("<p>役員アン</p><li>ケート</li>".utf8)
        let edge = Array("<p>役員アン".utf8).count
        let whole = check.leaks(in: text, at: "p/osaka/ntt/member/index.html")
        let pieced = check.leaks(in: text, at: "p/osaka/ntt/member/index.html",
                                 pieces: [FilePiece(range: edge..<text.count, id: PieceID(kind: .entry, notice: 0))], cache: PieceScans())
        #expect(whole.isEmpty)  // markup between the halves: no title
        let joined = Array("<p>役員アンケート</p>".utf8)
        let split = Array("<p>役員アン".utf8).count
        let wholeJoined = check.leaks(in: joined, at: "p/osaka/ntt/member/index.html")
        let piecedJoined = check.leaks(in: joined, at: "p/osaka/ntt/member/index.html",
                                       pieces: [FilePiece(range: split..<joined.count, id: PieceID(kind: .entry, notice: 1))], cache: PieceScans())
        #expect(pieced == whole)
        #expect(wholeJoined.map(\.slug) == ["2026/kddi-officers"])
        #expect(piecedJoined == wholeJoined)
    }

    @Test("a title copied into another profile's page is found, even without a link")
    func titleLeak() throws {
        let site = try TestSite(BuildTests.notices)
        defer { site.remove() }
        _ = try site.build()
        let page = site.output.appendingPathComponent("p/osaka/ntt/member/index.html")
        var html = try String(contentsOf: page, encoding: .utf8)
        html = html.replacingOccurrences(of: "</main>", with: "<p>役員アンケート</p></main>")
        try html.write(to: page, atomically: true, encoding: .utf8)
        var loaded = try site.load()
        loaded.settings.addresses = SiteAddresses()
        let leaks = try SiteAudit(site: loaded, now: TestSite.time("2026-11-26 12:00"), includeDrafts: false).audit(output: site.output)
        #expect(leaks.map(\.description) == [
            "p/osaka/ntt/member/index.html: leak: the title of notice '2026/kddi-officers', which does not reach osaka/ntt/member",
        ])
    }

    @Test("anything of a draft or a scheduled notice anywhere is a leak")
    func unpublishedLeak() throws {
        let site = try TestSite(BuildTests.notices)
        defer { site.remove() }
        _ = try site.build()
        let index = site.output.appendingPathComponent("index.html")
        let html = try String(contentsOf: index, encoding: .utf8).replacingOccurrences(of: "</main>", with: "<a href=\"n/2026/draft/index.html\">x</a></main>")
        try html.write(to: index, atomically: true, encoding: .utf8)
        let leaks = try SiteAudit(site: try site.load(), now: TestSite.time("2026-11-26 12:00"), includeDrafts: false).audit(output: site.output)
        #expect(leaks.map(\.description) == ["index.html: leak: a link to its page of notice '2026/draft', which is not published"])
    }

    @Test("a clean build of the sample site has no leaks, readable and private")
    func sampleIsClean() throws {
        let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        for secret in [nil, PrivateAddressTests.secret] {
            let output = FileManager.default.temporaryDirectory.appendingPathComponent("rentai-audit-\(UUID().uuidString)/public")
            defer { try? FileManager.default.removeItem(at: output.deletingLastPathComponent()) }
            let options = BuildOptions(paths: SitePaths(site: repository.path), output: output, now: TestSite.time("2026-11-26 12:00"), secret: secret)
            guard case .built = try SiteBuild.build(options) else { Issue.record("the sample did not build"); return }
        }
    }

    @Test("a draft's page, a readable address in a private site, a page linking a notice its readers may not see")
    func moreLeaks() throws {
        let site = try TestSite(BuildTests.notices)
        defer { site.remove() }
        _ = try site.build()
        // A file under the draft's folder.
        try site.write(Data("x".utf8), to: "public/n/2026/draft/index.html")
        // The page of a notice for everyone links the KDDI officers' survey.
        let page = site.output.appendingPathComponent("n/2026/all/index.html")
        let html = try String(contentsOf: page, encoding: .utf8).replacingOccurrences(of: "</main>", with: "<a href=\"../kddi-officers/index.html\">x</a></main>")
        try html.write(to: page, atomically: true, encoding: .utf8)
        let leaks = try SiteAudit(site: try site.load(), now: TestSite.time("2026-11-26 12:00"), includeDrafts: false).audit(output: site.output)
        #expect(leaks.map(\.description) == [
            "n/2026/all/index.html: leak: a link to its page of notice '2026/kddi-officers', which does not reach this page's readers",
            "n/2026/draft/index.html: leak: its page of notice '2026/draft', which is not published",
        ])

        let secret = PrivateAddressTests.secret
        let options = BuildOptions(paths: site.paths, now: TestSite.time("2026-11-26 12:00"), secret: secret)
        guard case .built = try SiteBuild.build(options) else { Issue.record("the private build failed"); return }
        let portal = site.output.appendingPathComponent("p/\(PrivateAddressTests.token("profile:tokyo/ntt/member"))/index.html")
        let text = try String(contentsOf: portal, encoding: .utf8).replacingOccurrences(of: "</main>", with: "<a href=\"../../n/2026/all/\">x</a><a href=\"../../p/osaka/kddi/member/\">y</a></main>")
        try text.write(to: portal, atomically: true, encoding: .utf8)
        let loaded = SiteLoader(paths: site.paths, addresses: SiteAddresses(secret: secret))
        var diagnostics = Diagnostics()
        let privateLeaks = try SiteAudit(site: loaded.load(diagnostics: &diagnostics)!, now: TestSite.time("2026-11-26 12:00"), includeDrafts: false).audit(output: site.output)
        #expect(privateLeaks.map(\.what).sorted() == ["the readable address (the site is private)", "the readable address of a portal (the site is private)"])
    }

    @Test("in a private build, feeds link attachments at the notice's token, never its slug")
    func privateFeedLinks() throws {
        let site = try TestSite(BuildTests.notices)
        defer { site.remove() }
        let options = BuildOptions(paths: site.paths, now: TestSite.time("2026-11-26 12:00"), secret: PrivateAddressTests.secret)
        guard case .built = try SiteBuild.build(options) else { Issue.record("the private build failed"); return }
        let feed = try site.read("p/\(PrivateAddressTests.token("profile:tokyo/kddi/member"))/feed.xml")
        #expect(feed.contains("https://example.org/portal/n/\(PrivateAddressTests.token("notice:2026/kanto"))/%E8%B3%87%E6%96%99%201.pdf") || feed.contains("n/\(PrivateAddressTests.token("notice:2026/kanto"))/"))
        #expect(!feed.contains("n/2026/"))
    }
}
