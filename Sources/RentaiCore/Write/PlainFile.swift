import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes a file with one `open`, `write` and `close`: no temporary file and no sync, which a
/// build of tens of thousands of pages cannot afford per file. The staging folder is what makes
/// the site appear whole.
public enum PlainFile {
    #if canImport(Glibc)
    private static let systemWrite = Glibc.write
    private static let systemRead = Glibc.read
    private static let systemLink = Glibc.link
    #else
    private static let systemWrite = Darwin.write
    private static let systemRead = Darwin.read
    private static let systemLink = Darwin.link
    #endif

    public struct WriteError: Error, CustomStringConvertible {
        public var path: String
        public var code: Int32
        public var description: String { "cannot write \(path): \(ErrorMessage.cause(code))" }
    }

    /// Writes `data` at `path`; returns the file's stamp as written.
    @discardableResult
    static func write(_ data: some ContiguousBytes, to path: String) throws -> FileStamp {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw WriteError(path: path, code: errno) }
        defer { close(descriptor) }
        try data.withUnsafeBytes { try writeAll($0, to: descriptor, path: path) }
        return try stamp(of: descriptor, path: path)
    }

    /// Writes all of `bytes`, however many calls the system takes.
    private static func writeAll(_ bytes: UnsafeRawBufferPointer, to descriptor: Int32, path: String) throws {
        var offset = 0
        while offset < bytes.count {
            let written = systemWrite(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
            if written < 0 {
                if errno == EINTR { continue }
                throw WriteError(path: path, code: errno)
            }
            offset += written
        }
    }

    private static func stamp(of descriptor: Int32, path: String) throws -> FileStamp {
        guard let stamp = FileStamp(descriptor: descriptor) else { throw WriteError(path: path, code: errno) }
        return stamp
    }

    /// The size of the pieces in which files are read and copied.
    static let chunk = 1 << 20

    /// Copies a file a piece at a time, so that memory stays the same whatever its size. Errors
    /// name the file that could not be read or written. Returns the copy's stamp.
    @discardableResult
    static func copy(_ source: String, to path: String) throws -> FileStamp {
        let output = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard output >= 0 else { throw WriteError(path: path, code: errno) }
        defer { close(output) }
        try read(source) { try writeAll($0, to: output, path: path) }
        return try stamp(of: output, path: path)
    }

    /// Feeds a file to `body` a piece at a time (to hash or copy it without holding it).
    static func read(_ path: String, _ body: (UnsafeRawBufferPointer) throws -> Void) throws {
        let input = open(path, O_RDONLY | O_CLOEXEC)
        guard input >= 0 else { throw ReadError(path: path, code: errno) }
        defer { close(input) }
        var buffer = [UInt8](repeating: 0, count: chunk)
        while true {
            let count = buffer.withUnsafeMutableBytes { systemRead(input, $0.baseAddress!, chunk) }
            if count < 0 {
                if errno == EINTR { continue }
                throw ReadError(path: path, code: errno)
            }
            if count == 0 { return }
            try buffer.withUnsafeBytes { try body(UnsafeRawBufferPointer(rebasing: $0[0..<count])) }
        }
    }

    public struct ReadError: Error, CustomStringConvertible {
        public var path: String
        public var code: Int32
        public var description: String { "cannot read \(path): \(ErrorMessage.cause(code))" }
    }

    /// Makes the folder at `path` and any missing parents (`mkdir -p`), with errors that say
    /// which folder and why: Foundation's "A file with the same name already exists" names neither.
    static func makeFolders(_ path: String) throws {
        if mkdir(path, 0o755) == 0 { return }
        switch errno {
        case EEXIST:
            var info = stat()
            guard stat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR else { throw WriteError(path: path, code: ENOTDIR) }
        case ENOENT:
            let parent = (path as NSString).deletingLastPathComponent
            guard parent != path, !parent.isEmpty else { throw WriteError(path: path, code: ENOENT) }
            try makeFolders(parent)
            guard mkdir(path, 0o755) == 0 || errno == EEXIST else { throw WriteError(path: path, code: errno) }
        default:
            throw WriteError(path: path, code: errno)
        }
    }

    /// Gives the file at `source` a second name at `path` (a hard link): the same bytes and
    /// modification time, for nothing. Where the file system has no hard links, a copy that
    /// keeps the modification time (what rsync and CDNs compare).
    static func link(_ source: String, to path: String) throws {
        if systemLink(source, path) == 0 { return }
        let code = errno
        guard [EXDEV, EPERM, ENOTSUP, EOPNOTSUPP, EMLINK].contains(code) else {
            throw code == ENOENT ? ReadError(path: source, code: code) : WriteError(path: path, code: code)
        }
        var info = stat()
        guard stat(source, &info) == 0 else { throw ReadError(path: source, code: errno) }
        try copy(source, to: path)
        let times = [info.st_atim, info.st_mtim]
        guard utimensat(AT_FDCWD, path, times, 0) == 0 else { throw WriteError(path: path, code: errno) }
    }

    /// Writes a file whole or not at all: into a temporary file beside it, then one rename, so
    /// that a reader (the next build) never sees half of it.
    static func replace(_ path: String, with data: Data) throws {
        let url = URL(fileURLWithPath: path)
        let temporary = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).\(UUID().uuidString.prefix(8))").path
        try write(data, to: temporary)
        guard rename(temporary, path) == 0 else {
            let code = errno
            unlink(temporary)
            throw WriteError(path: path, code: code)
        }
    }
}

/// The site's `.rentai-cache/`: what builds remember between runs, never published.
enum CacheFolder {
    /// Makes the folder, which keeps itself out of the site's repository (as .pytest_cache does):
    /// the output manifest lists private addresses.
    static func prepare(_ folder: URL) throws {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let ignore = folder.appendingPathComponent(".gitignore")
        if !FileManager.default.fileExists(atPath: ignore.path) {
            try PlainFile.write(Data("# written by rentai: a cache, never committed\n*\n".utf8), to: ignore.path)
        }
    }
}
