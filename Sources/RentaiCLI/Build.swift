import ArgumentParser
import Foundation
import RentaiCore

struct Build: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check the site, then build it: a portal, feed and calendar for every profile, and the shared layers that hold its history.",
        discussion: """
        The site is written into a new folder beside the output and swapped in only when \
        everything succeeded: after an error, the published site is exactly as it was.

          rentai build --site . --now "2026-11-26 12:00"
        """)

    @OptionGroup var options: SiteOptions

    @Option(help: ArgumentHelp("Where to write the site (default: public/ in the site folder).", valueName: "dir"))
    var output: String?

    @Flag(help: "Publish drafts too, for a preview.")
    var drafts = false

    @Flag(help: "Write the whole site again, ignoring what the last build left in .rentai-cache/.")
    var clean = false

    @Flag(help: "Print only errors and the summary, even on a terminal.")
    var quiet = false

    func run() throws {
        Interruption.removeStagingOnSignal()
        let outputURL = output.map { URL(fileURLWithPath: $0).standardizedFileURL }
        var buildOptions = BuildOptions(paths: options.paths, output: outputURL, now: options.moment(), includeDrafts: drafts,
                                        secret: try options.secret())
        buildOptions.incremental = !clean
        let progress = ProgressLine(enabled: !quiet)
        buildOptions.progress = progress.handler
        defer { progress.finish() }
        let result: BuildResult
        do {
            result = try SiteBuild.build(buildOptions)
            progress.finish()
        } catch let refusal as OutputCheck.Refusal {
            Terminal.error("rentai: \(refusal); nothing was written")
            throw ExitCode(1)
        } catch {
            Interruption.waitIfStopping()
            Terminal.error("rentai: the build could not write the site: \(ErrorMessage.text(error)); the published site is unchanged")
            throw ExitCode(1)
        }
        switch result {
        case .failed(let diagnostics):
            Terminal.report(diagnostics)
            Terminal.error("rentai: \(Terminal.count(diagnostics.filter { !$0.isWarning }.count, "error")); nothing was written, and \(output ?? "public/") is unchanged")
            throw ExitCode(1)
        case .leaked(let leaks):
            for leak in leaks { Terminal.error((output ?? options.paths.display("public")) + "/" + leak.description) }
            Terminal.error("rentai: the audit found \(Terminal.count(leaks.count, "leak")): a notice would reach readers it is not for; nothing was published, and \(output ?? "public/") is unchanged")
            throw ExitCode(1)
        case .built(let summary):
            Terminal.report(summary.warnings)
            let notices = summary.active + summary.archived
            print("rentai: built \(Terminal.count(notices, "notice")) (\(summary.active) active, \(summary.archived) archived; \(summary.unpublished) not published yet) for \(Terminal.count(summary.profiles, "profile")), in \(Terminal.count(summary.layers, "layer"))")
            print("rentai: \(Self.account(summary)) \(output ?? options.paths.display("public"))/ in \(String(format: "%.2f", summary.seconds)) s")
        }
    }

    /// "wrote 46097 files to", or for an incremental build "wrote 12 files (46085 unchanged,
    /// 1 removed, 2 repaired: changed or deleted since the last build) to".
    static func account(_ summary: BuildSummary) -> String {
        guard summary.incremental else { return "wrote \(Terminal.count(summary.filesWritten, "file")) to" }
        var parts = ["\(summary.filesUnchanged) unchanged"]
        if summary.filesRemoved > 0 { parts.append("\(summary.filesRemoved) removed") }
        if summary.filesRepaired > 0 { parts.append("\(summary.filesRepaired) repaired: changed or deleted since the last build") }
        return "wrote \(Terminal.count(summary.filesWritten, "file")) (\(parts.joined(separator: ", "))) to"
    }
}
