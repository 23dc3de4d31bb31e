import Foundation

/// The load and validate stages: reads `site.yaml`, `org.yaml` and every notice, and checks them
/// all, collecting every problem rather than stopping at the first (SPEC §5).
public struct SiteLoader {
    public let paths: SitePaths
    /// Where pages will live: notice bodies are rendered once, with links for feeds and mail
    /// that point at the page's real address, private or readable.
    public let addresses: SiteAddresses
    /// Whether to read the notices the last build remembered (`.rentai-cache/`) instead of their
    /// files when these did not change, and to remember this build's.
    var usesCache = false
    var remembers = false
    /// False when only who notices reach and when matters (`rentai diff`): bodies are not
    /// rendered, which is most of reading a notice.
    public var rendersBodies = true

    public init(paths: SitePaths, addresses: SiteAddresses = SiteAddresses()) {
        self.paths = paths
        self.addresses = addresses
    }

    public func load(diagnostics: inout Diagnostics) -> LoadedSite? {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: paths.root.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            diagnostics.error("no site here: the folder does not exist", at: SourceLocation(path: paths.displayRoot.isEmpty ? "." : paths.displayRoot))
            return nil
        }
        guard FileManager.default.fileExists(atPath: paths.content.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            diagnostics.error("no 'content' folder here; run rentai in a site's folder or name one with --site", at: SourceLocation(path: paths.display("content")))
            return nil
        }

        let settings = readYAMLFile("site.yaml", diagnostics: &diagnostics) { text, path, diagnostics in
            SiteSettingsLoader(path: path).load(text, diagnostics: &diagnostics)
        }
        var organisationProblems = Diagnostics()
        let organisation = readYAMLFile("org.yaml", diagnostics: &organisationProblems) { text, path, diagnostics in
            OrganisationLoader(path: path).load(text, diagnostics: &diagnostics)
        }
        diagnostics.append(contentsOf: organisationProblems)

        let channels = readChannels(organisation: organisationProblems.isEmpty ? organisation : nil, diagnostics: &diagnostics)

        let files = NoticeFinder(paths: paths).find(diagnostics: &diagnostics)
        let timeZone = settings?.timeZone ?? TimeZone(identifier: "Asia/Tokyo")!
        var loader = NoticeLoader(timeZone: timeZone, baseURL: settings?.baseURL, addresses: addresses)
        loader.rendersBodies = rendersBodies
        // Notices whose files did not change since a build with the same settings, organisation
        // and secret are taken as that build read them; the others are read and checked.
        let context = cacheContext()
        let cache = usesCache && diagnostics.isEmpty ? NoticeCache.read(from: paths.cache, context: context) : nil
        var known: [Int: Notice] = [:]
        var toRead: [NoticeFile] = []
        for (index, file) in files.enumerated() {
            if let notice = cache?.notice(for: file, loader: loader) { known[index] = notice } else { toRead.append(file) }
        }
        let loaded = Self.loadConcurrently(toRead, loader: loader, diagnostics: &diagnostics)
        // What the last build warned of a notice it read is said again for it.
        var warnings = diagnostics.warnings
        for (index, file) in files.enumerated() where known[index] != nil {
            warnings += cache?.warnings(for: file) ?? []
        }

        if let organisation {
            let validator = NoticeValidator(organisation: organisation, timeZone: timeZone,
                                            organisationIsSound: organisationProblems.isEmpty)
            for notice in loaded { validator.check(notice, diagnostics: &diagnostics) }
        }
        guard var settings, let organisation, diagnostics.isEmpty else { return nil }
        settings.addresses = addresses
        var read: [String: Notice] = [:]
        for notice in loaded.map(\.notice) { read[notice.slug] = notice }
        let notices = files.indices.compactMap { known[$0] ?? read[files[$0].slug] }
        var site = LoadedSite(settings: settings, organisation: organisation, notices: notices, noticesRead: loaded.count)
        site.channels = channels
        site.warnings = Diagnostics.settled(warnings)
        if remembers && (!loaded.isEmpty || cache?.notices.count != files.count) {
            var remembered = NoticeCache()
            let warningsByPath = Dictionary(grouping: site.warnings, by: \.location.path)
            for (file, notice) in zip(files, notices) {
                remembered.remember(notice, file: file, warnings: warningsByPath[file.displayPath] ?? [])
            }
            site.notesForNextBuild = NoticeCache.Pending(cache: remembered, folder: paths.cache, context: context)
        }
        return site
    }

    /// What reading a notice depends on besides its file: site.yaml, org.yaml, the secret, the
    /// program.
    private func cacheContext() -> BuildKey {
        var hasher = BuildKey.Hasher("notice cache")
        for name in ["site.yaml", "org.yaml"] {
            hasher.add(FileManager.default.contents(atPath: paths.content.appendingPathComponent(name).path) ?? Data())
        }
        hasher.add(addresses.identity)
        hasher.add(SiteBuild.programIdentity)
        return hasher.finalize()
    }

    /// Parsing front matter and rendering Markdown dominate loading; both cores share it.
    private static func loadConcurrently(_ files: [NoticeFile], loader: NoticeLoader, diagnostics: inout Diagnostics) -> [LoadedNotice] {
        let results = ResultSlots<(LoadedNotice?, Diagnostics)>(count: files.count)
        DispatchQueue.concurrentPerform(iterations: files.count) { index in
            var problems = Diagnostics()
            let notice = loader.load(files[index], diagnostics: &problems)
            results.set(index, (notice, problems))
        }
        var notices: [LoadedNotice] = []
        for (notice, problems) in results.values {
            diagnostics.append(contentsOf: problems)
            if let notice { notices.append(notice) }
        }
        return notices
    }

    /// `content/channels.yaml`, which a site may not have.
    private func readChannels(organisation: Organisation?, diagnostics: inout Diagnostics) -> [Channel] {
        guard FileManager.default.fileExists(atPath: paths.content.appendingPathComponent("channels.yaml").path) else { return [] }
        return readYAMLFile("channels.yaml", diagnostics: &diagnostics) { text, path, diagnostics in
            ChannelsLoader(path: path, organisation: organisation).load(text, diagnostics: &diagnostics)
        } ?? []
    }

    private func readYAMLFile<T>(_ name: String, diagnostics: inout Diagnostics,
                                 parse: (String, String, inout Diagnostics) -> T?) -> T? {
        let display = paths.display("content/\(name)")
        guard let data = FileManager.default.contents(atPath: paths.content.appendingPathComponent(name).path) else {
            diagnostics.error("missing content/\(name)", at: SourceLocation(path: display))
            return nil
        }
        switch SourceText.decode(data, path: display) {
        case .success(let text):
            return parse(text, display, &diagnostics)
        case .failure(let problem):
            diagnostics.error(problem.message, at: problem.location)
            return nil
        }
    }
}

/// One slot per task of a concurrent loop, each written by its own task only.
final class ResultSlots<Value>: @unchecked Sendable {
    private var slots: [Value?]
    private let lock = NSLock()

    init(count: Int) {
        slots = Array(repeating: nil, count: count)
    }

    func set(_ index: Int, _ value: Value) {
        lock.withLock { slots[index] = value }
    }

    var values: [Value] { lock.withLock { slots.compactMap { $0 } } }

    /// Every slot, in order, unset ones as nil.
    var all: [Value?] { lock.withLock { slots } }
}
