import Foundation
import RentaiMarkdown
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What the last build read of each notice, kept in the site's `.rentai-cache/` so that a rebuild
/// reads only the notices whose files changed (issue 11): a federation's years of notices are
/// parsed once, not on every build. A notice is remembered only when it had no problem; its body
/// is not kept (it is rendered from its file again when a page or feed needs it).
///
/// A cache is valid only for what every notice's reading depends on — site.yaml (the time zone,
/// `base_url`), org.yaml (the checks), the secret (addresses in bodies) and the program itself —
/// so each such combination has a file of its own, and the few most recent are kept.
struct NoticeCache: Sendable {
    static let format = 2
    /// How many caches of other settings are kept beside the current one (a readable and a
    /// private build of one site alternate, for one).
    static let kept = 4

    /// By slug.
    var notices: [String: Entry] = [:]

    struct Entry: Sendable {
        var file: FileStamp
        var attachments: [AttachmentStamp]
        var notice: StoredNotice
        /// The warnings its reading gave: message, line, column.
        var warnings: [StoredWarning] = []
    }

    struct StoredWarning: Sendable {
        var message: String
        var line: Int
        var column: Int
    }

    /// What tells a file changed without reading it, as git's index does: size, modification and
    /// change times to the nanosecond, inode and device.
    struct FileStamp: Sendable, Equatable {
        var size: Int64
        var modified: [Int64]
        var changed: [Int64]
        var inode: UInt64
        var device: UInt64

        init(size: Int64, modified: [Int64], changed: [Int64], inode: UInt64, device: UInt64) {
            self.size = size
            self.modified = modified
            self.changed = changed
            self.inode = inode
            self.device = device
        }

        init?(_ path: String) {
            var info = stat()
            guard stat(path, &info) == 0 else { return nil }
            self.init(info)
        }

        init(_ info: stat) {
            size = Int64(info.st_size)
            modified = [Int64(info.st_mtim.tv_sec), Int64(info.st_mtim.tv_nsec)]
            changed = [Int64(info.st_ctim.tv_sec), Int64(info.st_ctim.tv_nsec)]
            inode = UInt64(info.st_ino)
            device = UInt64(info.st_dev)
        }
    }

    struct AttachmentStamp: Sendable, Equatable {
        var name: String
        var stamp: FileStamp?
    }

    struct StoredTime: Sendable {
        var instant: Double
        var dateOnly: Bool
        init(_ time: SiteTime) { instant = time.instant.timeIntervalSince1970; dateOnly = time.isDateOnly }
        init(instant: Double, dateOnly: Bool) { self.instant = instant; self.dateOnly = dateOnly }
        var time: SiteTime { SiteTime(instant: Date(timeIntervalSince1970: instant), isDateOnly: dateOnly) }
    }

    /// A notice less its body.
    struct StoredNotice: Sendable {
        var title: String
        var date: StoredTime
        var blocks: [String]?
        var councils: [String]?
        var unions: [String]?
        var roles: [String]?
        var from: String?
        var summary: String
        var deadline: StoredTime?
        var eventStart: StoredTime?
        var eventEnd: StoredTime?
        var eventLocation: String?
        var pinned: Bool
        var expires: StoredTime?
        var tags: [String]
        var draft: Bool
        var contentKey: String

        init(title: String, date: StoredTime, blocks: [String]?, councils: [String]?, unions: [String]?, roles: [String]?,
             from: String?, summary: String, deadline: StoredTime?, eventStart: StoredTime?, eventEnd: StoredTime?,
             eventLocation: String?, pinned: Bool, expires: StoredTime?, tags: [String], draft: Bool, contentKey: String) {
            self.title = title
            self.date = date
            self.blocks = blocks
            self.councils = councils
            self.unions = unions
            self.roles = roles
            self.from = from
            self.summary = summary
            self.deadline = deadline
            self.eventStart = eventStart
            self.eventEnd = eventEnd
            self.eventLocation = eventLocation
            self.pinned = pinned
            self.expires = expires
            self.tags = tags
            self.draft = draft
            self.contentKey = contentKey
        }

        init(_ notice: Notice) {
            title = notice.title
            date = StoredTime(notice.date)
            blocks = notice.targeting.blocks
            councils = notice.targeting.councils
            unions = notice.targeting.unions
            roles = notice.targeting.roles
            from = notice.from
            summary = notice.summary
            deadline = notice.deadline.map(StoredTime.init)
            eventStart = notice.event.map { StoredTime($0.start) }
            eventEnd = notice.event?.end.map(StoredTime.init)
            eventLocation = notice.event?.location
            pinned = notice.pinned
            expires = notice.expires.map(StoredTime.init)
            tags = notice.tags
            draft = notice.draft
            contentKey = notice.contentKey.description
        }

