import Foundation

/// Whether a notice's deadline is close enough to flag in lists ("締切間近"): it has not passed
/// at `now` and ends within a week, the span a member needs to act on a form or a survey.
enum DeadlineSoon {
    static let window: TimeInterval = 7 * 24 * 60 * 60

    static func isSoon(_ notice: Notice, status: NoticeStatus, now: Date, timeZone: TimeZone) -> Bool {
        guard status == .active, let deadline = notice.deadline else { return false }
        let end = deadline.endOfDay(in: timeZone)
        return end > now && end <= now.addingTimeInterval(window)
    }
}
