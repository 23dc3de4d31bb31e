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
    /// Per notice, the moments the digest compares, worked out once: publication, the end of
    /// the deadline (24:00 for a date alone), the event's start.
    private let published: [Date]
    private let due: [Date?]
    private let starts: [Date?]

    public init(site: LoadedSite, window: DigestWindow) {
        self.site = site
        self.window = window
        let statuses = site.notices.map { NoticeStatus(of: $0, now: window.now, includeDrafts: false) }
        self.listings = Listings(notices: site.notices, statuses: statuses, organisation: site.organisation)
        let zone = site.settings.timeZone
        self.published = site.notices.map(\.date.instant)
        self.due = site.notices.map { $0.deadline?.endOfDay(in: zone) }
        self.starts = site.notices.map { $0.event?.start.instant }
    }

    public var profiles: [Profile] { listings.profiles }

    public func digest(forProfileAt index: Int) -> ProfileDigest {
        let active = listings.active[index]
        // Active lists are in portal order; the new ones are wanted newest first.
        let new = active.filter { window.isNew(published[$0]) }
            .sorted { published[$0] != published[$1] ? published[$0] > published[$1] : site.notices[$0].slug < site.notices[$1].slug }
        var reminders: [ProfileDigest.Reminder] = []
        for noticeIndex in active {
            if let moment = due[noticeIndex], window.isComingUp(moment) {
                reminders.append(.init(kind: .deadline, notice: noticeIndex, moment: moment))
            }
            if let moment = starts[noticeIndex], window.isComingUp(moment) {
                reminders.append(.init(kind: .event, notice: noticeIndex, moment: moment))
            }
        }
        reminders.sort { $0.moment != $1.moment ? $0.moment < $1.moment : site.notices[$0.notice].slug < site.notices[$1.notice].slug }
        return ProfileDigest(profile: listings.profiles[index], new: new, reminders: reminders)
    }
}
