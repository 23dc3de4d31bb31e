import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Symbolic links in what rentai reads (notices, attachments, templates, assets): followed only to
/// a file inside the folder they belong to, resolved the way the kernel does (realpath), and never
/// to a folder, whose links can loop. Nothing from outside the site is ever read or published.
enum ContentLinks {
    enum Verdict {
        /// Not a link: read it where it is.
        case plain
        /// A link to a file inside the allowed folder: read the file it leads to.
        case file(URL)
        case outside
        case folder
        case broken
    }

    static func verdict(for url: URL, within folder: URL) -> Verdict {
        // One lstat: asking Foundation for a link's destination throws, slowly, for every file
        // that is not one, and a site has tens of thousands.
        var info = stat()
        guard lstat(url.path, &info) == 0, (info.st_mode & S_IFMT) == S_IFLNK else { return .plain }
        guard let resolved = realPath(url.path), let root = realPath(folder.path) else { return .broken }
        guard resolved.hasPrefix(root + "/") else { return .outside }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: resolved, isDirectory: &isDirectory) else { return .broken }
        return isDirectory.boolValue ? .folder : .file(URL(fileURLWithPath: resolved))
    }

    /// Whether the path is a plain file (following links): not a FIFO, a socket or a device, which
    /// a build cannot copy (reading a FIFO waits for a writer).
    static func isRegularFile(_ url: URL) -> Bool {
        var info = stat()
        return stat(url.path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFREG
    }

    /// The path with every link resolved, or nil when it cannot be (a loop, a missing target).
    static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }
}
