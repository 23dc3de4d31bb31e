import Foundation

/// What `rentai notify` is given (SPEC §16).
public struct NotifyOptions: Sendable {
    public var paths: SitePaths
    public var since: Date
    public var now: Date
    public var out: URL
    public var send: Bool
    /// `--channels-file` and its name as typed.
    public var channelsFile: (url: URL, display: String)?
    public var secret: Data?
    public var environment: [String: String] = ProcessInfo.processInfo.environment

    public init(paths: SitePaths, since: Date, now: Date, out: URL, send: Bool = false,
                channelsFile: (url: URL, display: String)? = nil, secret: Data? = nil) {
        self.paths = paths
        self.since = since
        self.now = now
        self.out = out
        self.send = send
        self.channelsFile = channelsFile
        self.secret = secret
    }
}

public struct NotifySummary: Sendable {
    public var messages = 0
    public var newMessages = 0
    public var reminders = 0
    public var channels = 0
    public var sent = 0
    /// (key, channel id) pairs skipped because `sent.log` has them.
    public var alreadySent = 0
}

public enum NotifyResult: Sendable {
    case written(NotifySummary)
    /// Content errors, or what must be settled before anything is sent: nothing was sent.
    case failed([String])
    /// Apprise refused a message: those before it were posted and logged.
    case postFailed(NotifySummary, channel: String, file: String, reason: String)
}

/// The notify pipeline: load and check the site, work out every message of the window, write
/// each as a file for review, and with `--send` post each through Apprise, once.
public enum NotifyRun {
    public static func run(_ options: NotifyOptions) throws -> NotifyResult {
        var diagnostics = Diagnostics()
        guard let site = SiteLoader(paths: options.paths, addresses: SiteAddresses(secret: options.secret)).load(diagnostics: &diagnostics) else {
            return .failed(diagnostics.sorted.map(\.description))
        }
        let messages = NotifyPlan(site: site, since: options.since, now: options.now).messages()
        var summary = NotifySummary()
        summary.messages = messages.count
        summary.newMessages = messages.filter { $0.kind == .new }.count
        summary.reminders = messages.count - summary.newMessages
        summary.channels = Set(messages.map(\.channel)).count

        // Before anything is written or sent: every address, and Apprise itself.
        var urls: [Int: String] = [:]
        if options.send {
            let addresses: ChannelAddresses
            do {
                addresses = try ChannelAddresses(channelsFile: options.channelsFile?.url, displayName: options.channelsFile?.display,
                                                 environment: options.environment)
            } catch {
                return .failed(["rentai: \(error)"])
            }
            var problems: [String] = []
            for channel in Set(messages.map(\.channel)).sorted() {
                switch addresses.url(of: site.channels[channel]) {
                case .success(let url): urls[channel] = url
                case .failure(let problem): problems.append("\(site.channels[channel].source): error: \(problem)")
                }
            }
            let apprise = Apprise(command: site.settings.notifyCommand)
            if !messages.isEmpty, apprise.executable() == nil {
                problems.append("rentai: '\(site.settings.notifyCommand)' is not installed; install Apprise (Debian: apt install apprise; or pip install apprise), or set notify.command in site.yaml")
            }
            guard problems.isEmpty else { return .failed(problems) }
        }

        try PlainFile.makeFolders(options.out.path)
        let files = try write(messages, site: site, into: options.out)
        guard options.send else { return .written(summary) }

        let log = ChannelLog(folder: options.out)
        if !messages.isEmpty { try log.open() }
        let apprise = Apprise(command: site.settings.notifyCommand)
        for (message, file) in zip(messages, files) {
            let channel = site.channels[message.channel]
            let key = ChannelMessage.key(message.kind, slug: site.notices[message.notice].slug)
            if log.wasPosted(key, to: channel.id) {
                summary.alreadySent += 1
                continue
            }
            do {
                try apprise.post(title: message.title, body: message.body, to: urls[message.channel]!)
            } catch let refusal as Apprise.Refusal {
                return .postFailed(summary, channel: "\(channel.id) (\(channel.name))", file: file, reason: refusal.description)
            } catch {
                return .postFailed(summary, channel: "\(channel.id) (\(channel.name))", file: file, reason: "cannot run Apprise: \(error)")
            }
            try log.record(key, to: channel.id)
            summary.sent += 1
        }
        return .written(summary)
    }

    /// `DIR/000001.txt`, …: `channel:`, `key:`, `title:`, a blank line and the body. The files of
    /// an earlier run in the folder are replaced, so that the folder shows this run's messages.
    static func write(_ messages: [ChannelMessage], site: LoadedSite, into folder: URL) throws -> [String] {
        let old = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        for name in old where name.count == 10 && name.hasSuffix(".txt") && name.prefix(6).allSatisfy(\.isNumber) {
            try? FileManager.default.removeItem(at: folder.appendingPathComponent(name))
        }
        var names: [String] = []
        for (number, message) in messages.enumerated() {
            let name = String(format: "%06d.txt", number + 1)
            let key = ChannelMessage.key(message.kind, slug: site.notices[message.notice].slug)
            let text = "channel: \(site.channels[message.channel].id)\nkey: \(key)\ntitle: \(message.title)\n\n\(message.body)\n"
            try PlainFile.write(Array(text.utf8), to: folder.appendingPathComponent(name).path)
            names.append(name)
        }
        return names
    }
}
