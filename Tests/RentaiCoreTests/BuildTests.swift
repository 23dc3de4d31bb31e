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

    @Test("a profile's portal and feed list exactly the notices that reach it")
    func exactAudience() throws {
        let site = try TestSite(Self.notices)
        defer { site.remove() }
        guard case .built(let summary) = try site.build() else { Issue.record("build failed"); return }
        #expect(summary.profiles == 15)
        #expect(summary.active == 4 && summary.archived == 1 && summary.unpublished == 2)

        let kddiOfficer = try site.read("p/tokyo/kddi/officer/index.html") + site.read("p/tokyo/kddi/officer/page/2/index.html")
        for slug in ["all", "pinned", "kddi-officers", "kanto"] { #expect(kddiOfficer.contains("n/2026/\(slug)/index.html")) }
        for slug in ["old", "later", "draft"] { #expect(!kddiOfficer.contains("n/2026/\(slug)/")) }

        let osakaMember = try site.read("p/osaka/kddi/member/index.html")
        #expect(!osakaMember.contains("n/2026/kddi-officers/"))
        #expect(!osakaMember.contains("n/2026/kanto/"))
        #expect(try site.read("p/osaka/kddi/member/archive/index.html").contains("n/2026/old/index.html"))

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

    @Test("pinned first, then newest first, in pages of page_size that link next and prev")
    func portalPaging() throws {
        let site = try TestSite(Self.notices)
        defer { site.remove() }
        _ = try site.build()
        let first = try site.read("p/tokyo/kddi/officer/index.html")
        let order = ["n/2026/pinned/", "n/2026/kanto/", "n/2026/kddi-officers/"].map { first.range(of: $0 + "index.html\">")?.lowerBound }
        #expect(order.allSatisfy { $0 != nil })
        #expect(order[0]! < order[1]! && order[1]! < order[2]!)
        #expect(first.contains("rel=\"next\" href=\"../../../../p/tokyo/kddi/officer/page/2/index.html\""))
        let second = try site.read("p/tokyo/kddi/officer/page/2/index.html")
        #expect(second.contains("n/2026/all/index.html"))
        #expect(second.contains("rel=\"prev\" href=\"../../../../../../p/tokyo/kddi/officer/index.html\""))
        #expect(!site.exists("p/tokyo/kddi/officer/page/3/index.html"))
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
        let event = try #require(rest.range(of: "2026年12月15日(火) 13:30〜17:00"))
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

    @Test("a profile with no notices still has its portal, feed and archive, saying so")
    func emptyProfile() throws {
        let site = try TestSite(["content/notices/a.md": notice("title: t\ndate: 2026-11-20\nunion: ntt")])
        defer { site.remove() }
        _ = try site.build()
        #expect(try site.read("p/tokyo/kddi/member/index.html").contains("現在、掲載中のお知らせはありません。"))
        #expect(try site.read("p/tokyo/kddi/member/archive/index.html").contains("過去のお知らせはありません。"))
        #expect(try !site.read("p/tokyo/kddi/member/feed.xml").contains("<item>"))
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
