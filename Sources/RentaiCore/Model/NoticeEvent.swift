/// A notice's `event`: a seminar, a meeting, a rally (SPEC §4).
public struct NoticeEvent: Sendable, Hashable {
    public var start: SiteTime
    /// A date-only end is the event's last day, inclusive.
    public var end: SiteTime?
    public var location: String?

    public init(start: SiteTime, end: SiteTime? = nil, location: String? = nil) {
        self.start = start
        self.end = end
        self.location = location
    }

    /// All day when the start is a date alone.
    public var isAllDay: Bool { start.isDateOnly }
}
