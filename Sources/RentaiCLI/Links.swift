import ArgumentParser
import Foundation
import RentaiCore

struct Links: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print every profile's portal, feed and calendar address, as CSV for officers.",
        discussion: """
        With a secret (RENTAI_SECRET or --secret-file), the addresses are the private ones that \
        only these links reveal: officers hand each member the row of their profile. Columns: \
        council,union,role,portal,feed,calendar.

          RENTAI_SECRET=… rentai links --site . > links.csv
        """)

    @OptionGroup var options: SiteOptions

    func run() throws {
        var diagnostics = Diagnostics()
        guard let site = SiteLoader(paths: options.paths, addresses: SiteAddresses(secret: try options.secret())).load(diagnostics: &diagnostics) else {
            Terminal.report(diagnostics.sorted)
            Terminal.error("rentai: \(Terminal.count(diagnostics.sorted.count, "error"))")
            throw ExitCode(1)
        }
        print(ProfileLinks(site: site).csv, terminator: "")
    }
}

struct Codeowners: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print a CODEOWNERS file that gives each space's folder to its officers.",
        discussion: """
        GitHub, GitLab and Forgejo read .github/CODEOWNERS (or CODEOWNERS at the top): a change \
        to a folder then needs the approval of its owners. Replace the team names with your git \
        host's teams.

          rentai codeowners --team-prefix @zenkoku-joho/ > .github/CODEOWNERS
        """)

    @OptionGroup var options: SiteOptions

    @Option(help: ArgumentHelp("What team names start with, like @your-org/.", valueName: "prefix"))
    var teamPrefix = "@your-org/"

    func run() throws {
        var diagnostics = Diagnostics()
        guard let site = SiteLoader(paths: options.paths).load(diagnostics: &diagnostics) else {
            Terminal.report(diagnostics.sorted)
            throw ExitCode(1)
        }
        print(CodeOwners(organisation: site.organisation, teamPrefix: teamPrefix).text, terminator: "")
    }
}
