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
    /// The layers the build wrote, to know a private layer's folder by its token; who may read a
    /// layer is worked out here anew from its atoms, never taken from the filing.
    let layers: [Layer]

    /// For a build that has filed its notices already.
    init(site: LoadedSite, statuses: [NoticeStatus], filing: LayerFiling) {
        self.site = site
        self.statuses = statuses
        self.layers = filing.layers
    }

    public init(site: LoadedSite, now: Date, includeDrafts: Bool, includeScheduled: Bool = false) {
        self.site = site
        let statuses = site.notices.map { NoticeStatus(of: $0, now: now, includeDrafts: includeDrafts, includeScheduled: includeScheduled) }
        self.statuses = statuses
        let newestFirst = Ordering.newestFirst(site.notices) { statuses[$0] != .unpublished }
        self.layers = LayerFiling(notices: site.notices, newestFirst: newestFirst, organisation: site.organisation).layers
    }

    /// Audits every file of a built site as it is on disk (`rentai audit`).
    public func audit(output: URL) throws -> [AuditLeak] {
        let check = FileCheck(audit: self)
        // Attachments are the officers' own files, never read (one may be gigabytes).
        let addresses = site.settings.addresses
        let attachments = Set(site.notices.flatMap { notice in notice.attachments.map { addresses.folder(notice.slug) + $0.name } })
        let files = Self.files(in: output).filter { !attachments.contains($0) }
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
    /// A class: every thread's every file goes through it, and copying its tables was not free.
    final class FileCheck: @unchecked Sendable {
        let audit: SiteAudit
        private let references: NoticeReferences
        private let titles: TitlePatterns
        private let unpublished: Set<Int>
        private let readable: NoticeReferences?
        private let readablePortals: Set<String>
        private let reach: Reach
        private let organisation: Organisation
        /// By notice: the profiles it reaches; worked out for the notices a notice's page links.
        private let readers: LazyTable<Set<Int>>
        private let folderOwner: [String: Int]
        /// By a private layer's token: the layer.
        private let layerByToken: [String: Layer]
        /// By layer: the profiles that read it, and whether each notice reaches all of them.
        private let layerReaders = Locked<[Layer: [Int]]>([:])

        /// Only pages, feeds, calendars and layers' indexes are read: attachments (under `n/`, a
        /// `.json` one too) are the officers' own files.
        static func reads(_ path: String) -> Bool {
            path.hasSuffix(".html") || path.hasSuffix(".xml") || path.hasSuffix(".ics")
                || ((path.hasPrefix("l/") || path.hasPrefix("p/")) && path.hasSuffix(".json"))
        }

        init(audit: SiteAudit) {
            self.audit = audit
            let site = audit.site
            let addresses = site.settings.addresses
            let notices = site.notices
            organisation = site.organisation
            var byID: [String: Int] = [:]
            for (index, notice) in notices.enumerated() { byID[addresses.noticeID(notice.slug)] = index }
            references = NoticeReferences(noticeByID: byID)
            titles = TitlePatterns(site: site)
            unpublished = Set(notices.indices.filter { audit.statuses[$0] == .unpublished })
            // In private mode a readable address anywhere gives a notice or a portal away.
            var readableNotices: [String: Int] = [:]
            for (index, notice) in notices.enumerated() { readableNotices[notice.slug] = index }
            readable = addresses.isPrivate ? NoticeReferences(noticeByID: readableNotices) : nil
            readablePortals = addresses.isPrivate ? Set(organisation.profiles.map(\.path)) : []
            let reach = Reach(notices: notices, organisation: organisation)
            self.reach = reach
            // Who sees each notice: a notice's page may link another only if everyone who reads
            // it may read the other too.
            let resolver = AudienceResolver(organisation: site.organisation)
            let statuses = audit.statuses
            readers = LazyTable(count: notices.count) { index in
                statuses[index] == .unpublished ? [] : Set(resolver.profileIndexes(reachedBy: notices[index]))
            }
            // Each profile's folder holds its portal, all/, feed and calendar.
            var owners: [String: Int] = [:]
            for (index, profile) in organisation.profiles.enumerated() { owners[addresses.portalFolder(profile)] = index }
            folderOwner = owners
            var tokens: [String: Layer] = [:]
            if addresses.isPrivate {
                for layer in audit.layers { tokens[addresses.layerID(layer)] = layer }
            }
            layerByToken = tokens
        }

        /// What the audit finds in some bytes, before it knows whose file they are in.
        struct Scan: Sendable {
            var references: [(notice: Int, what: String)] = []
            var layers: [Layer] = []
            var titleMatches: [PatternMatcher.Match] = []
            var readableNotices: [Int] = []
            var readablePortals: [String] = []
            var readableLayers: [String] = []
        }

        /// Scans bytes of a file at `path`: what depends on the file (its depth, its type) is
        /// the same for every file a shared piece is in.
        func scan(_ text: [UInt8], at path: String) -> Scan {
            var scan = Scan()
            scan.references = references.find(in: text, isCalendar: path.hasSuffix(".ics"))
            if path.hasSuffix(".html") { scan.references += references.relativeLinks(in: text, at: path) }
            // A notice's page may quote any title its readers may see: titles are not searched there.
            if !path.hasPrefix("n/") { scan.titleMatches = titles.matches(in: text) }
            let layerPaths = NoticeReferences.paths(after: UInt8(ascii: "l"), in: text)
            scan.layers = layerPaths.compactMap(layer(at:))
            if let readable {
                scan.readableNotices = readable.find(in: text, isCalendar: false).map(\.notice)
                for candidate in NoticeReferences.paths(after: UInt8(ascii: "p"), in: text) {
                    let parts = candidate.split(separator: "/", omittingEmptySubsequences: false)
                    guard parts.count >= 3 else { continue }
                    let profile = parts[0..<3].joined(separator: "/")
                    if readablePortals.contains(profile) { scan.readablePortals.append(profile) }
                }
                for candidate in layerPaths {
                    if let layer = readableLayer(candidate) { scan.readableLayers.append(layer.path) }
                }
            }
            return scan
        }

        /// The layer whose folder `path` (what follows `l/`) is in, if it names one.
        private func layer(at path: String) -> Layer? {
            if audit.site.settings.addresses.isPrivate {
                guard let token = path.split(separator: "/", omittingEmptySubsequences: false).first else { return nil }
                return layerByToken[String(token)]
            }
            return readableLayer(path)
        }

        /// `<place>/<union>/<role>…` read as a layer of this organisation.
        private func readableLayer(_ path: String) -> Layer? {
            let parts = path.split(separator: "/", omittingEmptySubsequences: false).prefix(3).map(String.init)
            guard parts.count == 3 else { return nil }
            let place: Layer.Place
            if parts[0] == "all" {
                place = .everywhere
            } else if parts[0].hasPrefix("block-"), organisation.block(String(parts[0].dropFirst(6))) != nil {
                place = .block(String(parts[0].dropFirst(6)))
            } else if parts[0].hasPrefix("council-"), organisation.council(String(parts[0].dropFirst(8))) != nil {
                place = .council(String(parts[0].dropFirst(8)))
            } else {
                return nil
            }
            guard parts[1] == "all" || organisation.union(parts[1]) != nil,
                  parts[2] == "all" || organisation.role(parts[2]) != nil else { return nil }
            return Layer(place: place, union: parts[1] == "all" ? nil : parts[1], role: parts[2] == "all" ? nil : parts[2])
        }

        /// Whether the profile reads the layer (SPEC §15), from the layer's atoms.
        private func reads(_ profile: Profile, _ layer: Layer) -> Bool {
            let placeMatches: Bool
            switch layer.place {
            case .everywhere: placeMatches = true
            case .block(let id): placeMatches = organisation.council(profile.council)?.blockID == id
            case .council(let id): placeMatches = profile.council == id
            }
            return placeMatches && (layer.union.map { $0 == profile.union } ?? true)
                && (layer.role.map { organisation.rolesReceived(by: profile.role).contains($0) } ?? true)
        }

        /// The profiles that read a layer, found by walking only its councils and unions.
        private func readers(of layer: Layer) -> [Int] {
            if let known = layerReaders.withLock({ $0[layer] }) { return known }
            var found: [Int] = []
            let profiles = organisation.profiles
            for (position, council) in organisation.councils.enumerated() {
                switch layer.place {
                case .everywhere: break
                case .block(let id): guard council.blockID == id else { continue }
                case .council(let id): guard council.id == id else { continue }
                }
                for (_, first) in organisation.unionsAtCouncil[position] {
                    for offset in organisation.roles.indices where reads(profiles[first + offset], layer) {
                        found.append(first + offset)
                    }
                }
            }
            layerReaders.withLock { $0[layer] = found }
            return found
        }

        /// A notice may be in a layer's files only if it reaches every profile that reads it.
        private func mayBe(_ notice: Int, in layer: Layer) -> Bool {
            readers(of: layer).allSatisfy { reach.reaches(notice: notice, profile: $0) }
        }

        /// The leaks in a whole file.
        func leaks(in text: [UInt8], at path: String) -> [AuditLeak] {
            leaks(in: text, at: path, pieces: [], cache: nil)
        }

        /// The leaks in a file made of the renderer's own text and of `pieces` shared by many
        /// files (a notice's list entry, feed item, calendar events or index record): each piece
        /// is scanned once, from `cache`, and the rest of the file as it is. A title that
        /// straddles the edge of a piece is still found: the bytes around each edge are searched.
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

        /// Whose a file is: a profile's (its folder under `p/`), a layer's (under `l/`), a notice
        /// page's (under `n/`), or the whole site's.
        private enum Owner {
            case profile(Int)
            case layer(Layer)
            case notice(Int?)
            case site
        }

        private func owner(of path: String) -> Owner {
            if path.hasPrefix("n/") { return .notice(references.longestID(in: String(path.dropFirst(2)))) }
            if path.hasPrefix("l/"), let layer = layer(at: String(path.dropFirst(2))) { return .layer(layer) }
            if let profile = SiteAudit.owner(of: path, folders: folderOwner) { return .profile(profile) }
            return .site
        }

        /// Decides which findings are leaks for the file at `path`.
        private func judge(_ scans: [Scan], titleMatches: [PatternMatcher.Match], at path: String) -> [AuditLeak] {
            let notices = audit.site.notices
            let profiles = organisation.profiles
            let owner = self.owner(of: path)
            var ownerProfile: Int? = nil
            // Whether a published notice may be named in this file.
            let allowed: (Int) -> Bool
            var readersName: String? = nil
            switch owner {
            case .profile(let profile):
                ownerProfile = profile
                readersName = profiles[profile].path
                let reach = self.reach
                allowed = { reach.reaches(notice: $0, profile: profile) }
            case .layer(let layer):
                readersName = "every reader of layer '\(layer.path)'"
                allowed = { self.mayBe($0, in: layer) }
            case .notice(let page):
                // A link from a notice's page to another notice everyone of its readers may see.
                let readers = self.readers
                allowed = { page == nil || $0 == page! || readers[page!].isSubset(of: readers[$0]) }
            case .site:
                // The directory and other pages of the whole site list no notice.
                allowed = { _ in false }
            }
            var found: [AuditLeak] = []
            func leak(_ notice: Int, _ what: String, unpublished isUnpublished: Bool) {
                found.append(AuditLeak(file: path, slug: notices[notice].slug, what: what,
                                       profile: readersName, isUnpublished: isUnpublished))
            }
            func report(_ notice: Int, _ what: String) {
                if unpublished.contains(notice) { return leak(notice, what, unpublished: true) }
                if !allowed(notice) { leak(notice, what, unpublished: false) }
            }
            if case .notice(let page?) = owner, unpublished.contains(page) { leak(page, "its page", unpublished: true) }
            for scan in scans {
                for (notice, what) in scan.references { report(notice, what) }
            }
            if case .notice = owner {} else {
                for notice in titles.leakedTitles(titleMatches, isAllowed: { !self.unpublished.contains($0) && allowed($0) }) {
                    report(notice, "the title")
                }
            }
            // A profile's pages link only the layers it reads (SPEC §11).
            if let ownerProfile {
                var seen = Set<Layer>()
                for scan in scans {
                    for layer in scan.layers where seen.insert(layer).inserted && !reads(profiles[ownerProfile], layer) {
                        found.append(AuditLeak(file: path, slug: layer.path, what: AuditLeak.layerLink,
                                               profile: readersName, isUnpublished: false))
                    }
                }
            }
            if readable != nil {
                for scan in scans {
                    for notice in scan.readableNotices { leak(notice, "the readable address (the site is private)", unpublished: unpublished.contains(notice)) }
                    for profile in scan.readablePortals {
                        found.append(AuditLeak(file: path, slug: profile, what: "the readable address of a portal (the site is private)",
                                               profile: readersName, isUnpublished: false))
                    }
                    for layer in scan.readableLayers {
                        found.append(AuditLeak(file: path, slug: layer, what: "the readable address of a layer (the site is private)",
                                               profile: readersName, isUnpublished: false))
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
