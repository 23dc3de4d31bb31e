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
        var active = [[Int]](repeating: [], count: profiles.count)
        var archived = [[Int]](repeating: [], count: profiles.count)
        let resolver = AudienceResolver(organisation: organisation)
        for (noticeIndex, notice) in notices.enumerated() where statuses[noticeIndex] != .unpublished {
            for index in resolver.profileIndexes(reachedBy: notice) {
                if statuses[noticeIndex] == .active { active[index].append(noticeIndex) } else { archived[index].append(noticeIndex) }
            }
        }
        // One order for all notices, computed once; each profile's list is sorted by it.
        let newestRank = Self.ranks(notices.indices.sorted { Ordering.newestFirst(notices[$0], notices[$1]) })
        self.active = active.map { list in
            list.sorted { (notices[$0].pinned ? 0 : 1, newestRank[$0]) < (notices[$1].pinned ? 0 : 1, newestRank[$1]) }
        }
        self.archived = archived.map { list in list.sorted { newestRank[$0] < newestRank[$1] } }
    }

    /// For each notice, its place in `order`.
    private static func ranks(_ order: [Int]) -> [Int] {
        var rank = [Int](repeating: 0, count: order.count)
        for (position, index) in order.enumerated() { rank[index] = position }
        return rank
    }
}
