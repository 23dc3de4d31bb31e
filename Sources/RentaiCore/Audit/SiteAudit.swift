import Foundation

/// Proves that nothing crossed a line before anything is published (SPEC §11): reads every file
/// of a built site and reports any notice whose address, calendar entry or title is in the files
/// of a profile it does not reach, and anything of an unpublished notice anywhere. It reads the
/// output as it is, whatever the templates did; `rentai build` runs it before the swap.
public struct SiteAudit: Sendable {
    /// Titles shorter than this are not searched for: a word like 「お知らせ」 is everywhere.
    public static let shortestTitle = 6

    let site: LoadedSite
    let statuses: [NoticeStatus]
    let listings: Listings

    /// For a build that has resolved the audiences already.
    init(site: LoadedSite, statuses: [NoticeStatus], listings: Listings) {
        self.site = site
        self.statuses = statuses
        self.listings = listings
    }

    public init(site: LoadedSite, now: Date, includeDrafts: Bool, includeScheduled: Bool = false) {
        self.site = site
        self.statuses = site.notices.map { NoticeStatus(of: $0, now: now, includeDrafts: includeDrafts, includeScheduled: includeScheduled) }
        self.listings = Listings(notices: site.notices, statuses: statuses, organisation: site.organisation)
    }

    /// Audits every file of a built site as it is on disk (`rentai audit`).
    public func audit(output: URL) throws -> [AuditLeak] {
        let check = FileCheck(audit: self)
        let files = Self.files(in: output)
        let leaks = Locked<[AuditLeak]>([])
        let failure = FirstFailure()
        DispatchQueue.concurrentPerform(iterations: files.count) { position in
            let path = files[position]
            guard FileCheck.reads(path) else { return }
            guard let data = FileManager.default.contents(atPath: output.appendingPathComponent(path).path) else {
                failure.record(CocoaError(.fileReadUnknown))
                return
            }
            let found = check.leaks(in: [UInt8](data), at: path)
            if !found.isEmpty { leaks.withLock { $0 += found } }
        }
        if let error = failure.error { throw error }
        return Self.settled(leaks.withLock { $0 })
    }

    /// Leaks without repeats, in the order of the files.
    static func settled(_ leaks: [AuditLeak]) -> [AuditLeak] {
        var seen = Set<AuditLeak>()
        return leaks.filter { seen.insert($0).inserted }
            .sorted { ($0.file, $0.slug, $0.what) < ($1.file, $1.slug, $1.what) }
    }

    /// The audit of one file, prepared once for the whole site: `rentai build` runs it on every
    /// page it makes, before writing it; `rentai audit` on every file it reads.
    struct FileCheck: @unchecked Sendable {
        let audit: SiteAudit
        private let references: NoticeReferences
        private let titles: TitlePatterns
        private let unpublished: Set<Int>
        private let readable: NoticeReferences?
        private let readablePortals: Set<String>
        private let readers: [Set<Int>]
        private let folderOwner: [String: Int]
        private let allowedByProfile: [Set<Int>]

        /// Only pages, feeds and calendars are read: attachments are the officers' own files.
        static func reads(_ path: String) -> Bool {
            path.hasSuffix(".html") || path.hasSuffix(".xml") || path.hasSuffix(".ics")
        }

        init(audit: SiteAudit) {
            self.audit = audit
            let site = audit.site
            let listings = audit.listings
            let addresses = site.settings.addresses
            let notices = site.notices
            var byID: [String: Int] = [:]
            for (index, notice) in notices.enumerated() { byID[addresses.noticeID(notice.slug)] = index }
            references = NoticeReferences(noticeByID: byID)
            titles = TitlePatterns(site: site)
            unpublished = Set(notices.indices.filter { audit.statuses[$0] == .unpublished })
            // In private mode a readable address anywhere gives a notice or a portal away.
            var readableNotices: [String: Int] = [:]
            for (index, notice) in notices.enumerated() { readableNotices[notice.slug] = index }
            readable = addresses.isPrivate ? NoticeReferences(noticeByID: readableNotices) : nil
            readablePortals = addresses.isPrivate ? Set(listings.profiles.map(\.path)) : []
            // Who sees each notice: a notice's page may link another only if everyone who reads
            // it may read the other too.
            var readersOf = [Set<Int>](repeating: [], count: notices.count)
            for profile in listings.profiles.indices {
                for notice in listings.active[profile] + listings.archived[profile] { readersOf[notice].insert(profile) }
            }
            readers = readersOf
            // Each profile's folder holds its portal, archive, feed and calendar.
            var owners: [String: Int] = [:]
            for (index, profile) in listings.profiles.enumerated() { owners[addresses.portalFolder(profile)] = index }
            folderOwner = owners
            allowedByProfile = listings.profiles.indices.map { Set(listings.active[$0] + listings.archived[$0]) }
        }

