import Foundation

/// When digests go out (`publish.digest`): `daily 07:00` or `weekly mon 07:00`, in the site's zone.
public struct DigestSchedule: Sendable, Equatable {
    /// 1 = Sunday … 7 = Saturday, as Foundation counts; nil for every day.
    public var weekday: Int?
    public var hour: Int
    public var minute: Int

    static let weekdays = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"]

    /// Reads `daily HH:MM` or `weekly <mon…sun> HH:MM`; nil when it is neither.
    public init?(_ text: String) {
        let words = text.split(separator: " ").map { $0.lowercased() }
        let time: String
        switch (words.first, words.count) {
        case ("daily", 2): weekday = nil; time = words[1]
        case ("weekly", 3):
            guard let day = Self.weekdays.firstIndex(of: words[1]) else { return nil }
            weekday = day + 1
            time = words[2]
        default: return nil
        }
        let parts = time.split(separator: ":").compactMap { Int($0) }
        guard parts.count == 2, (0..<24).contains(parts[0]), (0..<60).contains(parts[1]) else { return nil }
        hour = parts[0]
        minute = parts[1]
    }

    /// The latest scheduled moment at or before `now`.
    public func latest(atOrBefore now: Date, in zone: TimeZone) -> Date {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        var day = calendar.startOfDay(for: now)
        for _ in 0..<8 {
            let moment = calendar.date(bySettingHour: hour, minute: minute, second: 0, of: day)!
            if moment <= now, weekday.map({ calendar.component(.weekday, from: day) == $0 }) ?? true { return moment }
            day = calendar.date(byAdding: .day, value: -1, to: day)!
        }
        return now
    }
}
