import Foundation
import Testing
@testable import RentaiCore

@Suite("Dates in front matter and on the command line (SPEC §13)")
struct TimeParserTests {
    let tokyo = TimeZone(identifier: "Asia/Tokyo")!

    private func iso(_ time: SiteTime?) -> String? {
        guard let time else { return nil }
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = TimeZone(secondsFromGMT: 0)
        return formatter.string(from: time.instant)
    }

    @Test("the accepted forms, in the site's zone unless an offset is written", arguments: [
        ("2026-12-15", "2026-12-14T15:00:00Z", true),
        ("2026-12-15 13:30", "2026-12-15T04:30:00Z", false),
        ("2026-12-15 13:30:15", "2026-12-15T04:30:15Z", false),
        ("2026-12-15T13:30", "2026-12-15T04:30:00Z", false),
        ("2026-12-15T13:30:00+09:00", "2026-12-15T04:30:00Z", false),
        ("2026-12-15 13:30+01:00", "2026-12-15T12:30:00Z", false),
        ("2026-12-15T04:30:00Z", "2026-12-15T04:30:00Z", false),
        ("2026-12-15T04:30:00-05:30", "2026-12-15T10:00:00Z", false),
    ])
    func acceptedForms(text: String, expected: String, dateOnly: Bool) {
        let time = TimeParser.parse(text, in: tokyo)
        #expect(iso(time) == expected)
        #expect(time?.isDateOnly == dateOnly)
    }

    @Test("bad dates are refused rather than guessed", arguments: [
        "2026-13-01", "2026-02-30", "2026-12-15 25:00", "2026-12-15 13:60", "2026/12/15",
        "15 Dec 2026", "2026-12-15T13:30+0900", "2026-12-15 13", "", "tomorrow", "2026-12-15T13:30:00+09:00x",
    ])
    func badDates(text: String) {
        #expect(TimeParser.parse(text, in: tokyo) == nil)
    }

    @Test("a date-only deadline ends at 24:00 of its day")
    func deadlineEndOfDay() {
        let deadline = TimeParser.parse("2026-12-10", in: tokyo)!
        #expect(iso(SiteTime(instant: deadline.endOfDay(in: tokyo), isDateOnly: false)) == "2026-12-10T15:00:00Z")
    }
}
