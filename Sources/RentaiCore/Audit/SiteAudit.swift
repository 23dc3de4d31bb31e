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
        /// By notice: the profiles it reaches; worked out for the notices a checked file names.
        private let readers: LazyTable<Set<Int>>
        private let folderOwner: [String: Int]
        /// By profile: the notices it may see; worked out for the profiles whose files are checked.
        private let allowedByProfile: LazyTable<Set<Int>>

        /// Only pages, feeds, calendars and portals' search indexes are read: attachments
        /// (under `n/`, and a `.json` one too) are the officers' own files.
        static func reads(_ path: String) -> Bool {
            path.hasSuffix(".html") || path.hasSuffix(".xml") || path.hasSuffix(".ics")
                || (path.hasPrefix("p/") && path.hasSuffix(".json"))
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
            let resolver = AudienceResolver(organisation: site.organisation)
            let statuses = audit.statuses
            readers = LazyTable(count: notices.count) { index in
                statuses[index] == .unpublished ? [] : Set(resolver.profileIndexes(reachedBy: notices[index]))
            }
            // Each profile's folder holds its portal, archive, feed and calendar.
            var owners: [String: Int] = [:]
            for (index, profile) in listings.profiles.enumerated() { owners[addresses.portalFolder(profile)] = index }
            folderOwner = owners
            allowedByProfile = LazyTable(count: listings.profiles.count) { Set(listings.active[$0] + listings.archived[$0]) }
        }

        /// What the audit finds in some bytes, before it knows whose file they are in.
        struct Scan: Sendable {
            var references: [(notice: Int, what: String)] = []
            var titleMatches: [PatternMatcher.Match] = []
            var readableNotices: [Int] = []
            var readablePortals: [String] = []
        }

        /// Scans bytes of a file at `path`: what depends on the file (its depth, its type) is
        /// the same for every file a shared piece is in.
        func scan(_ text: [UInt8], at path: String) -> Scan {
            var scan = Scan()
            scan.references = references.find(in: text, isCalendar: path.hasSuffix(".ics"))
            if path.hasSuffix(".html") { scan.references += references.relativeLinks(in: text, at: path) }
            // A notice's page may quote any title its readers may see: titles are not searched there.
            if !path.hasPrefix("n/") { scan.titleMatches = titles.matches(in: text) }
            if let readable {
                scan.readableNotices = readable.find(in: text, isCalendar: false).map(\.notice)
                for candidate in NoticeReferences.paths(after: UInt8(ascii: "p"), in: text) {
                    let parts = candidate.split(separator: "/", omittingEmptySubsequences: false)
                    guard parts.count >= 3 else { continue }
                    let profile = parts[0..<3].joined(separator: "/")
                    if readablePortals.contains(profile) { scan.readablePortals.append(profile) }
                }
            }
            return scan
        }

        /// The leaks in a whole file.
        func leaks(in text: [UInt8], at path: String) -> [AuditLeak] {
            leaks(in: text, at: path, pieces: [], cache: nil)
        }

        /// The leaks in a file made of the renderer's own text and of `pieces` shared by many
        /// files (a notice's list entry, feed item or calendar events): each piece is scanned
        /// once, from `cache`, and the rest of the file as it is. A title that straddles the
        /// edge of a piece is still found: the bytes around each edge are searched too.
        func leaks(in text: [UInt8], at path: String, pieces: [FilePiece], cache: PieceScans?) -> [AuditLeak] {
            var scans: [(offset: Int, scan: Scan)] = []
            var position = 0
            var edges: [Int] = []
            func scanFrame(_ range: Range<Int>) {
                guard !range.isEmpty else { return }
                scans.append((range.lowerBound, scan(Array(text[range]), at: path)))
            }
            for piece in pieces {
                scanFrame(position..<piece.range.lowerBound)
                let bytes = text[piece.range]
                let found = cache?.scan(piece.id) { scan(Array(bytes), at: path) } ?? scan(Array(bytes), at: path)
                scans.append((piece.range.lowerBound, found))
                edges += [piece.range.lowerBound, piece.range.upperBound]
                position = piece.range.upperBound
            }
            scanFrame(position..<text.count)
            var matches: [PatternMatcher.Match] = []
            for (offset, scan) in scans {
                for match in scan.titleMatches {
                    matches.append(PatternMatcher.Match(pattern: match.pattern, start: match.start + offset, end: match.end + offset))
                }
            }
            let reach = titles.longestPattern - 1
            for edge in Set(edges) where edge > 0 && edge < text.count && reach > 0 && !path.hasPrefix("n/")
                && titles.mayStraddle(text[edge - 1], text[edge]) {
                let window = max(0, edge - reach)..<min(text.count, edge + reach)
                for match in titles.matches(in: Array(text[window])) {
                    let start = match.start + window.lowerBound, end = match.end + window.lowerBound
                    if start < edge && end > edge { matches.append(PatternMatcher.Match(pattern: match.pattern, start: start, end: end)) }
                }
            }
            return judge(scans.map(\.scan), titleMatches: matches, at: path)
        }

        /// Decides which findings are leaks for the file at `path`.
        private func judge(_ scans: [Scan], titleMatches: [PatternMatcher.Match], at path: String) -> [AuditLeak] {
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
            for scan in scans {
                for (notice, what) in scan.references { report(notice, what) }
            }
            if pageOf == nil {
                for notice in titles.leakedTitles(titleMatches, allowed: allowed.map { $0.subtracting(unpublished) }, unpublished: unpublished) {
                    report(notice, "the title")
                }
            }
            if readable != nil {
                for scan in scans {
                    for notice in scan.readableNotices { leak(notice, "the readable address (the site is private)", unpublished: unpublished.contains(notice)) }
                    for profile in scan.readablePortals {
                        found.append(AuditLeak(file: path, slug: profile, what: "the readable address of a portal (the site is private)",
                                               profile: owner.map { profiles[$0].path }, isUnpublished: false))
                    }
                }
                if path.hasPrefix("n/"), let notice = readable?.longestID(in: String(path.dropFirst(2))) {
                    leak(notice, "a page at the readable address (the site is private)", unpublished: unpublished.contains(notice))
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
