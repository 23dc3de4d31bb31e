import ArgumentParser
import RentaiCore

struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check every notice, the org file and the templates; write nothing.",
        discussion: """
        Every problem is printed as path:line:column: error: message, all of them in one run, and \
        what a build would leave out as path:line:column: warning: message. Exit status: 0 when \
        there is no error (warnings or not), 1 when the content has errors.

          rentai check --site .
        """)

    @OptionGroup var options: SiteOptions

    func run() throws {
        let (site, diagnostics) = SiteBuild.check(BuildOptions(paths: options.paths, now: options.moment()))
        Terminal.report(diagnostics)
        guard let site else {
            Terminal.error("rentai: \(Terminal.count(diagnostics.filter { !$0.isWarning }.count, "error"))")
            throw ExitCode(1)
        }
        print("rentai: no errors in \(Terminal.count(site.notices.count, "notice")) for \(Terminal.count(site.organisation.profiles.count, "profile"))")
    }
}
