import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A fresh folder beside the output where a build makes the whole new site; it takes the output's
/// place in one step only once everything succeeded, so a reader never sees half a site and a
/// failed or killed build leaves the published one exactly as it was (SPEC §5). An incremental
/// build writes here only what changed and gives every unchanged file of the output a second
/// name (a hard link) here: the new site is whole before it is swapped in, for the cost of a
/// name per file, not a copy.
public class StagingFolder: @unchecked Sendable {
    public let output: URL
    public let url: URL
    private var finished = false
    private let foldersLock = NSLock()
    private var folders: Set<String> = []

    /// The file that marks a folder as a site Rentai wrote, and so one it may replace.
    public static let marker = ".rentai-output"

    public init(replacing output: URL) throws {
        self.output = output.standardizedFileURL
        let parent = self.output.deletingLastPathComponent()
        try PlainFile.makeFolders(parent.path)
        Self.removeLeftovers(of: self.output)
        self.url = parent.appendingPathComponent(".rentai-staging-\(self.output.lastPathComponent)-\(UUID().uuidString.prefix(8))", isDirectory: true)
        guard mkdir(url.path, 0o755) == 0 else { throw PlainFile.WriteError(path: url.path, code: errno) }
        Self.inProgress.withLock { $0.insert(url.path) }
        try PlainFile.write(Data("This folder is written by `rentai build` and replaced whole by the next build.\n".utf8),
                            to: url.appendingPathComponent(Self.marker).path)
    }

    deinit {
        if !finished { discard() }
    }

    // MARK: Interrupted builds

    private static let inProgress = Locked<Set<String>>([])

    /// Set once the process is stopping: no write may create anything any more.
    private static let stopping = Locked(false)

    /// Removes every staging folder still being written: for a build stopped by Ctrl-C or a
    /// signal, so that it leaves nothing behind (SPEC §13). Writes are refused from now on; each
    /// folder is first renamed, so that the build's own clean-up and this one never delete the
    /// same tree at once, and whatever a write already under way re-creates is removed after it.
    public static func discardAllInProgress() {
        stopping.withLock { $0 = true }
        let folders = inProgress.withLock { $0 }
        var renamed: [String] = []
        for path in folders {
            let aside = path + "-stopped-" + UUID().uuidString.prefix(8)
            if rename(path, aside) == 0 { renamed.append(aside) }
        }
        usleep(50_000)
        for path in renamed + folders { removeCompletely(path) }
    }

    /// Deletes a tree, again if something else deleted or wrote in it meanwhile.
    private static func removeCompletely(_ path: String) {
        for _ in 0..<5 where FileManager.default.fileExists(atPath: path) {
            try? FileManager.default.removeItem(atPath: path)
        }
    }

    /// Whether a signal is stopping the process: a build that fails now failed because of it,
    /// and must leave the exit to the signal's handler, which is still removing its folder.
    public static var isStopping: Bool { stopping.withLock { $0 } }

    private func refuseWhenStopping() throws {
        if Self.stopping.withLock({ $0 }) { throw CocoaError(.userCancelled) }
    }

