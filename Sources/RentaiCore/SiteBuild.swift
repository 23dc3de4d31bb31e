import Foundation

/// What `rentai build` and `rentai check` are given. Time comes in here; only the command line
/// reads the clock.
public struct BuildOptions: Sendable {
    public var paths: SitePaths
    /// Where the site goes; `public/` inside the site unless `--output` says otherwise.
    public var output: URL
    public var now: Date
    public var includeDrafts: Bool
    /// Publishes notices dated after `now` as if they were due: for a preview only.
    public var includeScheduled = false
    /// With a secret, portals and notice pages live at private addresses (SPEC §11).
    public var secret: Data?
    /// Told where the build is; the command line shows it on a terminal.
    public var progress: ProgressHandler?
    /// False: ignore what the last build left and write the whole site again (`--clean`).
    public var incremental = true

    public init(paths: SitePaths, output: URL? = nil, now: Date, includeDrafts: Bool = false, secret: Data? = nil) {
        self.paths = paths
        self.output = output ?? paths.defaultOutput
        self.now = now
        self.includeDrafts = includeDrafts
        self.secret = secret
    }
}

/// The one-screen account of a build.
public struct BuildSummary: Sendable {
    public var active = 0
    public var archived = 0
    public var unpublished = 0
    /// Notice files read; the others were as the last build read them (`.rentai-cache/`).
    public var noticesRead = 0
    public var profiles = 0
    /// Layers written: the shared lists that hold the site's history (SPEC §15).
    public var layers = 0
    /// Files written (new or changed) by this build.
    public var filesWritten = 0
    /// Files the output already held as this build makes them: left untouched.
    public var filesUnchanged = 0
    /// Files of the last build that the site no longer has, removed.
    public var filesRemoved = 0
    /// Files of the output changed or removed since the last build (by hand, by another
    /// program), and written again.
    public var filesRepaired = 0
    /// What was left out (invisible characters, a link among the assets), as warnings.
    public var warnings: [Diagnostic] = []
    /// The settings and organisation the site was built with (the preview serves by them).
    public var settings: SiteSettings?
    public var organisation: Organisation?
    /// Whether only what changed since the last build was made (false: the whole site).
    public var incremental = false
    public var seconds = 0.0
    public var output: URL
}

public enum BuildResult: Sendable {
    case built(BuildSummary)
    /// Content errors: nothing was written and the output is as it was.
    case failed([Diagnostic])
    /// The audit found a notice where it must not be: the site was not published.
    case leaked([AuditLeak])
}

/// The pipeline, top to bottom: load → validate → resolve audiences → render → write.
public enum SiteBuild {
    /// Loads and checks everything, writing nothing (`rentai check`): errors and warnings, in
    /// file order.
    public static func check(_ options: BuildOptions) -> (LoadedSite?, [Diagnostic]) {
        var diagnostics = Diagnostics()
        let site = SiteLoader(paths: options.paths).load(diagnostics: &diagnostics)
        _ = TemplateSet.load(paths: options.paths, diagnostics: &diagnostics)
        _ = siteAssets(options.paths, diagnostics: &diagnostics)
        return (diagnostics.isEmpty ? site : nil, Diagnostics.settled(diagnostics.all + diagnostics.warnings + (site?.warnings ?? [])))
    }

    /// Builds the site into a staging folder and swaps it in place of the output only when every
    /// step succeeded. Throws only for I/O failures.
    public static func build(_ options: BuildOptions) throws -> BuildResult {
        try build(options, staging: StagingFolder.init(replacing:))
    }

