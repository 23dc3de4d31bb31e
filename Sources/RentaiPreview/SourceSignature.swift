import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What the files a build reads look like now: the path, size and modification time of every
/// file under the watched folders. Two readings differ when a file was saved, added, removed or
/// renamed; comparing them is how the preview notices a change without any file-system events,
/// which differ from system to system and miss changes on shared and mounted folders.
struct SourceSignature: Sendable, Equatable {
    struct Stamp: Sendable, Equatable {
        var path: String
        var size: Int64
        var seconds: Int
        var nanoseconds: Int
    }

    private(set) var stamps: [Stamp] = []

    /// Reads every file under `folders` (a folder that does not exist reads as empty). Hidden
    /// files and folders are skipped: the build ignores them, and editors keep their swap files there.
    init(of folders: [URL]) {
        for folder in folders {
            // A content/ that is a link (notices kept in another checkout) is watched where it leads.
            let root = folder.standardizedFileURL.resolvingSymlinksInPath().path
            guard let enumerator = FileManager.default.enumerator(atPath: root) else { continue }
            while let relative = enumerator.nextObject() as? String {
                let name = (relative as NSString).lastPathComponent
                if name.hasPrefix(".") {
                    enumerator.skipDescendants()
                    continue
                }
                if let stamp = Self.stamp(root + "/" + relative) { stamps.append(stamp) }
            }
        }
        // In a fixed order: a folder listed in another order has not changed.
        stamps.sort { $0.path < $1.path }
    }

    /// A file's stamp; nil for a folder (its files have their own) or a file gone meanwhile.
    private static func stamp(_ path: String) -> Stamp? {
        var info = stat()
        // Follow links: a linked notice changes when its target does. A broken link still counts.
        guard stat(path, &info) == 0 || lstat(path, &info) == 0 else { return nil }
        guard (info.st_mode & S_IFMT) != S_IFDIR else { return nil }
        #if canImport(Darwin)
        let modified = info.st_mtimespec
        #else
        let modified = info.st_mtim
        #endif
        return Stamp(path: path, size: Int64(info.st_size), seconds: Int(modified.tv_sec), nanoseconds: Int(modified.tv_nsec))
    }
}