    /// A build killed outright leaves its staging folder (or, killed after the swap, the site it
    /// replaced); the next build of the same output removes it.
    static func removeLeftovers(of output: URL) {
        let parent = output.deletingLastPathComponent()
        let name = output.lastPathComponent
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: parent.path)) ?? []
        for entry in entries where entry.hasPrefix(".rentai-staging-\(name)-") || entry.hasPrefix(".rentai-old-\(name)-") {
            FolderSwap.remove(parent.appendingPathComponent(entry).path)
        }
    }

    // MARK: Making the new site

    /// Writes `data` at `path` (relative, `/`-separated) inside the staging folder; returns the
    /// file's stamp.
    @discardableResult
    public func write(_ data: [UInt8], to path: String) throws -> FileStamp {
        try refuseWhenStopping()
        let file = url.appendingPathComponent(path).path
        try makeFolder(parent(of: file))
        // Not `Data.write(to:)`, which syncs every file to disk: the swap is the moment of
        // publication, and syncing tens of thousands of pages one by one would dominate a build.
        return try PlainFile.write(data, to: file)
    }

    @discardableResult
    public func write(_ text: String, to path: String) throws -> FileStamp {
        try write(Array(text.utf8), to: path)
    }

    /// Copies `source` to `path` inside the staging folder, a piece at a time.
    func copy(_ source: URL, to path: String) throws -> FileStamp {
        try refuseWhenStopping()
        let file = url.appendingPathComponent(path).path
        try makeFolder(parent(of: file))
        return try PlainFile.copy(source.path, to: file)
    }

    /// Gives each of the output's files at `paths` the same path here, on every core: the files
    /// an incremental build leaves as they are.
    func link(_ paths: [String], from folder: URL) throws {
        let source = folder.standardizedFileURL.path + "/", target = url.path + "/"
        let failure = Locked<Error?>(nil)
        DispatchQueue.concurrentPerform(iterations: paths.count) { index in
            guard failure.withLock({ $0 }) == nil else { return }
            do {
                try refuseWhenStopping()
                let file = target + paths[index]
                try makeFolder(parent(of: file))
                try PlainFile.link(source + paths[index], to: file)
            } catch {
                failure.withLock { $0 = $0 ?? error }
            }
        }
        if let error = failure.withLock({ $0 }) { throw error }
    }

    private func parent(of path: String) -> String {
        String(path[..<(path.lastIndex(of: "/") ?? path.endIndex)])
    }

    /// Creates a folder once: pages share folders, and asking the file system again is not free.
    private func makeFolder(_ path: String) throws {
        if foldersLock.withLock({ folders.contains(path) }) { return }
        try PlainFile.makeFolders(path)
        foldersLock.withLock { _ = folders.insert(path) }
    }

    // MARK: Publishing

    /// Puts the staged site in place of the output in one step, runs `published` (to record what
    /// is there now), then removes the site it replaced.
    public func publish(then published: () throws -> Void = {}) throws {
        try refuseWhenStopping()
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: output.path, isDirectory: &isFolder), isFolder.boolValue { try carryOverDotFiles() }
        let aside = url.deletingLastPathComponent()
            .appendingPathComponent(".rentai-old-\(output.lastPathComponent)-\(UUID().uuidString.prefix(8))").path
        let replaced = try FolderSwap.replace(output.path, with: url.path, aside: aside)
        finished = true
        Self.inProgress.withLock { _ = $0.remove(url.path) }
        defer { if let replaced { FolderSwap.remove(replaced) } }
        try published()
    }

    /// Dot-files at the top of the output (`.git` of a deploy branch, `.gitkeep`) are not the
    /// build's: they move into the new site, as Zola's `preserve_dotfiles_in_output` does. Linked,
    /// not copied: a deploy branch's history may be large, and the old site is deleted after.
    private func carryOverDotFiles() throws {
        for name in (try? FileManager.default.contentsOfDirectory(atPath: output.path)) ?? [] where name.hasPrefix(".") {
            let target = url.appendingPathComponent(name).path
            var info = stat()
            guard lstat(target, &info) != 0 else { continue }
            try Self.linkTree(output.appendingPathComponent(name).path, to: target)
        }
    }

    /// Links every file of a tree at a new place, making its folders and symbolic links anew.
    private static func linkTree(_ source: String, to target: String) throws {
        var info = stat()
        guard lstat(source, &info) == 0 else { throw PlainFile.ReadError(path: source, code: errno) }
        switch info.st_mode & S_IFMT {
        case S_IFDIR:
            guard mkdir(target, info.st_mode & 0o7777) == 0 else { throw PlainFile.WriteError(path: target, code: errno) }
            for entry in (try? FileManager.default.contentsOfDirectory(atPath: source)) ?? [] {
                try linkTree(source + "/" + entry, to: target + "/" + entry)
            }
        case S_IFLNK:
            let destination = try FileManager.default.destinationOfSymbolicLink(atPath: source)
            guard symlink(destination, target) == 0 else { throw PlainFile.WriteError(path: target, code: errno) }
        case S_IFREG:
            try PlainFile.link(source, to: target)
        default:
            break   // a pipe or socket someone left: not part of any site
        }
    }

    /// Removes the staging folder, leaving the output as it was.
    public func discard() {
        finished = true
        Self.inProgress.withLock { _ = $0.remove(url.path) }
        FolderSwap.remove(url.path)
    }
}
