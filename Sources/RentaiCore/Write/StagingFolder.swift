import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A fresh folder beside the output where a build writes the whole site; it replaces the output
/// only once everything succeeded, so a reader never sees half a site and a failed build leaves
/// the published one exactly as it was (SPEC §5).
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
        try FileManager.default.createDirectory(at: parent, withIntermediateDirectories: true)
        Self.removeLeftovers(of: self.output)
        self.url = parent.appendingPathComponent(".rentai-staging-\(self.output.lastPathComponent)-\(UUID().uuidString.prefix(8))", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: false)
        try PlainFile.write(Data("This folder is written by `rentai build` and replaced whole by the next build.\n".utf8),
                            to: url.appendingPathComponent(Self.marker).path)
        Self.inProgress.withLock { $0.insert(url.path) }
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

    /// A build killed outright leaves its staging folder; the next build of the same output
    /// removes it.
    private static func removeLeftovers(of output: URL) {
        let parent = output.deletingLastPathComponent()
        let name = output.lastPathComponent
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: parent.path)) ?? []
        for entry in entries where entry.hasPrefix(".rentai-staging-\(name)-") || entry.hasPrefix(".rentai-old-\(name)-") {
            try? FileManager.default.removeItem(at: parent.appendingPathComponent(entry))
        }
    }

    /// Writes `data` at `path` (relative, `/`-separated) inside the staging folder.
    public func write(_ data: [UInt8], to path: String) throws {
        try refuseWhenStopping()
        let file = url.appendingPathComponent(path)
        try makeFolder(file.deletingLastPathComponent())
        // Not `Data.write(to:)`, which syncs every file to disk: the swap is the moment of
        // publication, and syncing tens of thousands of pages one by one would dominate a build.
        try PlainFile.write(data, to: file.path)
    }

    public func write(_ text: String, to path: String) throws {
        try write(Array(text.utf8), to: path)
    }

    /// Creates a folder once: pages share folders, and asking the file system again is not free.
    /// `mkdir` itself, its parents first when they are missing: Foundation's version asks about
    /// every folder on the way down for each one it makes.
    private func makeFolder(_ folder: URL) throws {
        try makeFolder(path: folder.path)
    }

    private func makeFolder(path: String) throws {
        if foldersLock.withLock({ folders.contains(path) }) { return }
        if mkdir(path, 0o755) != 0 {
            switch errno {
            case EEXIST:
                break
            case ENOENT:
                try makeFolder(path: (path as NSString).deletingLastPathComponent)
                guard mkdir(path, 0o755) == 0 || errno == EEXIST else { throw PlainFile.WriteError(path: path, code: errno) }
            default:
                throw PlainFile.WriteError(path: path, code: errno)
            }
        }
        foldersLock.withLock { _ = folders.insert(path) }
    }

    /// Puts the staged site in place of the output: the old output is moved aside, the new one
    /// renamed in, and the old one deleted. Both renames stay on one file system.
    public func publish() throws {
        let fileManager = FileManager.default
        let aside = url.deletingLastPathComponent()
            .appendingPathComponent(".rentai-old-\(output.lastPathComponent)-\(UUID().uuidString.prefix(8))")
        var hadOutput = false
        if fileManager.fileExists(atPath: output.path) {
            try carryOverDotFiles()
            try fileManager.moveItem(at: output, to: aside)
            hadOutput = true
        }
        do {
            try fileManager.moveItem(at: url, to: output)
        } catch {
            if hadOutput { try? fileManager.moveItem(at: aside, to: output) }
            throw error
        }
        finished = true
        Self.inProgress.withLock { _ = $0.remove(url.path) }
        if hadOutput { try? fileManager.removeItem(at: aside) }
    }

    /// Dot-files at the top of the output (`.git` of a deploy branch, `.gitkeep`) are not the
    /// build's: they move into the new site, as Zola's `preserve_dotfiles_in_output` does.
    private func carryOverDotFiles() throws {
        let fileManager = FileManager.default
        for name in (try? fileManager.contentsOfDirectory(atPath: output.path)) ?? [] where name.hasPrefix(".") {
            let target = url.appendingPathComponent(name)
            guard !fileManager.fileExists(atPath: target.path) else { continue }
            try fileManager.copyItem(at: output.appendingPathComponent(name), to: target)
        }
    }

    /// Removes the staging folder, leaving the output as it was.
    public func discard() {
        finished = true
        Self.inProgress.withLock { _ = $0.remove(url.path) }
        try? FileManager.default.removeItem(at: url)
    }
}
