import ArgumentParser
import Foundation
import RentaiCore
import RentaiPreview

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Build the site, serve it on this computer, and rebuild it whenever a file changes.",
        discussion: """
        Serves the site on 127.0.0.1 (this computer only), rebuilds it when a file under content/ \
        or templates/ changes, and reloads the open pages. An error shows over the page and here, \
        while the last good site is still served. The bar at the bottom of every page shows the \
        site as a council, union and role sees it. Without --drafts and --scheduled, public/ is \
        written exactly as rentai build writes it; with either, the preview goes to \
        .rentai-cache/preview/ and public/ is left alone. Ctrl-C stops it (twice: at once); \
        SIGHUP builds again.

          rentai serve --port 8080
          rentai serve --drafts --now "2026-12-01 09:00"
        """)

    @OptionGroup var options: SiteOptions

    @Option(help: ArgumentHelp("The port on 127.0.0.1; 0 picks a free one.", valueName: "port"))
    var port = 8080

    @Flag(help: "Show drafts too (written to .rentai-cache/preview/, never to public/).")
    var drafts = false

    @Flag(help: "Show notices dated after now as if they were due (written to .rentai-cache/preview/ too).")
    var scheduled = false

    @Flag(help: "Print only errors and the summaries, even on a terminal.")
    var quiet = false

    func validate() throws {
        guard (0...65535).contains(port) else {
            throw ValidationError("--port \(port) is not a port; use 1–65535, or 0 for a free one")
        }
    }

    func run() async throws {
        // One moment for the whole session, --now or the time serve started: calendars carry it
        // (DTSTAMP), and a clock read anew would rewrite every calendar on every rebuild.
        let moment = options.moment()
        var configuration = PreviewConfiguration(paths: options.paths, secret: try options.secret(), includeDrafts: drafts,
                                                 includeScheduled: scheduled, port: port, now: { moment })
        let progress = ProgressLine(enabled: !quiet)
        configuration.progress = progress.handler
        let output = configuration.output == options.paths.defaultOutput ? options.paths.display("public") : options.paths.display(".rentai-cache/preview")
        let server = PreviewServer(configuration: configuration) { report in
            progress.finish()
            Self.show(report, output: output)
        }
        Interruption.abandonBuildOnSecondSignal()
        Interruption.rebuildOnHangUp(configuration.rebuildRequests)
        do {
            try await server.run()
        } catch {
            progress.finish()
            Terminal.error("rentai: cannot serve on 127.0.0.1:\(port): \(error); choose another --port, or 0 for a free one")
            throw ExitCode(1)
        }
        Self.say("rentai: stopped")
    }

    /// A line on standard output, written at once even into a pipe: scripts wait for the address.
    private static func say(_ line: String) {
        FileHandle.standardOutput.write(Data((line + "\n").utf8))
    }

    private static func show(_ report: PreviewReport, output: String) {
        switch report {
        case .serving(let url):
            say("rentai: serving \(url.absoluteString) — Ctrl-C to stop")
        case .built(let summary, _):
            Terminal.report(summary.warnings)
            let notices = summary.active + summary.archived
            say("rentai: built \(Terminal.count(notices, "notice")) (\(summary.active) active, \(summary.archived) archived; \(summary.unpublished) not published yet) for \(Terminal.count(summary.profiles, "profile")), in \(Terminal.count(summary.layers, "layer")); \(Build.account(summary)) \(output)/ in \(String(format: "%.2f", summary.seconds)) s")
        case .failed(let diagnostics):
            Terminal.report(diagnostics)
            Terminal.error("rentai: \(Terminal.count(diagnostics.filter { !$0.isWarning }.count, "error")); still serving the last good site")
        case .leaked(let leaks, let folder):
            for leak in leaks { Terminal.error(folder + "/" + leak.description) }
            Terminal.error("rentai: the audit found \(Terminal.count(leaks.count, "leak")): a notice would reach readers it is not for; still serving the last good site")
        case .stoppingAfterBuild:
            Terminal.error("rentai: stopping after the build in progress (Ctrl-C again to stop at once)")
        case .notWritten(let message):
            Terminal.error("rentai: the site could not be written: \(message); still serving the last good site")
        }
    }
}
