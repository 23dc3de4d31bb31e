#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A file's size and modification time as a build left it: what the next build compares to
/// notice a published file changed or removed by hand, and write it again (issue 12). A file
/// edited to the same size within the same nanosecond passes unnoticed, as it does for rsync.
public struct FileStamp: Hashable, Sendable {
    public var size: Int64
    public var seconds: Int64
    public var nanoseconds: Int64

    init(size: Int64, seconds: Int64, nanoseconds: Int64) {
        self.size = size
        self.seconds = seconds
        self.nanoseconds = nanoseconds
    }

    init(_ info: stat) {
        size = Int64(info.st_size)
        #if canImport(Glibc)
        seconds = Int64(info.st_mtim.tv_sec)
        nanoseconds = Int64(info.st_mtim.tv_nsec)
        #else
        seconds = Int64(info.st_mtimespec.tv_sec)
        nanoseconds = Int64(info.st_mtimespec.tv_nsec)
        #endif
    }

    /// The stamp of the regular file at `path`, nil when there is none.
    init?(path: String) {
        var info = stat()
        guard lstat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { return nil }
        self.init(info)
    }

    /// The stamp of the regular file at `path` inside the open folder `folder`.
    init?(_ path: String, in folder: Int32) {
        var info = stat()
        guard fstatat(folder, path, &info, AT_SYMLINK_NOFOLLOW) == 0, (info.st_mode & S_IFMT) == S_IFREG else { return nil }
        self.init(info)
    }

    /// The stamp of an open file.
    init?(descriptor: Int32) {
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { return nil }
        self.init(info)
    }
}
