import Foundation

/// `content/site.yaml` (SPEC §2).
public struct SiteSettings: Sendable {
    public var title: String
    /// Always ends with `/`: a `base_url` without one is read as if it had one (SPEC §13).
    public var baseURL: String
    public var language: Language
    public var timeZone: TimeZone
    public var feedItems: Int
    public var pageSize: Int

    public init(title: String, baseURL: String, language: Language = .ja,
                timeZone: TimeZone = TimeZone(identifier: "Asia/Tokyo")!,
                feedItems: Int = 50, pageSize: Int = 20) {
        self.title = title
        self.baseURL = baseURL.hasSuffix("/") ? baseURL : baseURL + "/"
        self.language = language
        self.timeZone = timeZone
        self.feedItems = feedItems
        self.pageSize = pageSize
    }
}

/// The language of a site's labels and date formats.
public enum Language: String, Sendable, CaseIterable {
    case ja
    case en
}
