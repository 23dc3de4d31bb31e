import Foundation

/// What `rentai publish` is given (SPEC §17).
public struct PublishOptions: Sendable {
    public var paths: SitePaths
    public var now: Date
    public var dryRun: Bool
    public var channelsFile: (url: URL, display: String)?
    public var secret: Data?

    public init(paths: SitePaths, now: Date, dryRun: Bool = false, channelsFile: (url: URL, display: String)? = nil, secret: Data? = nil) {
        self.paths = paths
        self.now = now
        self.dryRun = dryRun
        self.channelsFile = channelsFile
        self.secret = secret
    }
}

/// The step that failed, and why: the steps before it are done, the state says so, and a rerun
/// completes exactly what is missing.
public struct PublishFailure: Error, CustomStringConvertible {
    public var step: String
    public var lines: [String]
    public var description: String { "\(step): " + lines.joined(separator: "\n") }
}

/// The one step a server or CI runs after a merge: build, deploy, the digest when one is due,
/// chat messages for what is new since the last publish. Each step's success is recorded in the
/// state before the next starts; `--dry-run` says what each would do and changes nothing.
public struct PublishRun {
    let options: PublishOptions
    let say: (String) -> Void

    public init(_ options: PublishOptions, say: @escaping (String) -> Void) {
        var options = options
        // Whole seconds, as the state keeps them: a moment between the kept time and the real one
        // would otherwise fall in two windows.
        options.now = Date(timeIntervalSince1970: options.now.timeIntervalSince1970.rounded(.down))
        self.options = options
        self.say = say
    }

    private var paths: SitePaths { options.paths }
    private var dry: String { options.dryRun ? " (dry run)" : "" }

    public func run() throws {
        // One publish at a time for this site, whoever starts it (a hook, a timer, a person).
        let lock = options.dryRun ? nil : try PublishLock(site: paths)
        defer { lock?.release() }
        let previous: PublishState?
        do { previous = try PublishState.read(paths) } catch { throw PublishFailure(step: "state", lines: ["\(error)"]) }

        // 1. Build. A dry run builds into a folder of its own, and leaves public/ alone.
        let output = options.dryRun ? FileManager.default.temporaryDirectory.appendingPathComponent("rentai-publish-\(UUID().uuidString)/public") : paths.defaultOutput
        defer { if options.dryRun { try? FileManager.default.removeItem(at: output.deletingLastPathComponent()) } }
        var buildOptions = BuildOptions(paths: paths, output: output, now: options.now, secret: options.secret)
        buildOptions.incremental = !options.dryRun
        let settings: SiteSettings
        let built: BuildResult
        do { built = try SiteBuild.build(buildOptions) } catch { throw PublishFailure(step: "build", lines: [ErrorMessage.text(error)]) }
        switch built {
        case .built(let summary):
            settings = summary.settings!
            say("build: \(summary.incremental ? "\(summary.filesWritten) files written, \(summary.filesUnchanged) unchanged, \(summary.filesRemoved) removed" : "\(summary.filesWritten) files written")\(dry)")
        case .failed(let diagnostics):
            throw PublishFailure(step: "build", lines: diagnostics.map(\.description))
        case .leaked(let leaks):
            throw PublishFailure(step: "build", lines: leaks.map(\.description) + ["the audit found a leak: nothing was published"])
        }

        let zone = settings.timeZone
        func text(_ date: Date) -> String { PublishState.format(date, in: zone) }
        func record(_ state: PublishState) throws {
            do { try state.write(paths, zone: zone) } catch { throw PublishFailure(step: "state", lines: [ErrorMessage.text(error)]) }
        }

        // 2. Deploy.
        if let deploy = settings.publish?.deploy {
            do {
                let printed = try deploy.run(from: output, dryRun: options.dryRun)
                // rsync's itemized lines (`>f.st…… path`, `*deleting path`), each path once over the passes.
                var seen = Set<Substring>()
                let changed = printed.split(separator: "\n").filter { line in
                    // '.': nothing to send (the same bytes); 'cd': a folder made.
                    guard !line.isEmpty, !line.hasPrefix("."), !line.hasPrefix("cd"), let space = line.firstIndex(of: " ") else { return false }
                    return seen.insert(line[space...]).inserted
                }
                say("deploy: \(deploy.tool.rawValue) to \(deploy.target)" + (deploy.tool == .rsync ? ", \(changed.count) changes\(dry)" : dry))
                if options.dryRun { for line in changed.prefix(40) { say("  " + line) } }
            } catch {
                throw PublishFailure(step: "deploy", lines: ["\(error)", "the state is unchanged; publish again once the target is reachable"])
            }
        } else {
            say("deploy: none (publish.deploy in site.yaml); the site is in \(paths.display("public"))/")
        }

        // The first publish only records the moment: what was there before is not news.
        guard var state = previous else {
            if !options.dryRun { try record(PublishState(lastPublish: options.now, lastDigest: options.now)) }
            say(options.dryRun
                ? "first publish (dry run): it would record the moment in \(paths.display(".rentai-state/state.json")) and send no digest and no message"
                : "first publish: the state is recorded in \(paths.display(".rentai-state/state.json")); no digest and no message were sent (from now on, each publish sends what is new since the last one)")
            return
        }

        // 3. The digest, when one is due: first one begun and not finished, then the latest due.
        if let schedule = settings.publish?.digest {
            if let pending = state.pendingDigest {
                try sendDigest(settings: settings, since: state.lastDigest, until: pending)
                state.lastDigest = pending
                state.pendingDigest = nil
                if !options.dryRun { try record(state) }
            }
            let scheduled = schedule.latest(atOrBefore: options.now, in: settings.timeZone)
            if scheduled > state.lastDigest {
                // Marked before sending: a failure halfway is finished by the next publish.
                state.pendingDigest = scheduled
                if !options.dryRun { try record(state) }
                try sendDigest(settings: settings, since: state.lastDigest, until: scheduled)
                state.lastDigest = scheduled
                state.pendingDigest = nil
                if !options.dryRun { try record(state) }
            } else {
                say("digest: not due (the last went out for \(text(state.lastDigest)))")
            }
        }

        // 4. Chat and push messages, for what happened since the last publish.
        if FileManager.default.fileExists(atPath: paths.content.appendingPathComponent("channels.yaml").path), state.lastPublish < options.now {
            try sendMessages(since: state.lastPublish)
        }
        state.lastPublish = max(state.lastPublish, options.now)
        if !options.dryRun { try record(state) }
        say("published\(dry) at \(text(options.now))")
    }