        /// The notice again, for `file` as found this time; its body comes from `body` when
        /// first asked for.
        func notice(_ file: NoticeFile, body: @escaping () -> RenderedMarkdown) -> Notice? {
            guard let key = BuildKey(hex: contentKey) else { return nil }
            var notice = Notice(
                slug: file.slug, source: SourceLocation(path: file.displayPath), title: title, date: date.time,
                targeting: Targeting(blocks: blocks, councils: councils, unions: unions, roles: roles),
                from: from, summary: summary, deadline: deadline?.time,
                event: eventStart.map { NoticeEvent(start: $0.time, end: eventEnd?.time, location: eventLocation) },
                pinned: pinned, expires: expires?.time, tags: tags, draft: draft,
                body: RenderedMarkdown(html: "", firstParagraph: ""), attachments: file.attachments)
            notice.bodySource = NoticeBody(make: body)
            notice.contentKey = key
            return notice
        }
    }

    /// The stamps of a notice's file and attachments as they are now.
    static func stamps(of file: NoticeFile) -> (FileStamp?, [AttachmentStamp]) {
        (file.stamp ?? FileStamp(file.url.path), file.attachments.map { AttachmentStamp(name: $0.name, stamp: FileStamp($0.source.path)) })
    }

    /// The notice remembered for `file`, if its file and attachments are as they were.
    func notice(for file: NoticeFile, loader: NoticeLoader) -> Notice? {
        guard let entry = notices[file.slug] else { return nil }
        let (stamp, attachments) = Self.stamps(of: file)
        guard let stamp, stamp == entry.file, attachments == entry.attachments, !attachments.contains(where: { $0.stamp == nil }) else { return nil }
        return entry.notice.notice(file) { loader.body(of: file) }
    }

    mutating func remember(_ notice: Notice, file: NoticeFile, warnings: [Diagnostic] = []) {
        let (stamp, attachments) = Self.stamps(of: file)
        guard let stamp else { return }
        notices[notice.slug] = Entry(file: stamp, attachments: attachments, notice: StoredNotice(notice),
                                     warnings: warnings.map { StoredWarning(message: $0.message, line: $0.location.line, column: $0.location.column) })
    }

    /// The warnings remembered for a notice, at its path as found this time.
    func warnings(for file: NoticeFile) -> [Diagnostic] {
        (notices[file.slug]?.warnings ?? []).map {
            Diagnostic($0.message, at: SourceLocation(path: file.displayPath, line: $0.line, column: $0.column), isWarning: true)
        }
    }

    // MARK: The file

    /// A cache to write once the build has succeeded.
    struct Pending: Sendable {
        var cache: NoticeCache
        var folder: URL
        var context: BuildKey

        /// A cache that cannot be written only makes the next build slower.
        func write() { try? cache.write(to: folder, context: context) }
    }

    static func location(in folder: URL, context: BuildKey) -> URL {
        folder.appendingPathComponent("notices-\(context.description.prefix(16)).cache")
    }

    static func read(from folder: URL, context: BuildKey) -> NoticeCache? {
        guard let data = FileManager.default.contents(atPath: location(in: folder, context: context).path) else { return nil }
        var reader = CacheReader(data)
        return NoticeCache(reading: &reader)
    }

    /// Writes the cache in one rename, and forgets all but the most recent others.
    func write(to folder: URL, context: BuildKey) throws {
        try CacheFolder.prepare(folder)
        let location = Self.location(in: folder, context: context)
        var writer = CacheWriter()
        write(to: &writer)
        try PlainFile.replace(location.path, with: Data(writer.bytes))
        let others = ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? [])
            .filter { $0.hasPrefix("notices-") && $0 != location.lastPathComponent }
            .map { folder.appendingPathComponent($0) }
            .sorted { (modified($0) ?? .distantPast) > (modified($1) ?? .distantPast) }
        for old in others.dropFirst(Self.kept - 1) { try? FileManager.default.removeItem(at: old) }
    }

    private func modified(_ url: URL) -> Date? {
        (try? FileManager.default.attributesOfItem(atPath: url.path))?[.modificationDate] as? Date
    }
}

// MARK: The bytes (CacheCoder)

extension NoticeCache {
    func write(to writer: inout CacheWriter) {
        writer.string("rentai-notice-cache")
        writer.int(Self.format)
        writer.int(notices.count)
        for (slug, entry) in notices.sorted(by: { $0.key < $1.key }) {
            writer.string(slug)
            entry.file.write(to: &writer)
            writer.int(entry.attachments.count)
            for attachment in entry.attachments {
                writer.string(attachment.name)
                writer.bool(attachment.stamp != nil)
                attachment.stamp?.write(to: &writer)
            }
            entry.notice.write(to: &writer)
            writer.int(entry.warnings.count)
            for warning in entry.warnings {
                writer.string(warning.message)
                writer.int(warning.line)
                writer.int(warning.column)
            }
        }
    }