        func leaks(in text: [UInt8], at path: String) -> [AuditLeak] {
            let notices = audit.site.notices
            let profiles = audit.listings.profiles
            let owner = SiteAudit.owner(of: path, folders: folderOwner)
            // The notice whose page (or attachment) this is, for files under n/.
            let pageOf = path.hasPrefix("n/") ? references.longestID(in: String(path.dropFirst(2))) : nil
            var allowed: Set<Int>? = nil  // nil: any published notice's title may appear
            if let owner {
                allowed = allowedByProfile[owner]
            } else if !path.hasPrefix("n/") {
                allowed = []  // the directory and other pages of the whole site list no notice
            }
            var found: [AuditLeak] = []
            func leak(_ notice: Int, _ what: String, unpublished isUnpublished: Bool) {
                found.append(AuditLeak(file: path, slug: notices[notice].slug, what: what,
                                       profile: owner.map { profiles[$0].path }, isUnpublished: isUnpublished))
            }
            func report(_ notice: Int, _ what: String) {
                if unpublished.contains(notice) { return leak(notice, what, unpublished: true) }
                if let page = pageOf {
                    // A link from a notice's page to another notice everyone of its readers may see.
                    if notice != page && !readers[page].isSubset(of: readers[notice]) { leak(notice, what, unpublished: false) }
                } else if !(allowed?.contains(notice) ?? true) {
                    leak(notice, what, unpublished: false)
                }
            }
            if let page = pageOf, unpublished.contains(page) { leak(page, "its page", unpublished: true) }
            for (notice, what) in references.find(in: text, isCalendar: path.hasSuffix(".ics")) { report(notice, what) }
            if path.hasSuffix(".html") {
                for (notice, what) in references.relativeLinks(in: text, at: path) { report(notice, what) }
            }
            if pageOf == nil {
                for notice in titles.leakedTitles(in: text, allowed: allowed.map { $0.subtracting(unpublished) }, unpublished: unpublished) {
                    report(notice, "the title")
                }
            }
            if let readable {
                for (notice, _) in readable.find(in: text, isCalendar: false) { leak(notice, "the readable address (the site is private)", unpublished: unpublished.contains(notice)) }
                if path.hasPrefix("n/"), let notice = readable.longestID(in: String(path.dropFirst(2))) {
                    leak(notice, "a page at the readable address (the site is private)", unpublished: unpublished.contains(notice))
                }
                for candidate in NoticeReferences.paths(after: UInt8(ascii: "p"), in: text) {
                    let parts = candidate.split(separator: "/", omittingEmptySubsequences: false)
                    guard parts.count >= 3 else { continue }
                    let profile = parts[0..<3].joined(separator: "/")
                    if readablePortals.contains(profile) {
                        found.append(AuditLeak(file: path, slug: profile, what: "the readable address of a portal (the site is private)",
                                               profile: owner.map { profiles[$0].path }, isUnpublished: false))
                    }
                }
            }
            return found
        }
    }

    /// The profile whose folder holds `path`, if any.
    private static func owner(of path: String, folders: [String: Int]) -> Int? {
        guard path.hasPrefix("p/") else { return nil }
        var end = path.startIndex
        var slashes = 0
        // Readable folders are p/<council>/<union>/<role>/, private ones p/<token>/.
        for index in path.indices where path[index] == "/" {
            slashes += 1
            end = path.index(after: index)
            if let owner = folders[String(path[..<end])] { return owner }
            if slashes == 4 { break }
        }
        return nil
    }

    /// Every file under the output, as relative paths; dot-files included (nothing is hidden
    /// from the audit).
    static func files(in output: URL) -> [String] {
        let root = output.standardizedFileURL.path + "/"
        guard let enumerator = FileManager.default.enumerator(atPath: output.path) else { return [] }
        var files: [String] = []
        while let path = enumerator.nextObject() as? String {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: root + path, isDirectory: &isDirectory), !isDirectory.boolValue {
                files.append(path)
            }
        }
        return files.sorted()
    }
}
