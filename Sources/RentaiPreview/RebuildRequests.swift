import Foundation

/// A request for a build whatever the files say, from any thread (a signal handler): the watcher
/// takes it at its next look. Several requests before it looks make one build.
public final class RebuildRequests: @unchecked Sendable {
    private let lock = NSLock()
    private var pending = false

    public init() {}

    public func request() {
        lock.withLock { pending = true }
    }

    /// Whether a build was asked for since the last call.
    func take() -> Bool {
        lock.withLock {
            defer { pending = false }
            return pending
        }
    }
}
