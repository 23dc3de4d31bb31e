import Foundation

/// Where a site's files are, and how to name them in messages: as the user would type them
/// from the current directory (SPEC §13).
public struct SitePaths: Sendable {
    /// The site folder on disk.
    public var root: URL
    /// What the user typed for `--site` (empty for the current directory).
    public var displayRoot: String

    /// `site`: what `--site` says. Without it, the site is found as git finds its repository:
    /// the nearest folder holding `content/site.yaml`, from `near` (a file the command was given,
    /// such as the notice of `rentai reach`) or else the current folder, upwards. Found nowhere,
    /// the current folder (whose missing `content/` is then reported).
    public init(site: String?, near file: String? = nil) {
        let typed = site ?? ""
        let cwd = URL(fileURLWithPath: FileManager.default.currentDirectoryPath, isDirectory: true).standardizedFileURL
        guard typed.isEmpty else {
            self.displayRoot = typed == "." ? "" : typed
            self.root = URL(fileURLWithPath: typed, isDirectory: true, relativeTo: cwd).standardizedFileURL
            return
        }
        let start = file.map { URL(fileURLWithPath: $0, relativeTo: cwd).standardizedFileURL.deletingLastPathComponent() } ?? cwd
        let found = Self.siteFolder(from: start) ?? cwd
        self.root = found
        self.displayRoot = Self.relativePath(of: found, from: cwd)
    }

    /// The nearest folder from `start` upwards that holds `content/site.yaml`.
    static func siteFolder(from start: URL) -> URL? {
        var folder = start
        while true {
            if FileManager.default.fileExists(atPath: folder.appendingPathComponent("content/site.yaml").path) { return folder }
            let parent = folder.deletingLastPathComponent()
            if parent.path == folder.path { return nil }
            folder = parent
        }
    }

    /// How to write `folder` from `cwd`: "" for the same folder, `../..` for one above it, else
    /// its path (relative when it lies below `cwd`).
    static func relativePath(of folder: URL, from cwd: URL) -> String {
        let target = folder.pathComponents, base = cwd.pathComponents
        if target == base { return "" }
        if target.starts(with: base) { return target.dropFirst(base.count).joined(separator: "/") }
        if base.starts(with: target) { return Array(repeating: "..", count: base.count - target.count).joined(separator: "/") }
        return folder.path
    }

    public var content: URL { root.appendingPathComponent("content", isDirectory: true) }
    public var notices: URL { content.appendingPathComponent("notices", isDirectory: true) }
    public var templates: URL { root.appendingPathComponent("templates", isDirectory: true) }
    public var defaultOutput: URL { root.appendingPathComponent("public", isDirectory: true) }
    /// What incremental builds remember between runs; never published, safe to delete.
    public var cache: URL { root.appendingPathComponent(".rentai-cache", isDirectory: true) }

    /// A path inside the site, as the user would type it: `content/notices/a.md`, or
    /// `mysite/content/notices/a.md` after `--site mysite`.
    public func display(_ relative: String) -> String {
        guard !displayRoot.isEmpty else { return relative }
        return displayRoot.hasSuffix("/") ? displayRoot + relative : displayRoot + "/" + relative
    }
}
