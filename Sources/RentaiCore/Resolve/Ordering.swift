/// The orders that output relies on; ties broken by slug so no order is left to chance.
public enum Ordering {
    /// Newest first (feeds, archives, the rest of a portal).
    public static func newestFirst(_ a: Notice, _ b: Notice) -> Bool {
        a.date.instant != b.date.instant ? a.date.instant > b.date.instant : a.slug < b.slug
    }

    /// Positions in `notices` (all of them, or those `isIncluded` keeps), newest first: the
    /// notices' dates and slugs are read once, not copied for each of the many comparisons.
    public static func newestFirst(_ notices: [Notice], where isIncluded: (Int) -> Bool = { _ in true }) -> [Int] {
        let keys = notices.map { (instant: $0.date.instant, slug: $0.slug) }
        return notices.indices.filter(isIncluded).sorted { a, b in
            keys[a].instant != keys[b].instant ? keys[a].instant > keys[b].instant : keys[a].slug < keys[b].slug
        }
    }

    /// Portals: pinned notices first, newest first among them, then the rest newest first (SPEC §13).
    public static func portal(_ a: Notice, _ b: Notice) -> Bool {
        a.pinned != b.pinned ? a.pinned : newestFirst(a, b)
    }
}