    init?(reading reader: inout CacheReader) {
        guard reader.string() == "rentai-notice-cache", reader.int() == Int64(Self.format), let count = reader.count(), count >= 0 else { return nil }
        for _ in 0..<count {
            guard let slug = reader.string(), let file = FileStamp(reading: &reader), let attachmentCount = reader.count(), attachmentCount >= 0 else { return nil }
            var attachments: [AttachmentStamp] = []
            for _ in 0..<attachmentCount {
                guard let name = reader.string(), let hasStamp = reader.bool() else { return nil }
                var stamp: FileStamp?
                if hasStamp {
                    guard let read = FileStamp(reading: &reader) else { return nil }
                    stamp = read
                }
                attachments.append(AttachmentStamp(name: name, stamp: stamp))
            }
            guard let notice = StoredNotice(reading: &reader), let warningCount = reader.count(), warningCount >= 0 else { return nil }
            var warnings: [StoredWarning] = []
            for _ in 0..<warningCount {
                guard let message = reader.string(), let line = reader.int(), let column = reader.int() else { return nil }
                warnings.append(StoredWarning(message: message, line: Int(line), column: Int(column)))
            }
            notices[slug] = Entry(file: file, attachments: attachments, notice: notice, warnings: warnings)
        }
        guard reader.isAtEnd else { return nil }
    }
}

extension NoticeCache.FileStamp {
    func write(to writer: inout CacheWriter) {
        writer.int(size)
        for value in modified + changed { writer.int(value) }
        writer.int(Int64(bitPattern: inode))
        writer.int(Int64(bitPattern: device))
    }

    init?(reading reader: inout CacheReader) {
        guard let size = reader.int(), let modifiedSeconds = reader.int(), let modifiedNanoseconds = reader.int(),
              let changedSeconds = reader.int(), let changedNanoseconds = reader.int(),
              let inode = reader.int(), let device = reader.int() else { return nil }
        self.init(size: size, modified: [modifiedSeconds, modifiedNanoseconds], changed: [changedSeconds, changedNanoseconds],
                  inode: UInt64(bitPattern: inode), device: UInt64(bitPattern: device))
    }
}

extension NoticeCache.StoredTime {
    static func write(_ time: Self?, to writer: inout CacheWriter) {
        writer.bool(time != nil)
        guard let time else { return }
        writer.double(time.instant)
        writer.bool(time.dateOnly)
    }

    /// nil: the bytes are wrong; .some(nil): no time.
    static func read(_ reader: inout CacheReader) -> Self?? {
        guard let present = reader.bool() else { return nil }
        guard present else { return .some(nil) }
        guard let instant = reader.double(), let dateOnly = reader.bool() else { return nil }
        return .some(Self(instant: instant, dateOnly: dateOnly))
    }
}

extension NoticeCache.StoredNotice {
    func write(to writer: inout CacheWriter) {
        writer.string(title)
        NoticeCache.StoredTime.write(date, to: &writer)
        writer.strings(blocks)
        writer.strings(councils)
        writer.strings(unions)
        writer.strings(roles)
        writer.string(from)
        writer.string(summary)
        NoticeCache.StoredTime.write(deadline, to: &writer)
        NoticeCache.StoredTime.write(eventStart, to: &writer)
        NoticeCache.StoredTime.write(eventEnd, to: &writer)
        writer.string(eventLocation)
        writer.bool(pinned)
        NoticeCache.StoredTime.write(expires, to: &writer)
        writer.strings(tags)
        writer.bool(draft)
        writer.string(contentKey)
    }

    init?(reading reader: inout CacheReader) {
        typealias Time = NoticeCache.StoredTime
        guard let title = reader.string(), let date = Time.read(&reader), let date,
              let blocks = reader.strings(), let councils = reader.strings(), let unions = reader.strings(), let roles = reader.strings(),
              let from = reader.optionalString(), let summary = reader.string(),
              let deadline = Time.read(&reader), let eventStart = Time.read(&reader), let eventEnd = Time.read(&reader),
              let eventLocation = reader.optionalString(), let pinned = reader.bool(), let expires = Time.read(&reader),
              let tags = reader.strings(), let tags, let draft = reader.bool(), let contentKey = reader.string() else { return nil }
        self.init(title: title, date: date, blocks: blocks, councils: councils, unions: unions, roles: roles, from: from,
                  summary: summary, deadline: deadline, eventStart: eventStart, eventEnd: eventEnd, eventLocation: eventLocation,
                  pinned: pinned, expires: expires, tags: tags, draft: draft, contentKey: contentKey)
    }
}
