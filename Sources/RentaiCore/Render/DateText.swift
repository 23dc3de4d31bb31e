import Foundation

/// Dates as members read them: `2026年12月15日(火) 13:30` in Japanese, `Tue, 15 Dec 2026 13:30`
/// in English; and the machine forms that `<time datetime>` and RSS need.
public struct DateText: Sendable {
    public let language: Language
    public let timeZone: TimeZone
    private let calendar: Calendar

    private static let japaneseWeekdays = ["日", "月", "火", "水", "木", "金", "土"]
    private static let englishWeekdays = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
    private static let englishMonths = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    public init(language: Language, timeZone: TimeZone) {
        self.language = language
        self.timeZone = timeZone
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        self.calendar = calendar
    }

    private struct Parts {
        var year, month, day, weekday, hour, minute, second: Int
    }

    private func parts(_ date: Date) -> Parts {
        let c = calendar.dateComponents([.year, .month, .day, .weekday, .hour, .minute, .second], from: date)
        return Parts(year: c.year!, month: c.month!, day: c.day!, weekday: c.weekday! - 1,
                     hour: c.hour!, minute: c.minute!, second: c.second!)
    }

    /// The day, with the time unless only a day was written.
    public func text(_ time: SiteTime) -> String {
        time.isDateOnly ? day(time.instant) : dayAndTime(time.instant)
    }

    public func day(_ date: Date) -> String {
        let p = parts(date)
        switch language {
        case .ja: return "\(p.year)年\(p.month)月\(p.day)日(\(Self.japaneseWeekdays[p.weekday]))"
        case .en: return "\(Self.englishWeekdays[p.weekday]), \(p.day) \(Self.englishMonths[p.month - 1]) \(p.year)"
        }
    }

    /// The day without its weekday, for a mail subject: `2026年11月26日`, `26 Nov 2026`.
    public func plainDay(_ date: Date) -> String {
        let p = parts(date)
        switch language {
        case .ja: return "\(p.year)年\(p.month)月\(p.day)日"
        case .en: return "\(p.day) \(Self.englishMonths[p.month - 1]) \(p.year)"
        }
    }

    public func dayAndTime(_ date: Date) -> String {
        "\(day(date)) \(clock(date))"
    }

    public func clock(_ date: Date) -> String {
        let p = parts(date)
        return "\(p.hour):\(pad(p.minute))"
    }

    /// The span as pages show it: a word joiner after 〜, where browsers would otherwise break a
    /// line (「13:30〜⏎17:00」); the space between a day and its times stays a place to break.
    public func spanForPages(_ event: NoticeEvent) -> String {
        span(event).replacingOccurrences(of: "〜", with: "〜\u{2060}")
    }

    /// An event's span: `2026年12月15日(火) 13:30〜17:00`, or both days when it spans several.
    public func span(_ event: NoticeEvent) -> String {
        let start = text(event.start)
        guard let end = event.end else { return start }
        let separator = language == .ja ? "〜" : " – "
        if !end.isDateOnly, !event.start.isDateOnly, sameDay(end.instant, event.start.instant) {
            return start + separator + clock(end.instant)
        }
        if end.isDateOnly, event.start.isDateOnly, sameDay(end.instant, event.start.instant) {
            return start
        }
        return start + separator + text(end)
    }

    /// `2026-12-15` or `2026-12-15T13:30:00+09:00`, for `<time datetime>`.
    public func machine(_ time: SiteTime) -> String {
        let p = parts(time.instant)
        let day = "\(p.year.fourDigits)-\(pad(p.month))-\(pad(p.day))"
        guard !time.isDateOnly else { return day }
        return "\(day)T\(pad(p.hour)):\(pad(p.minute)):\(pad(p.second))\(offset(time.instant))"
    }

    /// RFC 822 as RSS wants it: `Fri, 20 Nov 2026 09:00:00 +0900`.
    public func rfc822(_ date: Date) -> String {
        let p = parts(date)
        let offset = self.offset(date).replacingOccurrences(of: ":", with: "")
        return "\(Self.englishWeekdays[p.weekday]), \(pad(p.day)) \(Self.englishMonths[p.month - 1]) \(p.year.fourDigits) \(pad(p.hour)):\(pad(p.minute)):\(pad(p.second)) \(offset == "Z" ? "+0000" : offset)"
    }

    private func offset(_ date: Date) -> String {
        let seconds = timeZone.secondsFromGMT(for: date)
        let sign = seconds < 0 ? "-" : "+"
        let minutes = abs(seconds) / 60
        return "\(sign)\(pad(minutes / 60)):\(pad(minutes % 60))"
    }

    private func sameDay(_ a: Date, _ b: Date) -> Bool {
        calendar.isDate(a, inSameDayAs: b)
    }

    private func pad(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }

}

extension Int {
    /// A year as ISO 8601, RFC 822 and RFC 5545 write it: always four digits.
    var fourDigits: String { String(repeating: "0", count: Swift.max(0, 4 - String(self).count)) + String(self) }
}
