import Foundation

/// Where a notice stands at build time (SPEC §4).
public enum NoticeStatus: Sendable, Equatable {
    /// On portal front pages and in feeds.
    case active
    /// Expired: its page stays, and it is listed in the archive only.
    case archived
    /// A draft (without `--drafts`) or scheduled for later: published nowhere.
    case unpublished

    /// `includeScheduled` publishes notices dated after `now` too: `rentai serve` previews them
    /// when asked, and never into `public/`.
    public init(of notice: Notice, now: Date, includeDrafts: Bool, includeScheduled: Bool = false) {
        if (notice.date.instant > now && !includeScheduled) || (notice.draft && !includeDrafts) {
            self = .unpublished
        } else if let expires = notice.expires, expires.instant <= now {
            self = .archived
        } else {
            self = .active
        }
    }
}
