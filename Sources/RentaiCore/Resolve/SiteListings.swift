import Foundation

/// What every profile's own files list, worked out from the layers it reads rather than from
/// every notice that ever reached it: a portal's first page, a feed and a calendar are bounded
/// whatever the length of the site's history (SPEC §6, §9, §13).
struct SiteListings: Sendable {
    let filing: LayerFiling
    /// By layer: its active notices, pinned ones apart, newest first.
    private let pinned: [[Int]]
    private let active: [[Int]]
    /// By layer: its notices in calendars' window (§9), and those coming up (§13).
    private let windowed: [[Int]]
    private let comingUp: [[Int]]
    /// By notice: its place in the site's newest-first order, to merge layers.
    private let rank: [Int]
    let moments: NoticeMoments
    private let notices: [Notice]
    private let now: Date
    private let pageSize: Int
    private let feedItems: Int

    init(notices: [Notice], statuses: [NoticeStatus], organisation: Organisation, settings: SiteSettings, now: Date) {
        self.notices = notices
        self.now = now
        pageSize = settings.pageSize
        feedItems = settings.feedItems
        let newestFirst = Ordering.newestFirst(notices) { statuses[$0] != .unpublished }
        var rank = [Int](repeating: Int.max, count: notices.count)
        for (position, index) in newestFirst.enumerated() { rank[index] = position }
        self.rank = rank
        filing = LayerFiling(notices: notices, newestFirst: newestFirst, organisation: organisation)
        let moments = NoticeMoments(notices: notices, timeZone: settings.timeZone)
        self.moments = moments
        // A calendar reaches back `calendar_past_days` and keeps everything ahead (SPEC §9).
        let cutoff = now.addingTimeInterval(-Double(settings.calendarPastDays) * 86400)
        func inWindow(_ index: Int) -> Bool {
            (moments.eventEnds[index].map { $0 > cutoff } ?? false) || (moments.deadlineDayEnds[index].map { $0 > cutoff } ?? false)
        }
        func isComingUp(_ index: Int) -> Bool {
            statuses[index] == .active
                && ((moments.deadlineEnds[index].map { $0 > now } ?? false) || (moments.eventStarts[index].map { $0 > now } ?? false))
        }
        pinned = filing.notices.map { $0.filter { statuses[$0] == .active && notices[$0].pinned } }
        active = filing.notices.map { $0.filter { statuses[$0] == .active } }
        windowed = filing.notices.map { $0.filter(inWindow) }
        comingUp = filing.notices.map { $0.filter(isComingUp) }
    }

    var profileCount: Int { filing.readBy.count }

    /// One profile's lists.
    struct Lists {
        /// Its pinned active notices, newest first, then its newest `page_size` other active ones.
        var pinned: [Int]
        var latest: [Int]
        /// Its newest `feed_items` active notices.
        var feed: [Int]
        /// Its notices with an event or deadline in the calendars' window, by notice index.
        var calendar: [Int]
        /// Deadlines and event starts after now, soonest first; a notice with both appears twice.
        var upcoming: [(notice: Int, isEvent: Bool)]
        /// The layers it reads, as positions in the filing.
        var layers: [Int]
    }

    func lists(forProfileAt index: Int) -> Lists {
        let layers = filing.readBy[index]
        let pinned = merged(layers.map { self.pinned[$0] }, limit: nil)
        let latest = merged(layers.map { active[$0] }, limit: pageSize + pinned.count).filter { !notices[$0].pinned }.prefix(pageSize)
        let feed = merged(layers.map { active[$0] }, limit: feedItems)
        let calendar = merged(layers.map { windowed[$0] }, limit: nil).sorted()
        var upcoming: [(time: Date, notice: Int, isEvent: Bool)] = []
        for notice in merged(layers.map { comingUp[$0] }, limit: nil) {
            if let end = moments.deadlineEnds[notice], end > now { upcoming.append((end, notice, false)) }
            if let start = moments.eventStarts[notice], start > now { upcoming.append((start, notice, true)) }
        }
        upcoming.sort { ($0.time, notices[$0.notice].slug, $0.isEvent ? 1 : 0) < ($1.time, notices[$1.notice].slug, $1.isEvent ? 1 : 0) }
        return Lists(pinned: pinned, latest: Array(latest), feed: feed, calendar: calendar,
                     upcoming: upcoming.map { ($0.notice, $0.isEvent) }, layers: layers)
    }

    /// The newest first of several newest-first lists, each notice once (a notice filed in two
    /// layers a profile reads comes up twice, side by side), at most `limit` of them.
    private func merged(_ lists: [[Int]], limit: Int?) -> [Int] {
        var heads = [Int](repeating: 0, count: lists.count)
        var result: [Int] = []
        while limit.map({ result.count < $0 }) ?? true {
            var best = -1
            for (list, head) in heads.enumerated() where head < lists[list].count {
                if best < 0 || rank[lists[list][head]] < rank[lists[best][heads[best]]] { best = list }
            }
            guard best >= 0 else { break }
            let notice = lists[best][heads[best]]
            heads[best] += 1
            if result.last != notice { result.append(notice) }
        }
        return result
    }
}
