import Foundation

/// What each profile sees: its active notices in portal order and its archived notices newest
/// first, as indexes into the site's notice list.
public struct Listings: Sendable {
    public var profiles: [Profile]
    /// By profile index: active notices, pinned first, then newest first.
    public var active: [[Int]]
    /// By profile index: archived notices, newest first.
    public var archived: [[Int]]

    /// Resolves every published notice's audience once and files it under each profile it
    /// reaches. Notices are taken newest first (pinned active ones before the rest), so every
    /// profile's lists come out in order without sorting millions of entries.
    public init(notices: [Notice], statuses: [NoticeStatus], organisation: Organisation) {
        profiles = organisation.profiles
        var active = [[Int]](repeating: [], count: profiles.count)
        var archived = [[Int]](repeating: [], count: profiles.count)
        let resolver = AudienceResolver(organisation: organisation)
        let newestFirst = Ordering.newestFirst(notices)
        let pinnedFirst = newestFirst.filter { notices[$0].pinned } + newestFirst.filter { !notices[$0].pinned }
        for noticeIndex in pinnedFirst where statuses[noticeIndex] == .active {
            for index in resolver.profileIndexes(reachedBy: notices[noticeIndex]) { active[index].append(noticeIndex) }
        }
        for noticeIndex in newestFirst where statuses[noticeIndex] == .archived {
            for index in resolver.profileIndexes(reachedBy: notices[noticeIndex]) { archived[index].append(noticeIndex) }
        }
        self.active = active
        self.archived = archived
    }
}
