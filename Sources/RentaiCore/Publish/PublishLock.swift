import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `.rentai-state/publish.lock`, held (flock) for a whole publish: two publishes of one site at
/// once would mail and post the same window twice. A second one waits for the first.
struct PublishLock {
    private let descriptor: Int32

    init(site: SitePaths) throws {
        let folder = PublishState.folder(of: site)
        try PlainFile.makeFolders(folder.path)
        let path = folder.appendingPathComponent("publish.lock").path
        descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw PlainFile.WriteError(path: path, code: errno) }
        while flock(descriptor, LOCK_EX) != 0 {
            guard errno == EINTR else { throw PlainFile.WriteError(path: path, code: errno) }
        }
    }

    func release() {
        flock(descriptor, LOCK_UN)
        close(descriptor)
    }
}
