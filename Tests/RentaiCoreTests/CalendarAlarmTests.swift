import Foundation
import Testing
@testable import RentaiCore

@Suite("Calendar alarms and zones (SPEC §14; issue 13 item 8)")
struct CalendarAlarmTests {
    @Test("an all-day entry rings at 09:00 n days before, never at midnight", arguments: [
        (7, "-P6DT15H"), (1, "-PT15H"), (0, "PT9H"), (2, "-P1DT15H"), (14, "-P13DT15H"),
    ])
    func nineOClock(days: Int, trigger: String) {
        #expect(CalendarRenderer.nineOClock(daysBefore: days) == trigger)
    }

    @Test("deadlines and all-day events ring at 09:00; timed events n days before their start")
    func triggersInACalendar() throws {
        let site = try TestSite([
            "content/notices/a.md": notice("title: 締切あり\ndate: 2026-11-20\ndeadline: 2026-12-10"),
            "content/notices/b.md": notice("title: 終日\ndate: 2026-11-20\nevent: { start: 2026-12-12 }"),
            "content/notices/c.md": notice("title: 時間指定\ndate: 2026-11-20\nevent: { start: 2026-12-15 13:30 }"),
        ])
        defer { site.remove() }
        _ = try site.build()
        let calendar = try site.read("p/tokyo/ntt/member/calendar.ics")
        let events = calendar.components(separatedBy: "BEGIN:VEVENT").dropFirst()
        func triggers(_ summary: String) -> [String] {
            let event = events.first { $0.contains("SUMMARY:\(summary)") } ?? ""
            return event.components(separatedBy: "\r\n").filter { $0.hasPrefix("TRIGGER:") }
        }
        #expect(triggers("締切: 締切あり") == ["TRIGGER:-P6DT15H", "TRIGGER:-PT15H"])
        #expect(triggers("終日") == ["TRIGGER:-P6DT15H", "TRIGGER:-PT15H"])
        #expect(triggers("時間指定") == ["TRIGGER:-P7D", "TRIGGER:-P1D"])
    }

    @Test("a site in UTC writes UTC, as it names the zone, not Foundation's GMT")
    func utcStaysUTC() throws {
        let site = try TestSite([
            "content/site.yaml": TestSite.siteYAML.replacingOccurrences(of: "Asia/Tokyo", with: "UTC"),
            "content/notices/c.md": notice("title: 時間指定\ndate: 2026-11-20\nevent: { start: 2026-12-15 13:30 }"),
        ])
        defer { site.remove() }
        _ = try site.build()
        let calendar = try site.read("p/tokyo/ntt/member/calendar.ics")
        #expect(calendar.contains("DTSTART;TZID=UTC:20261215T133000"))
        #expect(calendar.contains("BEGIN:VTIMEZONE\r\nTZID:UTC\r\n"))
        #expect(calendar.contains("X-WR-TIMEZONE:UTC"))
        #expect(!calendar.contains("GMT"))
    }
}

@Suite("What a list entry shows: 新着 and tags by name (issue 13 items 4 and 6)")
struct EntryBadgeTests {
    @Test("a notice published within the 7 days before now is 新着; older, or archived, is not", arguments: [
        ("2026-11-26 12:00", true), ("2026-11-19 12:01", true), ("2026-11-19 12:00", false), ("2026-11-01", false),
    ])
    func justPublished(date: String, isNew: Bool) throws {
        let site = try TestSite(["content/notices/a.md": notice("title: お知らせ\ndate: \(date)")])
        defer { site.remove() }
        _ = try site.build()
        let portal = try site.read("p/tokyo/ntt/member/index.html")
        #expect(portal.contains("badge--new\">新着</span>") == isNew)
        let index = try site.read("l/all/all/all/index.json")
        #expect(index.contains("\"new\":\(isNew)"))
    }

    @Test("tags show by site.yaml's names on pages; the index keeps the ids and the page names them for the script")
    func tagNames() throws {
        let site = try TestSite([
            "content/site.yaml": TestSite.siteYAML + "\ntags:\n  wage: 賃金\n",
            "content/notices/a.md": notice("title: お知らせ\ndate: 2026-11-20\ntags: [wage, other]"),
        ])
        defer { site.remove() }
        _ = try site.build()
        let portal = try site.read("p/tokyo/ntt/member/index.html")
        #expect(portal.contains("#賃金</span>") && portal.contains("#other</span>") && !portal.contains("#wage"))
        #expect(portal.contains("data-tag-names=\"{&quot;wage&quot;:&quot;賃金&quot;}\""))
        #expect(try site.read("n/a/index.html").contains("#賃金</span>"))
        #expect(try site.read("l/all/all/all/index.json").contains("\"tags\":[\"wage\",\"other\"]"))
    }
}
