import Foundation
import RentaiMarkdown

/// One notice: a seminar, a survey, an urgent call, as its officer wrote it (SPEC §4).
public struct Notice: Sendable {
    /// The path under `content/notices/` without `.md` or `/index.md`.
    public var slug: String
    /// The file, as the user would type its path.
    public var source: SourceLocation
    public var title: String
    /// The publish time: later than now means scheduled.
    public var date: SiteTime
    public var targeting: Targeting
    /// The issuing body, shown on the page.
    public var from: String?
    /// The front matter's `summary`, else the first paragraph of the body.
    public var summary: String
    public var deadline: SiteTime?
    public var event: NoticeEvent?
    public var pinned: Bool
    public var expires: SiteTime?
    public var tags: [String]
    public var draft: Bool
    /// The rendered body: made at load, or — for a notice the cache remembers — from its file
    /// again only when a page or feed shows it.
    public var body: RenderedMarkdown {
        get { bodySource.value }
        set { bodySource = NoticeBody(newValue) }
    }
    var bodySource: NoticeBody
    public var attachments: [Attachment]
    /// A fingerprint of the notice's file, its place and its attachments: what an incremental
    /// build compares to know whether pages showing the notice must be made again.
    public var contentKey = BuildKey.none

    public init(slug: String, source: SourceLocation, title: String, date: SiteTime,
                targeting: Targeting = Targeting(), from: String? = nil, summary: String? = nil,
                deadline: SiteTime? = nil, event: NoticeEvent? = nil, pinned: Bool = false,
                expires: SiteTime? = nil, tags: [String] = [], draft: Bool = false,
                body: RenderedMarkdown, attachments: [Attachment] = []) {
        self.slug = slug
        self.source = source
        self.title = title
        self.date = date
        self.targeting = targeting
        self.from = from
        self.summary = summary ?? body.firstParagraph
        self.deadline = deadline
        self.event = event
        self.pinned = pinned
        self.expires = expires
        self.tags = tags
        self.draft = draft
        self.bodySource = NoticeBody(body)
        self.attachments = attachments
    }
}

/// A notice's body, rendered or to be rendered from its file when first asked for.
final class NoticeBody: @unchecked Sendable {
    private let lock = NSLock()
    private var rendered: RenderedMarkdown?
    private var make: (() -> RenderedMarkdown)?

    init(_ rendered: RenderedMarkdown) { self.rendered = rendered }

    init(make: @escaping () -> RenderedMarkdown) { self.make = make }

    var value: RenderedMarkdown {
        lock.withLock {
            if let rendered { return rendered }
            let made = make!()
            rendered = made
            make = nil
            return made
        }
    }
}
