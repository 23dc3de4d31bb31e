import ArgumentParser
import Foundation
import RentaiCore

struct Diff: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show who a change reaches, before it is merged: each notice added, removed, edited or retargeted.",
        discussion: """
        Compares the site at a git revision (default HEAD) with the working tree, using git, and \
        lists every notice whose text or audience changed: who it reached before and after, the \
        profiles gained and lost by council, union and role, the channels it goes to, and flags \
        for what a reviewer must look at (everyone, wider-place, space-moved, vanished, appeared, \
        draft-removed). --format markdown is made to be posted on a pull request.

          rentai diff
          rentai diff --base origin/main --format markdown > diff.md
        """)

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text, markdown, json
    }

    @OptionGroup var options: SiteOptions

    @Option(help: ArgumentHelp("The git revision to compare the working tree with.", valueName: "rev"))
    var base = "HEAD"

    @Option(help: "text, markdown or json.")
    var format: Format = .text

    func run() throws {
        let paths = options.paths
        let secret = try options.secret()
        let revision: GitRevision
        do {
            revision = try GitRevision.export(base, site: paths.root)
        } catch {
            Terminal.error("rentai: cannot read the site at \(base): \(error)")
            throw ExitCode(1)
        }
        defer { revision.remove() }
        let addresses = SiteAddresses(secret: secret)
        var problems = Diagnostics()
        var baseLoader = SiteLoader(paths: SitePaths(site: revision.folder.path), addresses: addresses)
        baseLoader.rendersBodies = false
        let before = baseLoader.load(diagnostics: &problems)
        let shown = problems.sorted.map { $0.description.replacingOccurrences(of: revision.folder.path + "/", with: "\(base):") }
        var current = Diagnostics()
        var loader = SiteLoader(paths: paths, addresses: addresses)
        loader.rendersBodies = false
        let after = loader.load(diagnostics: &current)
        guard let before, let after else {
            for line in shown + current.sorted.filter({ !$0.isWarning }).map(\.description) { Terminal.error(line) }
            Terminal.error("rentai: the site does not load \(before == nil ? "at \(base)" : "in the working tree"); nothing to compare")
            throw ExitCode(1)
        }
        let changes = SiteDiff(before: before, after: after, now: options.moment()).changes()
        let report = DiffReport(base: revision.hash, revision: base, changes: changes, before: before, after: after)
        switch format {
        case .text: print(report.text, terminator: "")
        case .markdown: print(report.markdown, terminator: "")
        case .json: print(report.json, terminator: "")
        }
    }
}
