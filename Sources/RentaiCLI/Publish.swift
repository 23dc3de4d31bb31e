import ArgumentParser
import Foundation
import RentaiCore

struct Publish: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "The one step after a merge: build, deploy, the digest when due, chat messages for what is new.",
        discussion: """
        Builds the site into public/, deploys it (publish.deploy in site.yaml: rsync or rclone; \
        new files before the pages that link them, removed files last), sends the digest when \
        one is due (publish.digest: "weekly mon 07:00"), and posts chat messages for what was \
        published since the last publish (content/channels.yaml). It remembers the last publish \
        and the last digest in .rentai-state/state.json, so nobody types --since; a step that \
        fails stops it (exit 1, naming the step), and running it again completes exactly what \
        is missing. The first publish of a site records the moment and sends nothing. \
        --dry-run says what each step would do and changes nothing.

          rentai publish
          rentai publish --dry-run
        """)

    @OptionGroup var options: SiteOptions

    @Flag(help: "Say what each step would do (files to upload, messages to send); change nothing.")
    var dryRun = false

    @Option(help: ArgumentHelp("A YAML file of 'key: apprise-url' lines, for channels with url_key; keep it outside the site.", valueName: "file"))
    var channelsFile: String?

    func run() throws {
        let file = channelsFile.map { (url: URL(fileURLWithPath: $0).standardizedFileURL, display: $0) }
        let publish = PublishRun(PublishOptions(paths: options.paths, now: options.moment(), dryRun: dryRun, channelsFile: file,
                                                secret: try options.secret())) { line in
            // Written at once, even into a pipe: a hook's log shows each step as it ends.
            FileHandle.standardOutput.write(Data(("rentai: " + line + "\n").utf8))
        }
        do {
            try publish.run()
        } catch let failure as PublishFailure {
            for line in failure.lines { Terminal.error(line) }
            Terminal.error("rentai: publish stopped at the \(failure.step) step; what came before it is done and recorded")
            throw ExitCode(1)
        } catch {
            Terminal.error("rentai: \(ErrorMessage.text(error))")
            throw ExitCode(1)
        }
    }
}
