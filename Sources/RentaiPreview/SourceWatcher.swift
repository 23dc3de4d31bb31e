import Foundation
import ServiceLifecycle

/// Builds the site, then looks at `content/` and `templates/` a few times a second and
/// rebuilds when they changed; the builds run one after the other, never two at once. Also
/// keeps the open pages' event streams alive. Stops when the server stops, after the build in
/// progress, so that no staging folder is left behind.
struct SourceWatcher: Service {
    let configuration: PreviewConfiguration
    let builder: PreviewBuilder
    let state: PreviewState
    /// Yields once the server listens: nothing is built before the port is ours, so that a
    /// second `rentai serve` on a taken port stops without touching the first one's output.
    let listening: AsyncStream<Void>

    /// Some proxies and browsers drop a stream that stays silent for long.
    private let keepAliveEvery: Duration = .seconds(15)

    static func folders(_ configuration: PreviewConfiguration) -> [URL] {
        [configuration.paths.content, configuration.paths.templates]
    }

    func run() async throws {
        await withGracefulShutdownHandler {
            await watch()
        } onGracefulShutdown: { [state, report = builder.report] in
            // Say why stopping takes a moment: a build cut short would leave its folder behind.
            Task {
                if await state.isBuilding { report(.stoppingAfterBuild) }
            }
        }
    }

    private func watch() async {
        for await _ in listening.cancelOnGracefulShutdown() { break }
        guard !Task.isShuttingDownGracefully && !Task.isCancelled else {
            await state.close()
            return
        }
        // Read before the build: a file saved during it differs at the next look, and builds again.
        var seen = SourceSignature(of: Self.folders(configuration))
        await builder.rebuild()
        var silence: Duration = .zero
        // A look at every file takes longer on a large site: the watcher then looks less often,
        // so that it never keeps a core busy (at most a fifth of the time spent looking).
        var interval = configuration.pollInterval
        let clock = ContinuousClock()
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            await pause(interval)
            silence += interval
            if silence >= keepAliveEvery {
                silence = .zero
                await state.keepAlive()
            }
            let started = clock.now
            var current = SourceSignature(of: Self.folders(configuration))
            interval = max(configuration.pollInterval, (clock.now - started) * 4)
            if configuration.rebuildRequests.take() {
                seen = current
                await builder.rebuild()
                continue
            }
            guard current != seen else { continue }
            // Wait until the files stop changing: one build for one save, however it is written;
            // but not for ever (a file that keeps changing must not hold every build back).
            var settling: Duration = .zero
            while !Task.isShuttingDownGracefully && !Task.isCancelled && settling < .seconds(2) {
                await pause(configuration.settleInterval)
                settling += configuration.settleInterval
                let again = SourceSignature(of: Self.folders(configuration))
                if again == current { break }
                current = again
            }
            if Task.isShuttingDownGracefully || Task.isCancelled { break }
            seen = current
            await builder.rebuild()
        }
        await state.close()
    }

    /// Sleeps, or less when the server is asked to stop.
    private func pause(_ duration: Duration) async {
        try? await cancelWhenGracefulShutdown {
            try await Task.sleep(for: duration)
        }
    }
}
