import Foundation
import Testing
@testable import RentaiCore

@Suite("iCalendar text: escaping and folding (RFC 5545 §3.1, §3.3.11)")
struct ICalendarTextTests {
    @Test("backslash, semicolon, comma and line breaks are escaped")
    func escaping() {
        #expect(ICalendarText.escaped("会場; 東京, 大阪\\n") == "会場\\; 東京\\, 大阪\\\\n")
        #expect(ICalendarText.escaped("一行目\n二行目\r\n三行目") == "一行目\\n二行目\\n三行目")
    }

    @Test("lines fold at 75 octets and never inside a UTF-8 character")
    func folding() {
        let line = ICalendarText.text("SUMMARY", String(repeating: "冬季セミナー開催のご案内", count: 8))
        let physical = line.components(separatedBy: "\r\n").dropLast()
        #expect(physical.count > 1)
        for (index, part) in physical.enumerated() {
            #expect(part.utf8.count <= 75)
            #expect(index == 0 || part.hasPrefix(" "))
            // Each physical line is whole UTF-8 by itself.
            #expect(String(validating: Array(part.utf8), as: UTF8.self) != nil)
        }
        let unfolded = line.replacingOccurrences(of: "\r\n ", with: "")
        #expect(unfolded == "SUMMARY:" + String(repeating: "冬季セミナー開催のご案内", count: 8) + "\r\n")
    }

    @Test("a short line is left alone and ends with CRLF")
    func shortLine() {
        #expect(ICalendarText.property("UID", "2026/a@example.org") == "UID:2026/a@example.org\r\n")
    }

    @Test("the VTIMEZONE of a zone without daylight saving has one STANDARD part")
    func tokyo() {
        let zone = TimeZoneComponent(timeZone: TimeZone(identifier: "Asia/Tokyo")!)
        let text = zone.text(covering: Date(timeIntervalSince1970: 1_790_000_000)...Date(timeIntervalSince1970: 1_800_000_000))
        #expect(text.contains("TZID:Asia/Tokyo\r\n"))
        #expect(text.contains("TZOFFSETTO:+0900\r\n"))
        #expect(text.components(separatedBy: "BEGIN:STANDARD").count == 2)
        #expect(!text.contains("DAYLIGHT"))
    }

    @Test("a zone with daylight saving gets its transitions")
    func daylightSaving() {
        let zone = TimeZoneComponent(timeZone: TimeZone(identifier: "Europe/Berlin")!)
        let text = zone.text(covering: Date(timeIntervalSince1970: 1_790_000_000)...Date(timeIntervalSince1970: 1_800_000_000))
        #expect(text.contains("BEGIN:DAYLIGHT"))
        #expect(text.contains("TZOFFSETFROM:+0100\r\nTZOFFSETTO:+0200"))
    }
}
