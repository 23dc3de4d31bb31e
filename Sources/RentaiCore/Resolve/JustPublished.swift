import Foundation

/// Whether a notice is new enough to flag in lists ("新着"): active, and published within the
/// week before `now`, the span between two weekly digests (issue 13 item 4).
enum JustPublished {
    static let window: TimeInterval = 7 * 24 * 60 * 60

    static func isNew(_ notice: Notice, status: NoticeStatus, now: Date) -> Bool {
        guard status == .active else { return false }
        let date = notice.date.instant
        return date <= now && date > now.addingTimeInterval(-window)
    }
}
