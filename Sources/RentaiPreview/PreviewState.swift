import Foundation

/// One message on an open page's event stream.
enum PreviewEvent: Sendable, Equatable {
    /// A build ended: reload, or show its errors.
    case status(PreviewStatus)
    /// A comment every few seconds, so that a page that went away is noticed and forgotten.
    case keepAlive

    var serverSentEvent: String {
        switch self {
        case .status(let status): status.serverSentEvent
        case .keepAlive: ": keep-alive\n\n"
        }
    }
}

/// What the preview knows between requests: the last build's status, the site it serves, and
/// the pages listening for the next build. Builds write it; requests read it.
actor PreviewState {
    private(set) var status = PreviewStatus()
    /// The last site built (or, before any build succeeded, the settings read so far).
    private(set) var site: PreviewSite?
    /// True from the start: the first build is about to run, and requests wait for it.
    private(set) var isBuilding = true
    private var idleWaiters: [CheckedContinuation<Void, Never>] = []
    private var listeners: [UUID: AsyncStream<PreviewEvent>.Continuation] = [:]
    private var isClosed = false

    var snapshot: (status: PreviewStatus, site: PreviewSite?) { (status, site) }

    func buildStarted() {
        isBuilding = true
    }

    /// Records the end of a build and tells every open page.
    func buildFinished(status: PreviewStatus, site: PreviewSite?) {
        self.status = status
        if let site { self.site = site }
        isBuilding = false
        for waiter in idleWaiters { waiter.resume() }
        idleWaiters.removeAll()
        broadcast(.status(status))
    }

    /// Returns once no build is running: a request that arrives while the new site is being
    /// swapped in waits for it rather than finding no file.
    func waitUntilIdle() async {
        guard isBuilding else { return }
        await withCheckedContinuation { idleWaiters.append($0) }
    }

    /// The events of one open page, starting with the status as it is now.
    func events() -> AsyncStream<PreviewEvent> {
        let (stream, continuation) = AsyncStream<PreviewEvent>.makeStream(bufferingPolicy: .bufferingNewest(8))
        continuation.yield(.status(status))
        guard !isClosed else {
            continuation.finish()
            return stream
        }
        let id = UUID()
        listeners[id] = continuation
        continuation.onTermination = { [weak self] _ in
            Task { await self?.forget(id) }
        }
        return stream
    }

    func keepAlive() {
        broadcast(.keepAlive)
    }

    /// Ends every page's event stream: the server is stopping.
    func close() {
        isClosed = true
        for listener in listeners.values { listener.finish() }
        listeners.removeAll()
    }

    private func forget(_ id: UUID) {
        listeners[id] = nil
    }

    private func broadcast(_ event: PreviewEvent) {
        for listener in listeners.values { listener.yield(event) }
    }
}
