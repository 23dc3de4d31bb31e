import Foundation

/// The VTIMEZONE of the site's zone (RFC 5545 §3.6.5), so that DTSTART;TZID=… means the same on
/// every phone. A zone without daylight saving (Asia/Tokyo) has one STANDARD observance; a zone
/// with it gets one observance per transition in the years the calendar spans.
struct TimeZoneComponent {
    let timeZone: TimeZone
    /// The zone's name as the site gives it (`UTC`, which Foundation calls `GMT`).
    var name: String? = nil

    func text(covering range: ClosedRange<Date>) -> String {
        var lines = ICalendarText.property("BEGIN", "VTIMEZONE")
        lines += ICalendarText.property("TZID", name ?? timeZone.identifier)
        let calendar = gregorian(in: timeZone)
        let start = calendar.date(byAdding: .year, value: -1, to: range.lowerBound)!
        let end = calendar.date(byAdding: .year, value: 1, to: range.upperBound)!

        var transitions: [Date] = []
        var cursor = start
        while let next = timeZone.nextDaylightSavingTimeTransition(after: cursor), next <= end, transitions.count < 400 {
            transitions.append(next)
            cursor = next
        }
        if transitions.isEmpty {
            let offset = timeZone.secondsFromGMT(for: range.lowerBound)
            lines += observance("STANDARD", at: Date(timeIntervalSince1970: 0), from: offset, to: offset,
                                name: timeZone.abbreviation(for: range.lowerBound))
        } else {
            // The offset in force before the first transition, then each change.
            let first = start
            let firstOffset = timeZone.secondsFromGMT(for: first)
            lines += observance(timeZone.isDaylightSavingTime(for: first) ? "DAYLIGHT" : "STANDARD", at: first,
                                from: firstOffset, to: firstOffset, name: timeZone.abbreviation(for: first))
            var previous = firstOffset
            for transition in transitions {
                let offset = timeZone.secondsFromGMT(for: transition)
                lines += observance(timeZone.isDaylightSavingTime(for: transition) ? "DAYLIGHT" : "STANDARD", at: transition,
                                    from: previous, to: offset, name: timeZone.abbreviation(for: transition))
                previous = offset
            }
        }
        lines += ICalendarText.property("END", "VTIMEZONE")
        return lines
    }

    /// An observance starting at `date`, written in the local time in force before it.
    private func observance(_ kind: String, at date: Date, from: Int, to: Int, name: String?) -> String {
        let before = TimeZone(secondsFromGMT: from) ?? timeZone
        var text = ICalendarText.property("BEGIN", kind)
        text += ICalendarText.property("DTSTART", ICalendarDate(timeZone: before).local(date))
        text += ICalendarText.property("TZOFFSETFROM", Self.offset(from))
        text += ICalendarText.property("TZOFFSETTO", Self.offset(to))
        // Foundation on Linux names zones without an abbreviation "GMT+9"; TZNAME is optional.
        if let name, !name.hasPrefix("GMT"), !name.hasPrefix("UTC") { text += ICalendarText.text("TZNAME", name) }
        text += ICalendarText.property("END", kind)
        return text
    }

    /// `+0900`.
    static func offset(_ seconds: Int) -> String {
        let sign = seconds < 0 ? "-" : "+"
        let minutes = abs(seconds) / 60
        let hours = minutes / 60, rest = minutes % 60
        return sign + (hours < 10 ? "0\(hours)" : "\(hours)") + (rest < 10 ? "0\(rest)" : "\(rest)")
    }

    private func gregorian(in zone: TimeZone) -> Calendar {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        return calendar
    }
}