    /// `staging` makes the folder the site is written into; tests pass one that fails on purpose.
    static func build(_ options: BuildOptions, staging makeStaging: @escaping (URL) throws -> StagingFolder) throws -> BuildResult {
        let clock = ContinuousClock()
        let started = clock.now

        // What the last build left in the output (its manifest, and every file's size and time
        // as they are now) is read on another core while the notices load.
        let cache = options.paths.cache
        let siteKey = siteKey(options)
        if !options.incremental { OutputManifest.forget(options.output, cache: cache) }
        let last = Lazy { options.incremental ? LastOutput.read(output: options.output, cache: cache, site: siteKey) : nil }
        DispatchQueue.global().async { _ = last.value }

        // Load and validate.
        options.progress?(BuildProgress(stage: .loading))
        var diagnostics = Diagnostics()
        var loader = SiteLoader(paths: options.paths, addresses: SiteAddresses(secret: options.secret))
        loader.usesCache = options.incremental
        loader.remembers = true
        let site = loader.load(diagnostics: &diagnostics)
        let templates = TemplateSet.load(paths: options.paths, diagnostics: &diagnostics)
        let assets = siteAssets(options.paths, diagnostics: &diagnostics)
        guard let site, diagnostics.isEmpty else { return .failed(Diagnostics.settled(diagnostics.all + diagnostics.warnings)) }

        // Resolve audiences.
        let statuses = site.notices.map { NoticeStatus(of: $0, now: options.now, includeDrafts: options.includeDrafts, includeScheduled: options.includeScheduled) }
        let listings = SiteListings(notices: site.notices, statuses: statuses, organisation: site.organisation,
                                    settings: site.settings, now: options.now)

        // Render and write: only what changed since the last build, audited before it is written,
        // and put in place only when everything succeeded.
        try OutputCheck(paths: options.paths, output: options.output).check()
        let input = RenderInput(settings: site.settings, organisation: site.organisation, notices: site.notices,
                                statuses: statuses, listings: listings, now: options.now)
        // Prepared only if some file is rendered: a rebuild with nothing changed needs no audit.
        let audit = Lazy { SiteAudit.FileCheck(audit: SiteAudit(site: site, statuses: statuses, filing: listings.filing)) }
        let keys = RenderKeys(site: siteKey, siteContent: siteContentKey(options), input: input)
        let pieceScans = PieceScans()
        let writer = SiteWriter(output: options.output, cache: cache, site: keys.site, last: last.value, makeStaging: makeStaging) {
            audit.value.leaks(in: $1, at: $0, pieces: $2, cache: pieceScans)
        }
        // A whole build audits every file: its audit is prepared on another core meanwhile.
        if !writer.isIncremental { DispatchQueue.global().async { _ = audit.value } }
        do {
            try SiteRenderer(input: input, templates: templates, assets: assets, keys: keys, progress: options.progress)
                .render(into: writer)
            // Nothing crosses a line into the published site (SPEC §11).
            let leaks = writer.leaks
            guard leaks.isEmpty else {
                writer.discard()
                return .leaked(leaks)
            }
            options.progress?(BuildProgress(stage: .publishing))
            try writer.publish()
            site.notesForNextBuild?.write()
        } catch {
            writer.discard()
            throw error
        }

        var summary = BuildSummary(output: options.output)
        summary.warnings = Diagnostics.settled(site.warnings + diagnostics.warnings)
        summary.active = statuses.filter { $0 == .active }.count
        summary.archived = statuses.filter { $0 == .archived }.count
        summary.unpublished = statuses.filter { $0 == .unpublished }.count
        summary.noticesRead = site.noticesRead
        summary.settings = site.settings
        summary.organisation = site.organisation
        summary.profiles = listings.profileCount
        summary.layers = listings.filing.layers.count
        summary.filesWritten = writer.writtenCount
        summary.filesUnchanged = writer.unchanged
        summary.filesRemoved = writer.removedCount
        summary.filesRepaired = writer.repairedCount
        summary.incremental = writer.isIncremental
        let elapsed = clock.now - started
        summary.seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        return .built(summary)
    }

    /// What every file depends on: site.yaml and org.yaml as written, the secret, and the
    /// program itself (a new rentai may write other bytes, so it starts afresh).
    static func siteKey(_ options: BuildOptions) -> BuildKey {
        var hasher = BuildKey.Hasher("site")
        hasher.add(siteContentKey(options))
        hasher.add(programIdentity)
        return hasher.finalize()
    }

