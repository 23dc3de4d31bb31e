import ArgumentParser
import Foundation
import RentaiCore

struct Audit: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Prove that no notice appears outside its audience in a built site.",
        discussion: """
        Reads every file of the output and fails, naming the file and the notice, if a notice's \
        address, calendar entry or title is in the portal, feed, calendar or all/ page of a profile \
        it does not reach, or in a layer that some profile reading it may not see, if an all/ page \
        links a layer its profile does not read, or if anything of a draft or scheduled notice is \
        anywhere. Use the same \
        --now, and the same secret, as the build. `rentai build` runs the same audit before it \
        publishes.

          rentai audit --site . --now "2026-11-26 12:00"
        """)

    @OptionGroup var options: SiteOptions

    @Option(help: ArgumentHelp("The built site to audit (default: public/ in the site folder).", valueName: "dir"))
    var output: String?

    @Flag(help: "The site was built with --drafts.")
    var drafts = false

    func run() throws {
        let buildOptions = BuildOptions(paths: options.paths, output: output.map { URL(fileURLWithPath: $0).standardizedFileURL },
                                        now: options.moment(), includeDrafts: drafts, secret: try options.secret())
        switch try SiteBuild.audit(buildOptions) {
        case .failure(.content(let diagnostics)):
            Terminal.report(diagnostics)
            Terminal.error("rentai: \(Terminal.count(diagnostics.count, "error"))")
            throw ExitCode(1)
        case .failure(.otherSecret):
            Terminal.error("rentai: the portals are not where \(options.secretFile != nil || ProcessInfo.processInfo.environment["RENTAI_SECRET"] != nil ? "this secret" : "a build without a secret") puts them: audit with the same secret as the build")
            throw ExitCode(1)
        case .failure(.notBuilt(let path)):
            Terminal.error("rentai: nothing to audit: \(path) holds no built site; run rentai build first")
            throw ExitCode(1)
        case .success(let leaks) where !leaks.isEmpty:
            for leak in leaks { Terminal.error((output ?? options.paths.display("public")) + "/" + leak.description) }
            Terminal.error("rentai: \(Terminal.count(leaks.count, "leak"))")
            throw ExitCode(1)
        case .success:
            print("rentai: no leaks in \(output ?? options.paths.display("public"))/")
        }
    }
}
