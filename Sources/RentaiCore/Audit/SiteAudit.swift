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

    public init(site: LoadedSite, now: Date, includeDrafts: Bool) {
        self.site = site
        self.statuses = site.notices.map { NoticeStatus(of: $0, now: now, includeDrafts: includeDrafts) }
        self.listings = Listings(notices: site.notices, statuses: statuses, organisation: site.organisation)
    }

    public func audit(output: URL) throws -> [AuditLeak] {
        let addresses = site.settings.addresses
        let notices = site.notices
        var byID: [String: Int] = [:]
        for (index, notice) in notices.enumerated() { byID[addresses.noticeID(notice.slug)] = index }
        let references = NoticeReferences(noticeByID: byID)
        let titles = TitlePatterns(site: site)
        let unpublished = Set(notices.indices.filter { statuses[$0] == .unpublished })

        // Each profile's folder holds its portal, archive, feed and calendar.
        let profiles = listings.profiles
        var owners: [String: Int] = [:]
        for (index, profile) in profiles.enumerated() { owners[addresses.portalFolder(profile)] = index }
        let folderOwner = owners

        let files = Self.files(in: output)
        let leaks = Locked<[AuditLeak]>([])
        let failure = FirstFailure()
        DispatchQueue.concurrentPerform(iterations: files.count) { position in
            let path = files[position]
            guard path.hasSuffix(".html") || path.hasSuffix(".xml") || path.hasSuffix(".ics") else { return }
            guard let data = FileManager.default.contents(atPath: output.appendingPathComponent(path).path) else {
                failure.record(CocoaError(.fileReadUnknown))
                return
            }
            let text = [UInt8](data)
            let owner = Self.owner(of: path, folders: folderOwner)
            var allowed: Set<Int>? = nil  // nil: any published notice may appear (a notice page)
            if let owner {
                allowed = Set(listings.active[owner] + listings.archived[owner])
            } else if !path.hasPrefix("n/") {
                allowed = []  // the directory and other pages of the whole site list no notice
            }
            var found: [AuditLeak] = []
            func report(_ notice: Int, _ what: String) {
                let isUnpublished = unpublished.contains(notice)
                guard isUnpublished || !(allowed?.contains(notice) ?? true) else { return }
                found.append(AuditLeak(file: path, slug: notices[notice].slug, what: what,
                                       profile: owner.map { profiles[$0].path }, isUnpublished: isUnpublished))
            }
            for (notice, what) in references.find(in: text, isCalendar: path.hasSuffix(".ics")) { report(notice, what) }
            for notice in titles.leakedTitles(in: text, allowed: allowed.map { $0.subtracting(unpublished) }, unpublished: unpublished) {
                report(notice, "the title")
            }
            if !found.isEmpty { leaks.withLock { $0 += found } }
        }
        if let error = failure.error { throw error }
        var seen = Set<AuditLeak>()
        return leaks.withLock { $0 }.filter { seen.insert($0).inserted }
            .sorted { ($0.file, $0.slug, $0.what) < ($1.file, $1.slug, $1.what) }
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
