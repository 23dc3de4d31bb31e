import Foundation

/// A moment written in front matter or on the command line, remembering whether only a day was
/// given: `expires: D` means 00:00 of D, `deadline: D` the end of D, `event.start: D` all day.
public struct SiteTime: Sendable, Hashable, Comparable {
    /// The start of the written minute, or 00:00 of the written day in the site's zone.
    public var instant: Date
    /// True for a bare `YYYY-MM-DD`.
    public var isDateOnly: Bool

    public init(instant: Date, isDateOnly: Bool) {
        self.instant = instant
        self.isDateOnly = isDateOnly
    }

    public static func < (a: SiteTime, b: SiteTime) -> Bool { a.instant < b.instant }

    /// For a deadline: the end of its day when only a day was given (24:00, the next day's 00:00).
    public func endOfDay(in timeZone: TimeZone) -> Date {
        guard isDateOnly else { return instant }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        return calendar.date(byAdding: .day, value: 1, to: instant) ?? instant
    }
}
