import Foundation

/// Date and time values as iCalendar writes them (RFC 5545 §3.3.4, §3.3.5).
struct ICalendarDate {
    let timeZone: TimeZone
    private let calendar: Calendar
    private let utc: Calendar

    init(timeZone: TimeZone) {
        self.timeZone = timeZone
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        self.calendar = calendar
        var utc = Calendar(identifier: .gregorian)
        utc.timeZone = TimeZone(secondsFromGMT: 0)!
        self.utc = utc
    }

    /// `20261215T133000`, local time in the site's zone (with `TZID=`).
    func local(_ date: Date) -> String { stamp(date, in: calendar) }

    /// `20261215T043000Z`.
    func utcStamp(_ date: Date) -> String { stamp(date, in: utc) + "Z" }

    /// `20261215`, the day in the site's zone.
    func day(_ date: Date) -> String {
        let c = calendar.dateComponents([.year, .month, .day], from: date)
        return c.year!.fourDigits + pad(c.month!) + pad(c.day!)
    }

    /// The next day's date, for an exclusive DTEND.
    func dayAfter(_ date: Date) -> String {
        day(calendar.date(byAdding: .day, value: 1, to: calendar.startOfDay(for: date))!)
    }

    private func stamp(_ date: Date, in calendar: Calendar) -> String {
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        return c.year!.fourDigits + pad(c.month!) + pad(c.day!) + "T" + pad(c.hour!) + pad(c.minute!) + pad(c.second!)
    }

    private func pad(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
}
