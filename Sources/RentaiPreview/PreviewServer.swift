import Foundation
import Hummingbird
import Logging
import RentaiCore
import ServiceLifecycle

/// `rentai serve` (SPEC §12, §14): builds the site, serves it on 127.0.0.1 only, rebuilds when
/// `content/` or `templates/` change and reloads the open pages; a failed build shows its
/// errors in the pages while the last good site is still served.
public struct PreviewServer: Sendable {
    public let configuration: PreviewConfiguration
    private let report: @Sendable (PreviewReport) -> Void

    /// `report` is told what happens (the address, each build); it is called from any thread.
    public init(configuration: PreviewConfiguration, report: @escaping @Sendable (PreviewReport) -> Void) {
        self.configuration = configuration
        self.report = report
    }

    /// Serves until SIGINT or SIGTERM, then returns once the server has stopped and no build is
    /// running. Throws when the server cannot start (the port is taken).
    public func run() async throws {
        let configuration = self.configuration
        let report = self.report
        let state = PreviewState()
        let builder = PreviewBuilder(configuration: configuration, state: state, report: report)
        let routes = PreviewRoutes(state: state, files: SiteFiles(root: configuration.output),
                                   includeDrafts: configuration.includeDrafts, includeScheduled: configuration.includeScheduled)
        let (listening, listened) = AsyncStream<Void>.makeStream()
        let watcher = SourceWatcher(configuration: configuration, builder: builder, state: state, listening: listening)
        let app = Application(
            router: routes.router(),
            configuration: .init(address: .hostname("127.0.0.1", port: configuration.port)),
            services: [watcher],
            onServerRunning: { channel in
                // The port is ours: the first build starts. Connections wait until it is done;
                // then the address is known, the site's path included.
                let port = channel.localAddress?.port ?? configuration.port
                listened.yield()
                listened.finish()
                await state.waitUntilIdle()
                guard !Task.isShuttingDownGracefully else { return }
                let base = await state.site?.basePath ?? "/"
                report(.serving(URL(string: "http://127.0.0.1:\(port)\(base)")!))
            },
            // The preview speaks through `report` only.
            logger: Logger(label: "rentai.serve", factory: { _ in SwiftLogNoOpLogHandler() })
        )
        // SIGINT and SIGTERM stop it gracefully: open streams end, the watcher stops after the
        // build in progress.
        try await app.runService()
    }
}
