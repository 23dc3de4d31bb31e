import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Puts a finished folder in place of the published one in a single step, and removes the one it
/// replaced.
enum FolderSwap {
    /// Puts the folder at `new` at `old`'s path. Where the system can (Linux's `renameat2` with
    /// `RENAME_EXCHANGE`, on ext4, XFS, Btrfs, tmpfs…) the two folders trade places in one step:
    /// whoever reads `old`'s path finds one folder or the other, whole, at every instant, and a
    /// build killed at any moment leaves one of them there. Elsewhere, two renames: for a moment
    /// the path holds no folder (never half of one). Returns where the replaced folder now is,
    /// nil when there was none.
    static func replace(_ old: String, with new: String, aside: String) throws -> String? {
        var info = stat()
        guard lstat(old, &info) == 0 else {
            guard rename(new, old) == 0 else { throw PlainFile.WriteError(path: old, code: errno) }
            return nil
        }
        if exchange(new, old) { return new }
        guard rename(old, aside) == 0 else { throw PlainFile.WriteError(path: old, code: errno) }
        guard rename(new, old) == 0 else {
            let code = errno
            rename(aside, old)
            throw PlainFile.WriteError(path: old, code: code)
        }
        return aside
    }

    private typealias RenameAt2 = @convention(c) (Int32, UnsafePointer<CChar>?, Int32, UnsafePointer<CChar>?, UInt32) -> Int32

    /// `renameat2(…, RENAME_EXCHANGE)`, which Swift's Glibc module does not declare (glibc has
    /// had it since 2.28); false where there is none or the file system refuses it.
    private static func exchange(_ first: String, _ second: String) -> Bool {
        #if os(Linux)
        guard let symbol = dlsym(nil, "renameat2") else { return false }
        let renameat2 = unsafeBitCast(symbol, to: RenameAt2.self)
        let renameExchange: UInt32 = 1 << 1
        return renameat2(AT_FDCWD, first, AT_FDCWD, second, renameExchange) == 0
        #else
        return false
        #endif
    }

    /// Removes a folder and all it holds, its parts side by side on every core: a site's tens of
    /// thousands of files and folders are the biggest part of a rebuild's time after rendering.
    static func remove(_ path: String) {
        // A link to a folder (an output that points elsewhere) goes; what it points to stays.
        guard isFolder(path) else {
            unlink(path)
            return
        }
        let parts = entries(path).flatMap { entry -> [String] in
            let child = path + "/" + entry
            return isFolder(child) ? entries(child).map { child + "/" + $0 } : [child]
        }
        DispatchQueue.concurrentPerform(iterations: parts.count) { index in
            try? FileManager.default.removeItem(atPath: parts[index])
        }
        try? FileManager.default.removeItem(atPath: path)
    }

    private static func entries(_ path: String) -> [String] {
        (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
    }

    /// A folder itself, not a link to one.
    static func isFolder(_ path: String) -> Bool {
        var info = stat()
        return lstat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
    }
}