    /// The same without the program: what output that must not change from one build of Rentai
    /// to the next (the versions in search indexes) is keyed by.
    static func siteContentKey(_ options: BuildOptions) -> BuildKey {
        var hasher = BuildKey.Hasher("site content")
        for name in ["site.yaml", "org.yaml"] {
            hasher.add(FileManager.default.contents(atPath: options.paths.content.appendingPathComponent(name).path) ?? Data())
        }
        hasher.add(options.secret.map { BuildKey.of("secret", $0).description } ?? "readable")
        return hasher.finalize()
    }

    /// The running program's size and modification time.
    static let programIdentity: String = {
        let path = Bundle.main.executablePath ?? CommandLine.arguments[0]
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path) else { return "unknown \(UUID())" }
        let size = attributes[.size] as? Int ?? 0
        let modified = (attributes[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0
        return "\(path) \(size) \(modified)"
    }()

    /// The site's own `templates/assets/**`, by path under `assets/`; dot-files are ignored, and
    /// what cannot be published (a link out of the site, to a folder, or to nothing; a FIFO) is
    /// left out with a warning.
    static func siteAssets(_ paths: SitePaths, diagnostics: inout Diagnostics) -> [String: URL] {
        let folder = paths.templates.appendingPathComponent("assets", isDirectory: true)
        guard let enumerator = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: [.isRegularFileKey],
                                                              options: [.skipsHiddenFiles]) else { return [:] }
        var assets: [String: URL] = [:]
        let prefix = folder.standardizedFileURL.path + "/"
        for case let url as URL in enumerator {
            let path = url.standardizedFileURL.path
            guard path.hasPrefix(prefix) else { continue }
            // An asset that is a link is published only as a copy of a file inside the site.
            let name = String(path.dropFirst(prefix.count))
            let display = SourceLocation(path: paths.display("templates/assets/" + name))
            switch ContentLinks.verdict(for: url, within: paths.root) {
            case .plain:
                var isFolder: ObjCBool = false
                guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isFolder), !isFolder.boolValue else { continue }
                guard ContentLinks.isRegularFile(url) else {
                    diagnostics.warning("'\(name)' is not a file (a FIFO, a socket or a device) and is left out of assets/", at: display)
                    continue
                }
                assets[name] = url
            case .file(let target):
                assets[name] = target
            case .outside:
                diagnostics.warning("'\(name)' is a link to a file outside the site and is left out of assets/; copy the file in instead", at: display)
            case .folder:
                diagnostics.warning("'\(name)' is a link to a folder and is left out of assets/; move the folder here instead", at: display)
            case .broken:
                diagnostics.warning("'\(name)' is a link that leads nowhere and is left out of assets/", at: display)
            }
        }
        return assets
    }
}

extension SiteBuild {
    /// `rentai audit`: loads the site and audits an output folder already built (SPEC §11).
    public static func audit(_ options: BuildOptions) throws -> Result<[AuditLeak], AuditFailure> {
        var diagnostics = Diagnostics()
        guard let site = SiteLoader(paths: options.paths, addresses: SiteAddresses(secret: options.secret)).load(diagnostics: &diagnostics) else {
            return .failure(.content(diagnostics.sorted))
        }
        guard FileManager.default.fileExists(atPath: options.output.appendingPathComponent("index.html").path) else {
            return .failure(.notBuilt(options.output.path))
        }
        // A private build read without its secret (or the other way round) has no portal where
        // the audit looks for them: say so rather than report every file.
        let someProfile = site.organisation.profiles.first.map { site.settings.addresses.portalFolder($0) }
        if let someProfile, !FileManager.default.fileExists(atPath: options.output.appendingPathComponent(someProfile).path) {
            return .failure(.otherSecret)
        }
        return .success(try SiteAudit(site: site, now: options.now, includeDrafts: options.includeDrafts, includeScheduled: options.includeScheduled).audit(output: options.output))
    }

    public enum AuditFailure: Error {
        case content([Diagnostic])
        case notBuilt(String)
        /// The portals are not where this secret (or its absence) puts them.
        case otherSecret
    }
}
