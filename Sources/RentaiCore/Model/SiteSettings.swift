import Foundation

/// `content/site.yaml` (SPEC §2).
public struct SiteSettings: Sendable {
    public var title: String
    /// Always ends with `/`: a `base_url` without one is read as if it had one (SPEC §13).
    public var baseURL: String
    public var language: Language
    public var timeZone: TimeZone {
        didSet { timeZoneName = timeZone.identifier }
    }
    /// The zone as site.yaml names it: Foundation calls `UTC` "GMT", and calendars write the
    /// name the site gave (SPEC §14).
    public var timeZoneName: String
    public var feedItems: Int
    public var pageSize: Int
    /// Days before an event or deadline that calendars remind (SPEC §9).
    public var reminderDays: [Int] = [7, 1]
    /// How far back a calendar reaches, in days; everything ahead is always in it (SPEC §9).
    public var calendarPastDays = 90
    /// How each tag is shown (`wage` → 賃金); a tag without a name is shown as written.
    public var tagNames: [String: String] = [:]
    /// The command that posts to chats and push apps (SPEC §16): run as
    /// `<command> -t <title> -b <body> <url>`.
    public var notifyCommand = "apprise"
    /// `publish:` (SPEC §17); nil when site.yaml has none.
    public var publish: PublishSettings?
    /// The email digest's settings (SPEC §10); nil when site.yaml has no `digest`.
    public var digest: DigestSettings?
    /// Where pages live: readable, or private when the run was given a secret (SPEC §11).
    public var addresses = SiteAddresses()

    public init(title: String, baseURL: String, language: Language = .ja,
                timeZone: TimeZone = TimeZone(identifier: "Asia/Tokyo")!,
                feedItems: Int = 20, pageSize: Int = 20) {
        self.title = title
        self.baseURL = baseURL.hasSuffix("/") ? baseURL : baseURL + "/"
        self.language = language
        self.timeZone = timeZone
        self.timeZoneName = timeZone.identifier
        self.feedItems = feedItems
        self.pageSize = pageSize
    }

    /// A tag as pages show it.
    public func tagName(_ tag: String) -> String { tagNames[tag] ?? tag }
}

/// The language of a site's labels and date formats.
public enum Language: String, Sendable, CaseIterable {
    case ja
    case en
}

/// The `digest` section of site.yaml (SPEC §10).
public struct DigestSettings: Sendable {
    /// `情報労連 <noreply@example.org>`.
    public var from: String
    public var replyTo: String?
    /// Becomes `List-Unsubscribe: <…>`.
    public var unsubscribe: String?
    public var reminderWindowDays: Int
    /// The standard MTA interface; run through `/bin/sh -c` with the message on its input.
    public var sendmail: String

    public init(from: String, replyTo: String? = nil, unsubscribe: String? = nil,
                reminderWindowDays: Int = 14, sendmail: String = "/usr/sbin/sendmail -t -oi") {
        self.from = from
        self.replyTo = replyTo
        self.unsubscribe = unsubscribe
        self.reminderWindowDays = reminderWindowDays
        self.sendmail = sendmail
    }
}
