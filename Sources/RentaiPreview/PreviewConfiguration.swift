import Foundation
import RentaiCore

/// What `rentai serve` was asked for (SPEC §12): the site, the build's options, and the port.
public struct PreviewConfiguration: Sendable {
    public var paths: SitePaths
    /// The secret of private addresses, read as `rentai build` reads it (SPEC §11).
    public var secret: Data?
    public var includeDrafts: Bool
    public var includeScheduled: Bool
    /// The moment each build is for (`rentai serve` fixes one for its whole session).
    public var now: @Sendable () -> Date
    /// 0 asks the system for a free port.
    public var port: Int
    /// How often `content/` and `templates/` are looked at: polling works on every file system.
    public var pollInterval: Duration = .milliseconds(300)
    /// How long the files must stay unchanged before a rebuild starts, so that an editor that
    /// saves in several steps (or `git checkout`) causes one build, not several.
    public var settleInterval: Duration = .milliseconds(100)
    /// Told where a long build is; the command line shows it on a terminal.
    public var progress: ProgressHandler?
    /// Asks for a build now, changed files or not (SIGHUP, as daemons reload).
    public let rebuildRequests = RebuildRequests()

    public init(paths: SitePaths, secret: Data? = nil, includeDrafts: Bool = false, includeScheduled: Bool = false,
                port: Int = 8080, now: @escaping @Sendable () -> Date) {
        self.paths = paths
        self.secret = secret
        self.includeDrafts = includeDrafts
        self.includeScheduled = includeScheduled
        self.port = port
        self.now = now
    }

    /// `public/`, exactly as `rentai build` writes it; a preview of drafts or scheduled notices
    /// goes to `.rentai-cache/preview/` instead, so that they never reach the published folder.
    public var output: URL {
        guard includeDrafts || includeScheduled else { return paths.defaultOutput }
        return paths.root.appendingPathComponent(".rentai-cache", isDirectory: true)
            .appendingPathComponent("preview", isDirectory: true)
    }

    /// The options of one build, at the moment it starts.
    func buildOptions() -> BuildOptions {
        var options = BuildOptions(paths: paths, output: output, now: now(), includeDrafts: includeDrafts, secret: secret)
        options.includeScheduled = includeScheduled
        options.progress = progress
        return options
    }
}