    /// A folder per window under `.rentai-state/`: a rerun of the same window finds its sent.log.
    private func folder(_ kind: String, _ moment: Date) -> URL {
        if options.dryRun { return FileManager.default.temporaryDirectory.appendingPathComponent("rentai-publish-\(kind)-\(UUID().uuidString)") }
        let name = PublishState.format(moment).replacingOccurrences(of: ":", with: "")
        return PublishState.folder(of: paths).appendingPathComponent("\(kind)/\(name)", isDirectory: true)
    }

    private func sendDigest(settings: SiteSettings, since: Date, until scheduled: Date) throws {
        guard let list = settings.publish?.subscribers else { return }
        let out = folder("digests", scheduled)
        defer { if options.dryRun { try? FileManager.default.removeItem(at: out) } }
        let subscribers = (url: paths.root.appendingPathComponent(list), display: paths.display(list))
        let result: DigestResult
        do {
            result = try DigestRun.run(DigestOptions(paths: paths, since: since, now: scheduled, out: out, subscribers: subscribers,
                                                     send: !options.dryRun, secret: options.secret))
        } catch {
            throw PublishFailure(step: "digest", lines: [ErrorMessage.text(error)])
        }
        let zone = settings.timeZone
        let window = "(\(PublishState.format(since, in: zone)), \(PublishState.format(scheduled, in: zone))]"
        switch result {
        case .written(let summary):
            say(options.dryRun ? "digest: due for \(window): \(summary.filesWritten) messages would be sent (dry run)"
                               : "digest for \(window): \(summary.sent) sent\(summary.alreadySent.isEmpty ? "" : ", \(summary.alreadySent.count) already sent before")")
        case .failed(let problems):
            throw PublishFailure(step: "digest", lines: problems)
        case .deliveryFailed(let summary, let file, let recipient, let reason):
            throw PublishFailure(step: "digest", lines: ["\(summary.sent) sent; the mail system refused \(file) for \(recipient): \(reason)",
                                                         "publish again to send the rest (nothing is sent twice)"])
        }
    }

    private func sendMessages(since: Date) throws {
        let out = folder("notify", since)
        defer { if options.dryRun { try? FileManager.default.removeItem(at: out) } }
        let result: NotifyResult
        do {
            result = try NotifyRun.run(NotifyOptions(paths: paths, since: since, now: options.now, out: out, send: !options.dryRun,
                                                     channelsFile: options.channelsFile, secret: options.secret))
        } catch {
            throw PublishFailure(step: "notify", lines: [ErrorMessage.text(error)])
        }
        switch result {
        case .written(let summary):
            say(options.dryRun ? "notify: \(summary.messages) messages would be posted to \(summary.channels) channels (dry run)"
                               : "notify: \(summary.sent) posted\(summary.alreadySent > 0 ? ", \(summary.alreadySent) already posted before" : "")")
        case .failed(let problems):
            throw PublishFailure(step: "notify", lines: problems)
        case .postFailed(let summary, let channel, let file, let reason):
            throw PublishFailure(step: "notify", lines: ["\(summary.sent) posted; Apprise could not post \(file) to \(channel): \(reason)",
                                                         "publish again to post the rest (nothing is posted twice)"])
        }
    }
}
