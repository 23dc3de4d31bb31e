import Foundation
import Testing
@testable import RentaiCore

@Suite("rentai build: output, atomic swap, determinism")
struct BuildTests {
    static let notices: [String: String] = [
        "content/notices/2026/all.md": notice("title: 全員へのお知らせ\ndate: 2026-11-20 09:00\nfrom: 本部"),
        "content/notices/2026/pinned.md": notice("title: 緊急\ndate: 2026-11-01\npinned: true"),
        "content/notices/2026/kddi-officers.md": notice("title: 役員アンケート\ndate: 2026-11-21\nunion: kddi\nrole: officer\ndeadline: 2026-12-10"),
        "content/notices/2026/old.md": notice("title: 終了したお知らせ\ndate: 2026-10-01\nexpires: 2026-11-01"),
        "content/notices/2026/later.md": notice("title: 予約投稿\ndate: 2026-12-05"),
        "content/notices/2026/draft.md": notice("title: 下書き\ndate: 2026-11-02\ndraft: true"),
        "content/notices/2026/kanto/index.md": notice("title: 関東セミナー\ndate: 2026-11-22\nblock: kanto\nevent: { start: 2026-12-15 13:30, end: 2026-12-15 17:00, location: 会館 }",
                                                      body: "[資料](資料 1.pdf)"),
        "content/notices/2026/kanto/資料 1.pdf": "%PDF-1.4\n",
    ]

