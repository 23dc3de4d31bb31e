import Foundation

/// What `rentai digest` is given (SPEC §10).
public struct DigestOptions: Sendable {
    public var paths: SitePaths
    public var since: Date
    public var now: Date
    public var out: URL
    /// The subscribers CSV and its path as typed; nil for one text file per profile.
    public var subscribers: (url: URL, display: String)?
    public var send: Bool
    /// The secret of private addresses, so that links in mail match the site's (SPEC §11).
    public var secret: Data?

    public init(paths: SitePaths, since: Date, now: Date, out: URL, subscribers: (url: URL, display: String)? = nil,
                send: Bool = false, secret: Data? = nil) {
        self.secret = secret
        self.paths = paths
        self.since = since
        self.now = now
        self.out = out
        self.subscribers = subscribers
        self.send = send
    }
}

public struct DigestSummary: Sendable {
    public var profilesWithDigest = 0
    public var filesWritten = 0
    public var sent = 0
    /// Recipients skipped because `sent.log` says they already have this folder's digest.
    public var alreadySent: [String] = []
    /// The window `sent.log` was first written for, when it differs from this run's.
    public var earlierWindow: String?
}

public enum DigestResult: Sendable {
    case written(DigestSummary)
    /// Content or CSV errors: nothing was written.
    case failed([String])
    /// The MTA refused a message: those before it were delivered and logged.
    case deliveryFailed(DigestSummary, file: String, recipient: String, reason: String)
}

/// The digest pipeline: load and check the site, check the subscribers, compose each profile's
/// digest once, write a text file per profile or a message per subscriber, and hand the messages
/// to sendmail when asked.
public enum DigestRun {
    public static func run(_ options: DigestOptions) throws -> DigestResult {
        var diagnostics = Diagnostics()
        guard let site = SiteLoader(paths: options.paths, addresses: SiteAddresses(secret: options.secret)).load(diagnostics: &diagnostics) else {
            return .failed(diagnostics.sorted.map(\.description))
        }
        let settings = site.settings
        let window = DigestWindow(since: options.since, now: options.now,
                                  reminderDays: settings.digest?.reminderWindowDays ?? 14)
        let composer = DigestComposer(site: site, window: window)
        let texts = DigestText(site: site, window: window)

        guard let subscribers = options.subscribers else {
            return .written(try writeProfileTexts(composer: composer, texts: texts, out: options.out))
        }
        guard let digestSettings = settings.digest, let from = MailAddress.parse(digestSettings.from) else {
            return .failed(["\(options.paths.display("content/site.yaml")):1:1: error: messages need a 'digest' section with 'from' in site.yaml"])
        }
        let list = SubscriberList(url: subscribers.url, displayPath: subscribers.display, organisation: site.organisation)
        let problems = try list.check()
        guard problems.isEmpty else { return .failed(problems) }

        try FileManager.default.createDirectory(at: options.out, withIntermediateDirectories: true)
        let mailer = DigestMailer(site: site, settings: digestSettings, from: from, now: options.now,
                                  profiles: ProfileTexts(composer: composer, texts: texts))
        var summary = DigestSummary()
        summary.filesWritten = try mailer.writeMessages(for: list, into: options.out)
        summary.profilesWithDigest = mailer.profiles.withDigest

        guard options.send else { return .written(summary) }
        let dates = DateText(language: .en, timeZone: settings.timeZone)
        let windowName = "\(dates.machine(SiteTime(instant: options.since, isDateOnly: false))) \(dates.machine(SiteTime(instant: options.now, isDateOnly: false)))"
        let log = try DeliveryLog(folder: options.out, window: windowName)
        summary.earlierWindow = log.earlierWindow
        let sendmail = Sendmail(command: digestSettings.sendmail)
        // In file order; each message's recipient is read back from it, so no list is kept.
        for number in stride(from: 1, through: summary.filesWritten, by: 1) {
            let file = DigestMailer.fileName(number)
            let data = try Data(contentsOf: options.out.appendingPathComponent(file))
            let recipient = MailMessage.recipient(in: data) ?? ""
            // Whatever changed since (a notice, a member, the numbering): one digest a window.
            if log.wasDelivered(to: recipient) {
                summary.alreadySent.append(recipient)
                continue
            }
            do {
                try sendmail.deliver(data)
            } catch let refusal as Sendmail.Refusal {
                return .deliveryFailed(summary, file: file, recipient: recipient, reason: refusal.description)
            }
            try log.record(file, to: recipient)
            summary.sent += 1
        }
        return .written(summary)
    }

    /// Without subscribers: `DIR/<council>/<union>/<role>.txt` for every profile with a digest.
    private static func writeProfileTexts(composer: DigestComposer, texts: DigestText, out: URL) throws -> DigestSummary {
        var summary = DigestSummary()
        for index in composer.profiles.indices {
            let digest = composer.digest(forProfileAt: index)
            guard !digest.isEmpty else { continue }
            let profile = digest.profile
            let folder = out.appendingPathComponent("\(profile.council)/\(profile.union)", isDirectory: true)
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try PlainFile.write(Data(texts.text(for: digest).utf8), to: folder.appendingPathComponent("\(profile.role).txt").path)
            summary.profilesWithDigest += 1
            summary.filesWritten += 1
        }
        return summary
    }
}
