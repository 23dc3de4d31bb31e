import Foundation
import Testing
@testable import RentaiCore

/// What makes a portal an app on the phone (issue 6): its web app manifest, the layers'
/// indexes its search merges (issue 11), the service worker at the site's top, and the
/// "締切間近" badge.
@Suite("An installable portal: manifest, layer indexes, service worker")
struct PortalAppTests {
    static func json(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    static func hrefs(_ index: [String: Any]) -> [String] {
        (index["notices"] as? [[String: Any]] ?? []).compactMap { $0["href"] as? String }
    }

    @Test("each layer's index.json lists its published notices newest first, archived ones marked")
    func layerIndexes() throws {
        let site = try TestSite(BuildTests.notices)
        defer { site.remove() }
        guard case .built = try site.build() else { Issue.record("build failed"); return }

        let everyone = try Self.json(site.read("l/all/all/all/index.json"))
        #expect(everyone["layer"] as? String == "all/all/all")
        #expect(Self.hrefs(everyone) == ["all", "pinned", "old"].map { "n/2026/\($0)/index.html" })
        let records = try #require(everyone["notices"] as? [[String: Any]])
        #expect(records.map { $0["archived"] as? Bool } == [false, false, true])
        #expect(records.map { $0["pinned"] as? Bool } == [false, true, false])
        #expect(records[0]["url"] as? String == "https://example.org/portal/n/2026/all/")
        #expect(records[0]["date"] as? String == "2026-11-20T09:00:00+09:00")
        #expect(records[0]["from"] as? String == "本部")
        #expect(records[1]["from"] is NSNull)
        #expect(records[1]["date"] as? String == "2026-11-01T00:00:00+09:00")

        let kanto = try Self.json(site.read("l/block-kanto/all/all/index.json"))
        #expect(Self.hrefs(kanto) == ["n/2026/kanto/index.html"])
        #expect((kanto["notices"] as? [[String: Any]])?.first?["title"] as? String == "関東セミナー")
        // The officers' survey of KDDI: its own layer, read by KDDI's officers and contacts only.
        #expect(Self.hrefs(try Self.json(site.read("l/all/kddi/officer/index.json"))) == ["n/2026/kddi-officers/index.html"])
    }

    @Test("a title with quotes, backslashes and a tab reads back the same from index.json")
    func layerIndexEscapes() throws {
        var files = BuildTests.notices
        let title = "「\"特別\"」集会 \\ 案内\tのご連絡"
        files["content/notices/2026/odd.md"] = notice("title: '\(title)'\ndate: 2026-11-23 09:00\ntags: [\"a\\\"b\"]")
        let site = try TestSite(files)
        defer { site.remove() }
        guard case .built = try site.build() else { Issue.record("build failed"); return }
        let index = try Self.json(site.read("l/all/all/all/index.json"))
        let odd = try #require((index["notices"] as? [[String: Any]])?.first { $0["href"] as? String == "n/2026/odd/index.html" })
        #expect(odd["title"] as? String == title)
        #expect(odd["tags"] as? [String] == ["a\"b"])
    }

    @Test("JSON escaping: quotes, backslashes, control characters and line separators")
    func jsonEscaping() {
        #expect("a\"b\\c\nd\u{1}e\u{2028}".jsonEscaped == #"a\"b\\c\nd\u0001e\u2028"#)
        #expect("東京 / KDDI".jsonLiteral == "\"東京 / KDDI\"")
    }

    @Test("each portal's manifest starts and stays in that portal, and its icons are in the output")
    func manifest() throws {
        let site = try TestSite(BuildTests.notices)
        defer { site.remove() }
        guard case .built = try site.build() else { Issue.record("build failed"); return }
        let folder = "p/tokyo/kddi/member/"
        let manifest = try Self.json(site.read(folder + "manifest.webmanifest"))
        #expect(manifest["start_url"] as? String == "./")
        #expect(manifest["scope"] as? String == "./")
        #expect(manifest["short_name"] as? String == "KDDI労組 組合員")
        #expect(manifest["name"] as? String == "東京都協議会 / KDDI労働組合 / 組合員 | テスト連合")
        #expect(manifest["display"] as? String == "standalone")
        let icons = try #require(manifest["icons"] as? [[String: String]])
        #expect(icons.map { $0["sizes"] } == ["192x192", "512x512", "512x512"])
        #expect(icons.contains { $0["purpose"] == "maskable" })
        for icon in icons {
            let src = try #require(icon["src"])
            let path = URL(fileURLWithPath: "/" + folder + src).standardized.path.dropFirst()
            let data = try Data(contentsOf: site.output.appendingPathComponent(String(path)))
            #expect(data.prefix(8) == Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]), "\(path) is a PNG")
            // The IHDR chunk's width and height, big-endian, at bytes 16..<24.
            let width = data[16..<20].reduce(0) { $0 << 8 | Int($1) }
            let height = data[20..<24].reduce(0) { $0 << 8 | Int($1) }
            #expect("\(width)x\(height)" == icon["sizes"], "\(path)")
        }
        let portal = try site.read(folder + "index.html")
        #expect(portal.contains("<link rel=\"manifest\" href=\"../../../../p/tokyo/kddi/member/manifest.webmanifest\">"))
        #expect(portal.contains("<script src=\"../../../../assets/rentai.js\" defer></script>"))
        #expect(try site.read(folder + "all/index.html").contains("rel=\"manifest\""))
        // A layer is shared by many portals: it names none of them.
        #expect(try !site.read("l/all/all/all/index.html").contains("rel=\"manifest\""))
        // A notice's page is shared by many portals: it names none of them.
        #expect(try !site.read("n/2026/all/index.html").contains("rel=\"manifest\""))
        #expect(try site.read("sw.js").contains("addEventListener(\"fetch\""))
        #expect(site.exists("assets/icon-180.png"))
    }

    @Test("English sites: the short name keeps the union's name as written")
    func englishShortName() {
        #expect(WebManifest.shortName(union: "KDDI Workers' Union", role: "Member", language: .en) == "KDDI Workers' Union Member")
        #expect(WebManifest.shortName(union: "NTT労働組合", role: "役員", language: .ja) == "NTT労組 役員")
    }

    @Test("a deadline is flagged soon from seven days ahead until it passes, on active notices only",
          arguments: [("2026-11-26 12:00", false), ("2026-12-03 23:59", false), ("2026-12-04 00:00", true),
                      ("2026-12-10 23:59", true), ("2026-12-11 00:00", false)])
    func deadlineSoon(now: String, soon: Bool) throws {
        // The deadline is a date: it ends at 24:00 of 10 December (SPEC §14).
        let site = try TestSite(["content/notices/2026/survey.md": notice("title: 役員アンケート\ndate: 2026-11-21\ndeadline: 2026-12-10")])
        defer { site.remove() }
        let survey = try #require(try site.load().notices.first)
        let zone = TimeZone(identifier: "Asia/Tokyo")!
        #expect(DeadlineSoon.isSoon(survey, status: .active, now: TestSite.time(now), timeZone: zone) == soon)
        #expect(!DeadlineSoon.isSoon(survey, status: .archived, now: TestSite.time(now), timeZone: zone))
    }

    @Test("the badge shows on the portal and in layers, and moves the page's key when it appears")
    func soonBadge() throws {
        let site = try TestSite(BuildTests.notices)
        defer { site.remove() }
        guard case .built = try site.build(now: "2026-11-26 12:00") else { Issue.record("build failed"); return }
        #expect(try !site.read("l/all/kddi/officer/index.html").contains("badge--soon"))
        guard case .built = try site.build(now: "2026-12-05 12:00") else { Issue.record("rebuild failed"); return }
        #expect(try site.read("l/all/kddi/officer/index.html").contains("<span class=\"badge badge--soon\">締切間近</span>"))
        #expect(try site.read("l/all/kddi/officer/index.json").contains("\"soon\":true"))
        #expect(try !site.read("l/all/all/all/index.json").contains("\"soon\":true"))
        // On the portal too, while the survey is among its newest.
        var files = BuildTests.notices
        files["content/notices/2026/later.md"] = nil
        let small = try TestSite(files)
        defer { small.remove() }
        guard case .built = try small.build(now: "2026-12-05 12:00") else { Issue.record("build failed"); return }
        #expect(try small.read("p/tokyo/kddi/officer/index.html").contains("<span class=\"badge badge--soon\">締切間近</span>"))
    }

    @Test("a layer's index holding a notice that does not reach all its readers is a leak; so is a link to a layer not read")
    func layerLeak() throws {
        let site = try TestSite(BuildTests.notices)
        defer { site.remove() }
        _ = try site.build()
        let path = "l/all/all/all/index.json"
        let planted = try site.read(path).replacingOccurrences(
            of: "]}\n", with: ",\n{\"href\":\"n/2026/kddi-officers/index.html\",\"title\":\"役員アンケート\"}]}\n")
        try site.write(Data(planted.utf8), to: "public/" + path)
        let all = "p/osaka/ntt/member/all/index.html"
        let linked = try site.read(all).replacingOccurrences(of: "</main>", with: "<a href=\"../../../../../l/all/kddi/officer/index.html\">x</a></main>")
        try site.write(Data(linked.utf8), to: "public/" + all)
        var loaded = try site.load()
        loaded.settings.addresses = SiteAddresses()
        let leaks = try SiteAudit(site: loaded, now: TestSite.time("2026-11-26 12:00"), includeDrafts: false).audit(output: site.output)
        #expect(Set(leaks.map(\.description)) == [
            "\(path): leak: a link to its page of notice '2026/kddi-officers', which does not reach every reader of layer 'all/all/all'",
            "\(path): leak: the title of notice '2026/kddi-officers', which does not reach every reader of layer 'all/all/all'",
            "\(all): leak: a link to layer 'all/kddi/officer', which osaka/ntt/member does not read",
        ])
    }
}
