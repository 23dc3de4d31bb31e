import ArgumentParser
import Foundation
import RentaiCore

struct Digest: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write email digests: what is new for each member, and what is coming up.",
        discussion: """
        A digest lists the notices published after --since up to --now, and reminds of deadlines \
        and events in the days after --now (digest.reminder_window_days in site.yaml, default 14). \
        Without --subscribers, one text file per profile: OUT/<council>/<union>/<role>.txt. \
        With --subscribers, one message per member whose profile has something: OUT/000001.eml, … \
        --send then hands each message to the sendmail command of site.yaml and records it in \
        OUT/sent.log; run the same command again after a failure to send the rest.

          rentai digest --since "2026-11-19 12:00" --now "2026-11-26 12:00" --out outbox
          rentai digest --since "2026-11-19 12:00" --now "2026-11-26 12:00" --subscribers members.csv --out outbox --send
        """)

    @OptionGroup var options: SiteOptions

    @Option(help: ArgumentHelp("The start of the window: notices published after it are new.", valueName: "time"))
    var since: String

    @Option(help: ArgumentHelp("The subscribers CSV: email,name,council,union,role.", valueName: "csv"))
    var subscribers: String?

    @Option(help: ArgumentHelp("The folder to write the digests into.", valueName: "dir"))
    var out: String

    @Flag(help: "Hand each message to the sendmail command of site.yaml (needs --subscribers).")
    var send = false

    func validate() throws {
        try SiteOptions.checkSince(since)
        if send && subscribers == nil {
            throw ValidationError("--send needs --subscribers: messages go to the members listed there")
        }
    }

    func run() throws {
        let paths = options.paths
        let zone = paths.declaredTimeZone()
        let now = options.moment()
        let sinceTime = TimeParser.parse(since, in: zone)!.instant
        let outURL = URL(fileURLWithPath: out).standardizedFileURL
        let list = subscribers.map { (url: URL(fileURLWithPath: $0).standardizedFileURL, display: $0) }
        let result: DigestResult
        do {
            result = try DigestRun.run(DigestOptions(paths: paths, since: sinceTime, now: now, out: outURL, subscribers: list,
                                                     send: send, secret: try options.secret()))
        } catch {
            Terminal.error("rentai: \(ErrorMessage.text(error))")
            throw ExitCode(1)
        }
        switch result {
        case .failed(let problems):
            for problem in problems { Terminal.error(problem) }
            Terminal.error("rentai: \(Terminal.count(problems.count, "error")); nothing was written")
            throw ExitCode(1)
        case .written(let summary):
            report(summary)
        case .deliveryFailed(let summary, let file, let recipient, let reason):
            report(summary)
            Terminal.error("rentai: the mail system refused \(file) for \(recipient): \(reason)")
            Terminal.error("rentai: the messages before it are recorded in \(out)/sent.log; run the same command again to send the rest")
            throw ExitCode(1)
        }
    }

    private func report(_ summary: DigestSummary) {
        if subscribers == nil {
            print("rentai: wrote \(Terminal.count(summary.filesWritten, "digest")) (one per profile with news) to \(out)/")
        } else {
            print("rentai: wrote \(Terminal.count(summary.filesWritten, "message")) to \(out)/ (\(Terminal.count(summary.profilesWithDigest, "profile")) have news)")
        }
        if send {
            print("rentai: sent \(summary.sent)")
            if !summary.alreadySent.isEmpty {
                let shown = summary.alreadySent.prefix(5).joined(separator: ", ") + (summary.alreadySent.count > 5 ? ", …" : "")
                print("rentai: skipped \(Terminal.count(summary.alreadySent.count, "member")) who already had this digest, as \(out)/sent.log records: \(shown)")
                if let earlier = summary.earlierWindow {
                    print("rentai: note: \(out)/sent.log was begun for the window \(earlier); give each window a folder of its own")
                }
            }
        }
    }
}