    @Test("a profile's portal, feed and layers list exactly the notices that reach it")
    func exactAudience() throws {
        let site = try TestSite(Self.notices)
        defer { site.remove() }
        guard case .built(let summary) = try site.build() else { Issue.record("build failed"); return }
        #expect(summary.profiles == 15)
        #expect(summary.active == 4 && summary.archived == 1 && summary.unpublished == 2)

        // The portal: pinned, then the newest page_size (2) others.
        let kddiOfficer = try site.read("p/tokyo/kddi/officer/index.html")
        for slug in ["pinned", "kddi-officers", "kanto"] { #expect(kddiOfficer.contains("n/2026/\(slug)/index.html")) }
        for slug in ["all", "old", "later", "draft"] { #expect(!kddiOfficer.contains("n/2026/\(slug)/")) }
        // Its layers hold everything that reaches it, the archived notice too.
        let layers = try site.read("p/tokyo/kddi/officer/all/index.html")
        for layer in ["all/all/all", "block-kanto/all/all", "all/kddi/officer"] {
            #expect(layers.contains("href=\"../../../../../l/\(layer)/index.html\""), "\(layer)")
        }
        #expect(!layers.contains("l/all/ntt/"))
        #expect(try site.read("l/all/all/all/index.json").contains("\"href\":\"n/2026/old/index.html\""))
        #expect(try site.read("l/all/kddi/officer/index.json").contains("n/2026/kddi-officers/index.html"))
        #expect(!site.exists("l/all/kddi/member/index.json"))

        let osakaMember = try site.read("p/osaka/kddi/member/index.html")
        #expect(!osakaMember.contains("n/2026/kddi-officers/"))
        #expect(!osakaMember.contains("n/2026/kanto/"))
        let osakaLayers = try site.read("p/osaka/kddi/member/all/index.html")
        #expect(osakaLayers.contains("l/all/all/all/index.html") && !osakaLayers.contains("l/block-kanto/"))

        let feed = try site.read("p/tokyo/kddi/officer/feed.xml")
        #expect(feed.components(separatedBy: "<item>").count - 1 == 3)
        #expect(feed.contains("<guid isPermaLink=\"true\">https://example.org/portal/n/2026/kddi-officers/</guid>"))
        #expect(!feed.contains("n/2026/pinned/"))  // fourth newest: beyond feed_items = 3
        #expect(feed.contains("<atom:link href=\"https://example.org/portal/p/tokyo/kddi/officer/feed.xml\" rel=\"self\""))

        #expect(!site.exists("n/2026/later/index.html"))
        #expect(!site.exists("n/2026/draft/index.html"))
        #expect(site.exists("n/2026/old/index.html"))
        #expect(site.exists("n/2026/kanto/資料 1.pdf"))
        #expect(try site.read("n/2026/kanto/index.html").contains("href=\"%E8%B3%87%E6%96%99%201.pdf\""))
    }

    @Test("a portal lists pinned notices, then its newest page_size; a layer pages all of its own with next and prev")
    func portalAndLayerPages() throws {
        let site = try TestSite(Self.notices)
        defer { site.remove() }
        _ = try site.build()
        let first = try site.read("p/tokyo/kddi/officer/index.html")
        let order = ["n/2026/pinned/", "n/2026/kanto/", "n/2026/kddi-officers/"].map { first.range(of: $0 + "index.html\">")?.lowerBound }
        #expect(order.allSatisfy { $0 != nil })
        #expect(order[0]! < order[1]! && order[1]! < order[2]!)
        #expect(first.contains("href=\"../../../../p/tokyo/kddi/officer/all/index.html\""))
        #expect(!first.contains("rel=\"next\""))
        #expect(!site.exists("p/tokyo/kddi/officer/page/2/index.html"))
        #expect(!site.exists("p/tokyo/kddi/officer/archive/index.html"))

        // Everyone's layer: 「全員へのお知らせ」 and the pinned one, then the archived one on page 2.
        let layer = try site.read("l/all/all/all/index.html")
        #expect(layer.contains("<h1 class=\"layer-title\">全体"))
        #expect(layer.contains("n/2026/all/index.html") && layer.contains("n/2026/pinned/index.html"))
        #expect(layer.contains("rel=\"next\" href=\"../../../../l/all/all/all/page/2/index.html\""))
        let second = try site.read("l/all/all/all/page/2/index.html")
        #expect(second.contains("n/2026/old/index.html"))
        #expect(second.contains("<span class=\"badge badge--archived\">終了</span>"))
        #expect(second.contains("rel=\"prev\" href=\"../../../../../../l/all/all/all/index.html\""))
        #expect(!site.exists("l/all/all/all/page/3/index.html"))
        #expect(try site.read("l/all/kddi/officer/index.html").contains("KDDI労働組合 · 役員向け"))
    }

    @Test("coming up: deadlines and events after now, soonest first")
    func comingUp() throws {
        let site = try TestSite(Self.notices)
        defer { site.remove() }
        _ = try site.build()
        let page = try site.read("p/tokyo/kddi/officer/index.html")
        let section = try #require(page.range(of: "class=\"coming-up\"")).upperBound
        let rest = page[section...]
        let deadline = try #require(rest.range(of: "2026年12月10日(木)"))
        let event = try #require(rest.range(of: "2026年12月15日(火) 13:30〜\u{2060}17:00"))
        #expect(deadline.lowerBound < event.lowerBound)
    }

    @Test("--drafts publishes drafts like any other notice")
    func drafts() throws {
        let site = try TestSite(Self.notices)
        defer { site.remove() }
        _ = try site.build(drafts: true)
        #expect(site.exists("n/2026/draft/index.html"))
        #expect(!site.exists("n/2026/later/index.html"))
    }

    @Test("the same input and now give the same bytes, whatever the output folder")
    func determinism() throws {
        let site = try TestSite(Self.notices)
        defer { site.remove() }
        let other = site.root.appendingPathComponent("elsewhere/out")
        _ = try site.build()
        _ = try site.build(output: other)
        let first = FolderSnapshot(site.output)
        #expect(first == FolderSnapshot(other))
        _ = try site.build()
        #expect(first == FolderSnapshot(site.output))
    }

    @Test("a profile with no notices still has its portal, all/, feed and calendar, saying so")
    func emptyProfile() throws {
        let site = try TestSite(["content/notices/a.md": notice("title: t\ndate: 2026-11-20\nunion: ntt")])
        defer { site.remove() }
        _ = try site.build()
        #expect(try site.read("p/tokyo/kddi/member/index.html").contains("現在、掲載中のお知らせはありません。"))
        #expect(try site.read("p/tokyo/kddi/member/all/index.html").contains("あなた宛てのお知らせは、まだありません。"))
        #expect(try !site.read("p/tokyo/kddi/member/all/index.html").contains("/l/"))
        #expect(try !site.read("p/tokyo/kddi/member/feed.xml").contains("<item>"))
        #expect(try !site.read("p/tokyo/kddi/member/calendar.ics").contains("BEGIN:VEVENT"))
        #expect(!site.exists("l/all/kddi/all/index.html"))
    }

    @Test("a site's own template replaces the built-in one; the others stay built in")
    func templateOverride() throws {
        var files = Self.notices
        files["templates/notice.mustache"] = "<!DOCTYPE html><title>{{page_title}}</title><p>独自 {{notice.title}}</p>\n"
        let site = try TestSite(files)
        defer { site.remove() }
        _ = try site.build()
        #expect(try site.read("n/2026/all/index.html") == "<!DOCTYPE html><title>全員へのお知らせ</title><p>独自 全員へのお知らせ</p>\n")
        #expect(try site.read("index.html").contains("ポータル一覧"))
        #expect(site.exists("assets/style.css"))
    }

    @Test("a template that does not parse is a content error with its line")
    func brokenTemplate() throws {
        let site = try TestSite(["templates/portal.mustache": "<p>\n{{#notices}}\n"])
        defer { site.remove() }
        let found = site.errors()
        #expect(found.count == 1)
        #expect(found.first?.hasPrefix("templates/portal.mustache:") == true)
    }

    @Test("English sites get English labels and dates")
    func english() throws {
        let site = try TestSite([
            "content/site.yaml": TestSite.siteYAML.replacingOccurrences(of: "language: ja", with: "language: en"),
            "content/notices/a.md": notice("title: Winter seminar\ndate: 2026-11-20 09:00\ndeadline: 2026-12-10"),
        ])
        defer { site.remove() }
        _ = try site.build()
        let page = try site.read("n/a/index.html")
        #expect(page.contains("<html lang=\"en\">"))
        #expect(page.contains("Fri, 20 Nov 2026 9:00"))
        #expect(page.contains("Deadline"))
    }

    @Test("the built-in templates are the repository's templates/, byte for byte")
    func builtinTemplatesMatchRepository() throws {
        let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let templates = repository.appendingPathComponent("templates")
        let files = try FileManager.default.contentsOfDirectory(atPath: templates.path).filter { $0.hasSuffix(".mustache") }
        #expect(Set(files.map { String($0.dropLast(".mustache".count)) }) == Set(BuiltinFiles.templates.keys))
        for file in files {
            let text = try String(contentsOf: templates.appendingPathComponent(file), encoding: .utf8)
            #expect(BuiltinFiles.templates[String(file.dropLast(".mustache".count))] == text, "run scripts/embed-templates after editing \(file)")
        }
        for (folder, builtin) in [("assets", BuiltinFiles.assets), ("root", BuiltinFiles.rootFiles.mapValues { Array($0.utf8) })] {
            let names = try FileManager.default.contentsOfDirectory(atPath: templates.appendingPathComponent(folder).path)
                .filter { !$0.hasPrefix(".") }
            #expect(Set(names) == Set(builtin.keys), "run scripts/embed-templates after changing templates/\(folder)/")
            for name in names {
                let bytes = try [UInt8](Data(contentsOf: templates.appendingPathComponent(folder).appendingPathComponent(name)))
                #expect(builtin[name].map { Data($0) } == Data(bytes), "run scripts/embed-templates after editing templates/\(folder)/\(name)")
            }
        }
    }
}
