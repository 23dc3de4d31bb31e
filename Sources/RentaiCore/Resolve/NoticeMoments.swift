import Foundation

/// When each notice's deadline ends (24:00 of its day in the site's zone for a date alone), its
/// event starts and its event ends: portals, calendars and layers all compare them with `now`,
/// and working out a day's end is not free.
struct NoticeMoments: Sendable {
    let deadlineEnds: [Date?]
    /// The end of the deadline's day, whatever time was written (SPEC §9's window).
    let deadlineDayEnds: [Date?]
    let eventStarts: [Date?]
    /// A timed event's end, or its start plus an hour; an all-day event's last day at 24:00.
    let eventEnds: [Date?]

    init(notices: [Notice], timeZone: TimeZone) {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        // Many notices share a day, and the calendar's arithmetic is slow: each day's end is
        // worked out once, by its number in the zone.
        var ends: [Int: Date] = [:]
        func endOfDay(_ date: Date) -> Date {
            let day = Int(((date.timeIntervalSince1970 + Double(timeZone.secondsFromGMT(for: date))) / 86400).rounded(.down))
            if let end = ends[day] { return end }
            let end = calendar.date(byAdding: .day, value: 1, to: calendar.startOfDay(for: date)) ?? date
            ends[day] = end
            return end
        }
        // A deadline written as a day ends at 24:00 of that day (its instant is that day's 00:00).
        deadlineEnds = notices.map { notice in notice.deadline.map { $0.isDateOnly ? endOfDay($0.instant) : $0.instant } }
        deadlineDayEnds = notices.map { $0.deadline.map { endOfDay($0.instant) } }
        eventStarts = notices.map { $0.event?.start.instant }
        eventEnds = notices.map { notice in
            guard let event = notice.event else { return nil }
            if event.isAllDay { return endOfDay(max(event.end?.instant ?? event.start.instant, event.start.instant)) }
            guard let end = event.end else { return event.start.instant.addingTimeInterval(3600) }
            return end.isDateOnly ? endOfDay(end.instant) : end.instant
        }
    }
}
