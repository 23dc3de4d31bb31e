import Foundation

/// Reads the date forms of SPEC §13: `YYYY-MM-DD`, `YYYY-MM-DD HH:MM[:SS]`, and ISO 8601 with
/// `T` or a space and an optional `±HH:MM` or `Z` offset. Without an offset, the site's zone.
public enum TimeParser {
    public static let expectedForms = "YYYY-MM-DD, YYYY-MM-DD HH:MM, or YYYY-MM-DDTHH:MM:SS+09:00"

    /// The years a date may have. Outside them time zones fall back to local mean time (`+09:18`)
    /// and some formats lose digits, and no union's notice means them: a typo, so an error.
    public static let years = 1900...2999

    /// The year of a date written in one of the forms, when it lies outside `years`.
    public static func yearOutOfRange(_ text: String) -> Int? {
        let digits = text.trimmingCharacters(in: .whitespaces).prefix(4)
        guard digits.count == 4, let year = Int(digits), !years.contains(year) else { return nil }
        return year
    }

    /// What to say of a date outside `years`.
    public static func outOfRange(_ year: Int) -> String {
        "the year \(year) is out of range; dates lie between \(years.lowerBound) and \(years.upperBound)"
    }

    public static func parse(_ text: String, in timeZone: TimeZone) -> SiteTime? {
        let bytes = Array(text.trimmingCharacters(in: .whitespaces).utf8)
        var cursor = 0

        func number(_ digits: Int) -> Int? {
            guard cursor + digits <= bytes.count else { return nil }
            var value = 0
            for byte in bytes[cursor..<(cursor + digits)] {
                guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) else { return nil }
                value = value * 10 + Int(byte - UInt8(ascii: "0"))
            }
            cursor += digits
            return value
        }
        func expect(_ character: Character) -> Bool {
            guard cursor < bytes.count, bytes[cursor] == character.asciiValue else { return false }
            cursor += 1
            return true
        }

        guard let year = number(4), years.contains(year), expect("-"), let month = number(2), expect("-"), let day = number(2) else { return nil }
        var components = DateComponents(year: year, month: month, day: day, hour: 0, minute: 0, second: 0)
        var zone = timeZone
        var isDateOnly = true

        if cursor < bytes.count {
            guard expect("T") || expect(" ") else { return nil }
            guard let hour = number(2), expect(":"), let minute = number(2) else { return nil }
            components.hour = hour
            components.minute = minute
            if expect(":") {
                guard let second = number(2) else { return nil }
                components.second = second
                // ISO 8601 allows a fraction of a second; a notice's time does not need it.
                if expect(".") || expect(",") {
                    guard number(1) != nil else { return nil }
                    while number(1) != nil {}
                }
            }
            isDateOnly = false
            if expect("Z") {
                zone = TimeZone(secondsFromGMT: 0)!
            } else if cursor < bytes.count {
                let sign: Int
                if expect("+") { sign = 1 } else if expect("-") { sign = -1 } else { return nil }
                guard let offsetHours = number(2), expect(":"), let offsetMinutes = number(2),
                      offsetHours < 24, offsetMinutes < 60,
                      let offset = TimeZone(secondsFromGMT: sign * (offsetHours * 3600 + offsetMinutes * 60))
                else { return nil }
                zone = offset
            }
        }
        guard cursor == bytes.count else { return nil }
        guard (1...12).contains(month), (1...31).contains(day),
              (0...23).contains(components.hour!), (0...59).contains(components.minute!),
              (0...59).contains(components.second!) else { return nil }

        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        guard let date = calendar.date(from: components) else { return nil }
        // Reject days that do not exist (2026-02-30) instead of rolling them over.
        let check = calendar.dateComponents([.year, .month, .day], from: date)
        guard check.year == year, check.month == month, check.day == day else { return nil }
        return SiteTime(instant: date, isDateOnly: isDateOnly)
    }
}
