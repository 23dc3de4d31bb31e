import Foundation

/// Where a site's files are, and how to name them in messages: as the user would type them
/// from the current directory (SPEC §13).
public struct SitePaths: Sendable {
    /// The site folder on disk.
    public var root: URL
    /// What the user typed for `--site` (empty for the current directory).
    public var displayRoot: String

    public init(site: String?) {
        let typed = site ?? ""
        self.displayRoot = typed == "." ? "" : typed
        let cwd = URL(fileURLWithPath: FileManager.default.currentDirectoryPath, isDirectory: true)
        self.root = typed.isEmpty ? cwd : URL(fileURLWithPath: typed, isDirectory: true, relativeTo: cwd).standardizedFileURL
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
