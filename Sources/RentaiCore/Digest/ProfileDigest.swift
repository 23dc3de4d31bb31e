import Foundation

/// What one profile's digest says: the new notices, newest first, and the reminders, soonest
/// first. Indexes point into the site's notices.
public struct ProfileDigest: Sendable {
    public struct Reminder: Sendable {
        public enum Kind: Sendable { case deadline, event }
        public var kind: Kind
        public var notice: Int
        public var moment: Date
    }

    public var profile: Profile
    public var new: [Int]
    public var reminders: [Reminder]

    public var isEmpty: Bool { new.isEmpty && reminders.isEmpty }

    /// The number in the subject: distinct notices, each counted once (SPEC §14).
    public var noticeCount: Int { Set(new + reminders.map(\.notice)).count }
}

/// Works out every profile's digest from the site's listings (SPEC §10, §14). Only notices
/// active at `now` count; a date-only deadline ends at 24:00 of its day.
public struct DigestComposer: Sendable {
    public let site: LoadedSite
    public let window: DigestWindow
    let listings: Listings

    public init(site: LoadedSite, window: DigestWindow) {
        self.site = site
        self.window = window
        let statuses = site.notices.map { NoticeStatus(of: $0, now: window.now, includeDrafts: false) }
        self.listings = Listings(notices: site.notices, statuses: statuses, organisation: site.organisation)
    }

    public var profiles: [Profile] { listings.profiles }

    public func digest(forProfileAt index: Int) -> ProfileDigest {
        let notices = site.notices
        let active = listings.active[index]
        let new = active.filter { window.isNew(notices[$0].date.instant) }
            .sorted { Ordering.newestFirst(notices[$0], notices[$1]) }
        var reminders: [ProfileDigest.Reminder] = []
        for noticeIndex in active {
            let notice = notices[noticeIndex]
            if let deadline = notice.deadline {
                let due = deadline.endOfDay(in: site.settings.timeZone)
                if window.isComingUp(due) { reminders.append(.init(kind: .deadline, notice: noticeIndex, moment: due)) }
            }
            if let event = notice.event, window.isComingUp(event.start.instant) {
                reminders.append(.init(kind: .event, notice: noticeIndex, moment: event.start.instant))
            }
        }
        reminders.sort { ($0.moment, notices[$0.notice].slug) < ($1.moment, notices[$1.notice].slug) }
        return ProfileDigest(profile: listings.profiles[index], new: new, reminders: reminders)
    }
}
