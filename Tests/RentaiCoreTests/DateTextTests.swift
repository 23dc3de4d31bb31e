import Foundation
import Testing
@testable import RentaiCore

@Suite("Dates as members read them")
struct DateTextTests {
    let tokyo = TimeZone(identifier: "Asia/Tokyo")!

    private func time(_ text: String) -> SiteTime { TimeParser.parse(text, in: tokyo)! }

    @Test("Japanese: 2026年12月15日(火) 13:30")
    func japanese() {
        let dates = DateText(language: .ja, timeZone: tokyo)
        #expect(dates.text(time("2026-12-15 13:30")) == "2026年12月15日(火) 13:30")
        #expect(dates.text(time("2026-12-15")) == "2026年12月15日(火)")
        #expect(dates.span(NoticeEvent(start: time("2026-12-15 13:30"), end: time("2026-12-15 17:00"))) == "2026年12月15日(火) 13:30〜17:00")
        #expect(dates.span(NoticeEvent(start: time("2027-01-23"), end: time("2027-01-24"))) == "2027年1月23日(土)〜2027年1月24日(日)")
    }

    @Test("English: Tue, 15 Dec 2026 13:30")
    func english() {
        let dates = DateText(language: .en, timeZone: tokyo)
        #expect(dates.text(time("2026-12-15 13:30")) == "Tue, 15 Dec 2026 13:30")
        #expect(dates.span(NoticeEvent(start: time("2026-12-15 13:30"), end: time("2026-12-15 17:00"))) == "Tue, 15 Dec 2026 13:30 – 17:00")
    }

    @Test("machine forms for <time datetime> and RSS")
    func machineForms() {
        let dates = DateText(language: .ja, timeZone: tokyo)
        #expect(dates.machine(time("2026-12-15 13:30")) == "2026-12-15T13:30:00+09:00")
        #expect(dates.machine(time("2026-12-15")) == "2026-12-15")
        #expect(dates.rfc822(time("2026-11-20 09:00").instant) == "Fri, 20 Nov 2026 09:00:00 +0900")
    }

    @Test("a year is written with four digits in every machine form")
    func fourDigitYears() {
        #expect(2026.fourDigits == "2026" && 987.fourDigits == "0987" && 3000.fourDigits == "3000")
    }
}

@Suite("What went wrong outside the content, in words (issue 12, item 6)")
struct ErrorMessageTests {
    @Test("a full disk, a read-only file system, a permission: the file, the cause, what to do",
          arguments: [(ENOSPC, "the disk is full"), (EROFS, "read-only"), (EACCES, "check who owns this folder")])
    func systemErrors(code: Int32, advice: String) {
        let text = ErrorMessage.text(PlainFile.WriteError(path: "/srv/portal/public/p/index.html", code: code))
        #expect(text.hasPrefix("cannot write /srv/portal/public/p/index.html: "), "\(text)")
        #expect(text.contains(advice), "\(text)")
    }

    @Test("Foundation's errors name their file and cause, not 'The operation could not be completed'")
    func foundationErrors() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("rentai-error-\(UUID().uuidString)")
        try "x".write(to: folder, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: folder) }
        do {
            try FileManager.default.createDirectory(at: folder.appendingPathComponent("sub"), withIntermediateDirectories: true)
            Issue.record("a folder was made under a file")
        } catch {
            let text = ErrorMessage.text(error)
            #expect(text.contains(folder.path), "\(text)")
            #expect(!text.contains("could not be completed"), "\(text)")
        }
    }
}
