import Crypto
import Foundation
import Testing
@testable import RentaiCore

/// SPEC §11: with a secret, the URLs themselves are the keys.
@Suite("Private addresses")
struct PrivateAddressTests {
    static let secret = Data("correct horse battery staple".utf8)

    /// The formula of the spec, written out with swift-crypto directly.
    static func token(_ text: String, secret: Data = secret) -> String {
        HMAC<SHA256>.authenticationCode(for: Data(text.utf8), using: SymmetricKey(data: secret))
            .map { String(format: "%02x", $0) }.joined().prefix(32).description
    }

    @Test("portals, layers and notices live at the first 32 hex digits of their HMAC")
    func formula() {
        let addresses = SiteAddresses(secret: Self.secret)
        #expect(addresses.layerFolder(Layer(place: .council("tokyo"), union: "kddi", role: nil)) == "l/\(Self.token("layer:council-tokyo/kddi/all"))/")
        #expect(SiteAddresses().layerFolder(Layer(place: .block("kanto"), union: nil, role: "officer")) == "l/block-kanto/all/officer/")
        #expect(addresses.portalFolder(Profile(council: "tokyo", union: "kddi", role: "member")) == "p/\(Self.token("profile:tokyo/kddi/member"))/")
        #expect(addresses.folder("2026/seminar") == "n/\(Self.token("notice:2026/seminar"))/")
        #expect(SiteAddresses().folder("2026/seminar") == "n/2026/seminar/")
    }

    @Test("a private build lists no portal, marks pages noindex, and moves every address with the secret")
    func privateBuild() throws {
        let site = try TestSite(BuildTests.notices)
        defer { site.remove() }
        let options = BuildOptions(paths: site.paths, now: TestSite.time("2026-11-26 12:00"), secret: Self.secret)
        guard case .built = try SiteBuild.build(options) else { Issue.record("build failed"); return }
        let directory = try site.read("index.html")
        #expect(!directory.contains("p/"))
        #expect(directory.contains("専用リンク"))
        let portal = "p/\(Self.token("profile:tokyo/kddi/officer"))/"
        let page = try site.read(portal + "index.html")
        #expect(page.contains("<meta name=\"robots\" content=\"noindex, nofollow\">"))
        #expect(page.contains("<meta name=\"referrer\" content=\"no-referrer\">"))
        #expect(page.contains("n/\(Self.token("notice:2026/kddi-officers"))/index.html"))
        #expect(!page.contains("n/2026/"))
        // The pinned notice, then the newest two (page_size 2); the rest is in the layers.
        for slug in ["2026/pinned", "2026/kddi-officers", "2026/kanto"] {
            #expect(page.contains("n/\(Self.token("notice:\(slug)"))/index.html\">"), "\(slug) is not listed")
        }
        let layer = "l/\(Self.token("layer:all/kddi/officer"))/"
        #expect(try site.read(portal + "all/index.html").contains("../../../\(layer)index.html"))
        #expect(try site.read(layer + "index.json").hasPrefix("{\"layer\":\"\(Self.token("layer:all/kddi/officer"))\""))
        #expect(try site.read(layer + "index.html").contains("n/\(Self.token("notice:2026/kddi-officers"))/index.html"))
        #expect(!site.exists("l/all/kddi/officer/index.html"))
        #expect(!site.exists("p/tokyo/kddi/officer/index.html"))
        let feed = try site.read(portal + "feed.xml")
        #expect(feed.contains("https://example.org/portal/n/\(Self.token("notice:2026/kddi-officers"))/"))
        let calendar = try site.read(portal + "calendar.ics")
        #expect(calendar.contains("UID:\(Self.token("notice:2026/kanto"))@example.org"))
        #expect(try site.read("robots.txt") == "User-agent: *\nDisallow: /\n")

        let rotated = BuildOptions(paths: site.paths, now: TestSite.time("2026-11-26 12:00"), secret: Data("another".utf8))
        _ = try SiteBuild.build(rotated)
        #expect(!site.exists(portal + "index.html"))
        #expect(site.exists("p/\(Self.token("profile:tokyo/kddi/officer", secret: Data("another".utf8)))/index.html"))
    }

    @Test("rentai links prints a header and every profile's https addresses")
    func links() throws {
        let site = try TestSite([:])
        defer { site.remove() }
        var loaded = try site.load()
        loaded.settings.addresses = SiteAddresses(secret: Self.secret)
        let lines = ProfileLinks(site: loaded).csv.split(separator: "\n")
        #expect(lines.first == "council,union,role,portal,feed,calendar")
        #expect(lines.count == 1 + 15)
        let portal = "https://example.org/portal/p/\(Self.token("profile:tokyo/kddi/member"))/"
        #expect(lines.contains("tokyo,kddi,member,\(portal),\(portal)feed.xml,\(portal)calendar.ics"))
    }

    @Test("digests link the private addresses too")
    func privateDigest() throws {
        let site = try TestSite(BuildTests.notices)
        defer { site.remove() }
        var loaded = try site.load()
        loaded.settings.addresses = SiteAddresses(secret: Self.secret)
        let window = DigestWindow(since: TestSite.time("2026-11-19 12:00"), now: TestSite.time("2026-11-26 12:00"), reminderDays: 7)
        let composer = DigestComposer(site: loaded, window: window)
        let profile = composer.profiles.firstIndex(of: Profile(council: "tokyo", union: "kddi", role: "officer"))!
        let text = DigestText(site: loaded, window: window).text(for: composer.digest(forProfileAt: profile))
        #expect(text.contains("https://example.org/portal/n/\(Self.token("notice:2026/kddi-officers"))/"))
        #expect(text.contains("https://example.org/portal/p/\(Self.token("profile:tokyo/kddi/officer"))/"))
        #expect(!text.contains("n/2026/"))
    }
}
