import Foundation

/// Every message a `rentai notify` run has to post (SPEC §16), in a stable order: notices oldest
/// first (new, then reminders of the deadline, then of the event, the farthest first), then
/// channels in file order.
/// - **new**: a notice published in `(since, now]`;
/// - **reminder**: a notice whose reminder moment, for one of `reminder_days`, falls in
///   `(since, now]`: 09:00 n days before a deadline's day (or an all-day event's), n days before a
///   timed event. Every moment lies in exactly one window, so a reminder is posted once, whatever
///   schedule `notify` runs on. A notice counts when it is current at the message's moment.
public struct NotifyPlan: Sendable {
    public let site: LoadedSite
    public let since: Date
    public let now: Date
    public let reach: ChannelReach

    public init(site: LoadedSite, since: Date, now: Date) {
        self.site = site
        self.since = since
        self.now = now
        reach = ChannelReach(channels: site.channels, organisation: site.organisation)
    }

    private func inWindow(_ date: Date) -> Bool { date > since && date <= now }

    public func messages() -> [ChannelMessage] {
        let text = ChannelText(settings: site.settings)
        let order = site.notices.indices.sorted {
            let (a, b) = (site.notices[$0], site.notices[$1])
            return a.date.instant != b.date.instant ? a.date.instant < b.date.instant : a.slug < b.slug
        }
        var messages: [ChannelMessage] = []
        for index in order {
            let notice = site.notices[index]
            guard !notice.draft else { continue }
            let kinds = self.kinds(of: notice)
            guard !kinds.isEmpty else { continue }
            let channels = reach.split(notice).reached
            guard !channels.isEmpty else { continue }
            let body = text.body(notice)
            for kind in kinds {
                let title = text.title(notice, kind: kind)
                for channel in channels {
                    messages.append(ChannelMessage(kind: kind, notice: index, channel: channel, title: title, body: body))
                }
            }
        }
        return messages
    }

    /// Whether the notice is current at `moment`: published, not yet expired. Asked at each
    /// message's own moment, not at `now`: a reminder at 09:00 of a notice that expires at noon is
    /// due, whenever `notify` runs (and a rerun after a failure posts what the first run missed).
    private func isCurrent(_ notice: Notice, at moment: Date) -> Bool {
        notice.date.instant <= moment && (notice.expires.map { moment < $0.instant } ?? true)
    }

    /// What is to be said of a notice in this window.
    func kinds(of notice: Notice) -> [ChannelMessage.Kind] {
        var kinds: [ChannelMessage.Kind] = []
        func inWindow(_ moment: Date) -> Bool { self.inWindow(moment) && isCurrent(notice, at: moment) }
        if inWindow(notice.date.instant) { kinds.append(.new) }
        let days = site.settings.reminderDays.sorted(by: >)
        if let deadline = notice.deadline {
            for n in days where inWindow(nineOClock(daysBefore: n, theDayOf: deadline.instant)) { kinds.append(.deadline(daysBefore: n)) }
        }
        if let event = notice.event {
            for n in days {
                let moment = event.start.isDateOnly
                    ? nineOClock(daysBefore: n, theDayOf: event.start.instant)
                    : calendar.date(byAdding: .day, value: -n, to: event.start.instant)!
                if inWindow(moment) { kinds.append(.event(daysBefore: n)) }
            }
        }
        return kinds
    }

    private var calendar: Calendar {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = site.settings.timeZone
        return calendar
    }

    /// 09:00 in the site's zone, `days` days before the day of `date` (SPEC §14, §16).
    func nineOClock(daysBefore days: Int, theDayOf date: Date) -> Date {
        let day = calendar.startOfDay(for: date)
        let earlier = calendar.date(byAdding: .day, value: -days, to: day)!
        return calendar.date(bySettingHour: 9, minute: 0, second: 0, of: earlier)!
    }
}
