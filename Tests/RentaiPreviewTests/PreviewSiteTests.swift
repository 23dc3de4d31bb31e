import Foundation
import RentaiCore
import Testing
@testable import RentaiPreview

@Suite("Where the preview serves the site, and whose portal a page is")
struct PreviewSiteTests {
    @Test("the site is served under base_url's path (SPEC §14)", arguments: [
        ("https://portal.example.org/", "/"),
        ("https://portal.example.org", "/"),
        ("https://example.org/portal/", "/portal/"),
        ("https://example.org/portal", "/portal/"),
        ("https://example.org/a/b/", "/a/b/"),
    ])
    func basePath(baseURL: String, expected: String) {
        #expect(PreviewSite.basePath(of: baseURL) == expected)
    }

    @Test("a page inside a portal belongs to its profile, readable or private")
    func profileOfPage() throws {
        let tiny = try TinySite()
        defer { tiny.remove() }
        let site = try tiny.site()
        let officer = Profile(council: "tokyo", union: "kddi", role: "officer")
        #expect(site.profile(at: "p/tokyo/kddi/officer/index.html") == officer)
        #expect(site.profile(at: "p/tokyo/kddi/officer/archive/page/2/index.html") == officer)
        #expect(site.profile(at: "n/2026/seminar/index.html") == nil)
        #expect(site.profile(at: "p/nagano/kddi/member/index.html") == nil)
        #expect(site.portalPath(officer) == "/portal/p/tokyo/kddi/officer/")

        let hidden = try tiny.site(secret: "s3cret")
        let folder = hidden.settings.addresses.portalFolder(officer)
        #expect(folder.count == "p/".count + 32 + 1)
        #expect(hidden.profile(at: folder + "index.html") == officer)
        #expect(hidden.profile(at: "p/tokyo/kddi/officer/index.html") == nil)
    }

    @Test("view as: a profile that exists leads to its portal; one that does not says what there is")
    func viewAs() throws {
        let tiny = try TinySite()
        defer { tiny.remove() }
        let viewAs = ViewAs(site: try tiny.site())
        #expect(viewAs.answer(council: "tokyo", union: "kddi", role: "member") == .portal("/portal/p/tokyo/kddi/member/"))

        guard case .noProfile(let message, let heading, let choices) = viewAs.answer(council: "nagano", union: "kddi", role: "officer") else {
            Issue.record("KDDI has no members in Nagano")
            return
        }
        #expect(message == "KDDI Union has no members in Nagano, so there is no portal for this profile.")
        #expect(heading == "Unions in Nagano:")
        #expect(choices == [.init(name: "NTT Union", href: "/_rentai/view-as?council=nagano&union=ntt&role=officer")])

        guard case .noProfile(let unknown, _, let councils) = viewAs.answer(council: "tokio", union: "ntt", role: "member") else {
            Issue.record("there is no council 'tokio'")
            return
        }
        #expect(unknown == "There is no council 'tokio'.")
        #expect(councils.map(\.name) == ["Tokyo", "Nagano"])
    }
}
