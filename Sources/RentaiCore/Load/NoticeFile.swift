import Foundation

/// A notice found under `content/notices/`: its slug, its Markdown file and its attachments.
struct NoticeFile: Sendable {
    var slug: String
    /// The `.md` file (or the folder's `index.md`).
    var url: URL
    /// Its path as the user would type it.
    var displayPath: String
    var attachments: [Attachment]
    /// The space the notice's folder puts it in (SPEC §11).
    var space: Space = .federation
    /// What the finder saw of the file (size, times, inode), when it looked: the cache of parsed
    /// notices compares it with what it remembers instead of asking again.
    var stamp: NoticeCache.FileStamp? = nil
}
