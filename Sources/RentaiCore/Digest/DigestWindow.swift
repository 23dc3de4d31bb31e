import Foundation

/// The moments a digest covers (SPEC §10): notices published in `(since, now]`, and reminders of
/// deadlines and events in `(now, now + reminder_window_days]`.
public struct DigestWindow: Sendable {
    public var since: Date
    public var now: Date
    public var reminderDays: Int

    public init(since: Date, now: Date, reminderDays: Int) {
        self.since = since
        self.now = now
        self.reminderDays = reminderDays
    }

    public var reminderEnd: Date { now.addingTimeInterval(TimeInterval(reminderDays) * 86_400) }

    public func isNew(_ published: Date) -> Bool { published > since && published <= now }
    public func isComingUp(_ moment: Date) -> Bool { moment > now && moment <= reminderEnd }
}
