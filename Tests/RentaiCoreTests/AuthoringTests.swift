import Foundation
import Testing
@testable import RentaiCore

@Suite("Authoring: rentai new and rentai reach (SPEC §12, §14)")
struct AuthoringTests {
    @Test("new writes a notice that checks clean, with today's date, every key as a comment, and the right name")
    func newNotice() throws {
        let site = try TestSite([:])
        defer { site.remove() }
        let loaded = try site.load()
        let new = NewNotice(paths: site.paths, organisation: loaded.organisation, timeZone: loaded.settings.timeZone)
        let today = TestSite.time("2026-11-26 23:30")
        #expect(try new.create(title: "冬季セミナーのご案内", slug: nil, space: "unions/kddi", draft: false, today: today).hasSuffix("content/notices/unions/kddi/2026-11-26-1.md"))
        #expect(try new.create(title: "冬季セミナーのご案内", slug: nil, space: "unions/kddi", draft: false, today: today).hasSuffix("content/notices/unions/kddi/2026-11-26-2.md"))
        #expect(try new.create(title: "Winter Seminar, 2026!", slug: nil, space: nil, draft: true, today: today).hasSuffix("content/notices/winter-seminar-2026.md"))
        #expect(throws: NewNotice.Problem.self) { try new.create(title: "x", slug: nil, space: "unions/kdi", draft: false, today: today) }
        #expect(throws: NewNotice.Problem.self) { try new.create(title: "Winter Seminar 2026", slug: nil, space: nil, draft: false, today: today) }
        #expect(site.errors() == [])
        let notices = try site.load().notices
        #expect(notices.count == 3)
        #expect(notices.first { $0.slug == "winter-seminar-2026" }?.draft == true)
        let text = try String(contentsOf: site.root.appendingPathComponent("content/notices/unions/kddi/2026-11-26-1.md"), encoding: .utf8)
        for key in NoticeLoader.keys where key != "title" && key != "date" {
            #expect(text.contains("# \(key): "), "\(key) is not explained")
        }
        #expect(text.contains("date: 2026-11-26 "))
    }

    @Test("reach counts the profiles and lists them as council/union/role")
    func reach() throws {
        let site = try TestSite(["content/notices/a.md": notice("title: t\ndate: 2026-11-20\nblock: kanto\nrole: officer")])
        defer { site.remove() }
        let loaded = try site.load()
        let text = ReachReport(notice: loaded.notices[0], organisation: loaded.organisation, settings: loaded.settings,
                               now: TestSite.time("2026-11-26 12:00")).text(listing: true)
        let lines = text.split(separator: "\n")
        #expect(lines.first == "status: published — it reaches:")
        #expect(lines.contains("profiles: 6"))
        #expect(lines.contains("tokyo/kddi/officer"))
        #expect(lines.contains("kanagawa/ntt/contact"))
        #expect(!lines.contains("tokyo/kddi/member"))
    }

    @Test("reach says when a notice is a draft, scheduled or archived (issue 13 item 16)", arguments: [
        ("draft: true", "status: draft — published nowhere until 'draft: true' is removed; then it reaches:"),
        ("expires: 2026-11-25", "status: archived since 2026年11月25日(水) — listed only among past notices of:"),
    ])
    func reachStatus(line: String, status: String) throws {
        let site = try TestSite(["content/notices/a.md": notice("title: t\ndate: 2026-11-20\n\(line)")])
        defer { site.remove() }
        let loaded = try site.load()
        let report = ReachReport(notice: loaded.notices[0], organisation: loaded.organisation, settings: loaded.settings,
                                 now: TestSite.time("2026-11-26 12:00"))
        #expect(report.text(listing: false).hasPrefix(status + "\n"))
        let later = ReachReport(notice: loaded.notices[0], organisation: loaded.organisation, settings: loaded.settings,
                                now: TestSite.time("2026-11-19 12:00"))
        if !line.hasPrefix("draft") {
            #expect(later.text(listing: false).hasPrefix("status: scheduled — published on 2026年11月20日(金); then it reaches:\n"))
        }
    }
}
