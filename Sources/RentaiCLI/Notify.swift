import ArgumentParser
import Foundation
import RentaiCore

struct Notify: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Post new notices and reminders to the group chats and push apps of content/channels.yaml.",
        discussion: """
        For each notice published after --since up to --now, and each reminder (reminder_days of \
        site.yaml) whose moment falls in that window, a message goes to every channel whose \
        members are all reached by the notice; a channel with anyone the notice is not for never \
        gets it. Each message is written to OUT/000001.txt, … for review; --send hands each to \
        Apprise and records it in OUT/sent.log, so that a rerun never posts it twice. Channel \
        addresses hold tokens: they come from environment variables (url_env) or --channels-file \
        (url_key), never from the repository.

          rentai notify --since "2026-11-25 09:00" --now "2026-11-26 09:00" --out notify
          rentai notify --since "2026-11-25 09:00" --out notify --send --channels-file /etc/rentai/channels.yaml
        """)

    @OptionGroup var options: SiteOptions

    @Option(help: ArgumentHelp("The start of the window: what happened after it is posted.", valueName: "time"))
    var since: String

    @Option(help: ArgumentHelp("The folder to write the messages into (and sent.log).", valueName: "dir"))
    var out: String

    @Flag(help: "Post each message with Apprise (notify.command of site.yaml, default apprise).")
    var send = false

    @Option(help: ArgumentHelp("A YAML file of 'key: apprise-url' lines, for channels with url_key; keep it outside the site.", valueName: "file"))
    var channelsFile: String?

    func validate() throws {
        try SiteOptions.checkSince(since)
    }

    func run() throws {
        let paths = options.paths
        let now = options.moment()
        let sinceTime = TimeParser.parse(since, in: paths.declaredTimeZone())!.instant
        guard sinceTime < now else {
            throw ValidationError("--since '\(since)' is not before --now: the window is empty")
        }
        let file = channelsFile.map { (url: URL(fileURLWithPath: $0).standardizedFileURL, display: $0) }
        let result: NotifyResult
        do {
            result = try NotifyRun.run(NotifyOptions(paths: paths, since: sinceTime, now: now,
                                                     out: URL(fileURLWithPath: out).standardizedFileURL, send: send,
                                                     channelsFile: file, secret: try options.secret()))
        } catch {
            Terminal.error("rentai: \(ErrorMessage.text(error))")
            throw ExitCode(1)
        }
        switch result {
        case .failed(let problems):
            for problem in problems { Terminal.error(problem) }
            Terminal.error("rentai: \(Terminal.count(problems.count, "error")); nothing was sent")
            throw ExitCode(1)
        case .written(let summary):
            report(summary)
        case .postFailed(let summary, let channel, let file, let reason):
            report(summary)
            Terminal.error("rentai: Apprise could not post \(file) to the channel \(channel): \(reason)")
            Terminal.error("rentai: the messages before it are recorded in \(out)/sent.log; run the same command again to post the rest")
            throw ExitCode(1)
        }
    }

    private func report(_ summary: NotifySummary) {
        print("rentai: wrote \(Terminal.count(summary.messages, "message")) (\(summary.newMessages) new, \(Terminal.count(summary.reminders, "reminder"))) for \(Terminal.count(summary.channels, "channel")) to \(out)/")
        if send {
            print("rentai: sent \(summary.sent)" + (summary.alreadySent > 0 ? "; skipped \(summary.alreadySent) already sent, as \(out)/sent.log records" : ""))
        }
    }
}
