import Foundation

/// What each profile sees: its active notices in portal order and its archived notices newest
/// first, as indexes into the site's notice list.
public struct Listings: Sendable {
    public var profiles: [Profile]
    /// By profile index: active notices, pinned first, then newest first.
    public var active: [[Int]]
    /// By profile index: archived notices, newest first.
    public var archived: [[Int]]

    /// Resolves every published notice's audience once and files it under each profile it reaches.
    public init(notices: [Notice], statuses: [NoticeStatus], organisation: Organisation) {
        profiles = organisation.profiles
        var profileIndex: [Profile: Int] = [:]
        for (index, profile) in profiles.enumerated() { profileIndex[profile] = index }
        var active = [[Int]](repeating: [], count: profiles.count)
        var archived = [[Int]](repeating: [], count: profiles.count)

        for (noticeIndex, notice) in notices.enumerated() where statuses[noticeIndex] != .unpublished {
            for profile in AudienceResolver(organisation: organisation).profiles(reachedBy: notice) {
                guard let index = profileIndex[profile] else { continue }
                if statuses[noticeIndex] == .active { active[index].append(noticeIndex) } else { archived[index].append(noticeIndex) }
            }
        }
        self.active = active.map { $0.sorted { Ordering.portal(notices[$0], notices[$1]) } }
        self.archived = archived.map { $0.sorted { Ordering.newestFirst(notices[$0], notices[$1]) } }
    }
}
