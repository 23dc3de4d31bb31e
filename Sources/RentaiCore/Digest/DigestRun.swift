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

    public init(paths: SitePaths, since: Date, now: Date, out: URL, subscribers: (url: URL, display: String)? = nil, send: Bool = false) {
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
    public var alreadySent = 0
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
        guard let site = SiteLoader(paths: options.paths).load(diagnostics: &diagnostics) else {
            return .failed(diagnostics.sorted.map(\.description))
        }
        let settings = site.settings
        let window = DigestWindow(since: options.since, now: options.now,
                                  reminderDays: settings.digest?.reminderWindowDays ?? 7)
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

        // Each profile's text is made once, the first time one of its members needs it.
        var profileIndex: [Profile: Int] = [:]
        for (index, profile) in composer.profiles.enumerated() { profileIndex[profile] = index }
        var cache: [Int: (digest: ProfileDigest, text: String)?] = [:]
        func digest(for profile: Profile) -> (digest: ProfileDigest, text: String)? {
            let index = profileIndex[profile]!
            if let cached = cache[index] { return cached }
            let digest = composer.digest(forProfileAt: index)
            let value = digest.isEmpty ? nil : (digest, texts.text(for: digest))
            cache[index] = value
            return value
        }

        try FileManager.default.createDirectory(at: options.out, withIntermediateDirectories: true)
        let dates = DateText(language: settings.language, timeZone: settings.timeZone)
        let host = URL(string: settings.baseURL)?.host ?? "rentai"
        let stamp = ICalendarDate(timeZone: TimeZone(secondsFromGMT: 0)!).utcStamp(options.now)
        var summary = DigestSummary()
        var written: [(file: String, recipient: String)] = []
        try list.forEach { subscriber in
            guard let (digest, text) = digest(for: subscriber.profile) else { return }
            let number = written.count + 1
            let file = String(repeating: "0", count: max(0, 6 - String(number).count)) + "\(number).eml"
            let count = digest.noticeCount
            let subject = settings.language == .ja
                ? "[\(settings.title)] \(count)件のお知らせ (\(dates.plainDay(options.now)))"
                : "[\(settings.title)] \(count) notices (\(dates.plainDay(options.now)))"
            let greeting = subscriber.name.isEmpty ? "" : (settings.language == .ja ? "\(subscriber.name) 様\n\n" : "Dear \(subscriber.name),\n\n")
            let message = MailMessage(
                from: from, to: MailAddress(name: subscriber.name.isEmpty ? nil : subscriber.name, address: subscriber.address),
                replyTo: digestSettings.replyTo.flatMap(MailAddress.parse),
                subject: subject, date: dates.rfc822(options.now),
                messageID: "<\(stamp).\(number).\(String(SubscriberList.hash(subscriber.address.lowercased() + stamp), radix: 36))@\(host)>",
                listUnsubscribe: digestSettings.unsubscribe, body: greeting + text)
            try PlainFile.write(message.bytes, to: options.out.appendingPathComponent(file).path)
            written.append((file, subscriber.address))
        }
        summary.filesWritten = written.count
        summary.profilesWithDigest = cache.values.compactMap { $0 }.count

        guard options.send else { return .written(summary) }
        let log = try DeliveryLog(url: options.out.appendingPathComponent("sent.log"))
        let sendmail = Sendmail(command: digestSettings.sendmail)
        for (file, recipient) in written {
            if log.wasDelivered(file, to: recipient) {
                summary.alreadySent += 1
                continue
            }
            let data = try Data(contentsOf: options.out.appendingPathComponent(file))
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
