/// The orders that output relies on; ties broken by slug so no order is left to chance.
public enum Ordering {
    /// Newest first (feeds, archives, the rest of a portal).
    public static func newestFirst(_ a: Notice, _ b: Notice) -> Bool {
        a.date.instant != b.date.instant ? a.date.instant > b.date.instant : a.slug < b.slug
    }

    /// Portals: pinned notices first, newest first among them, then the rest newest first (SPEC §13).
    public static func portal(_ a: Notice, _ b: Notice) -> Bool {
        a.pinned != b.pinned ? a.pinned : newestFirst(a, b)
    }
}
