import Foundation
import Yams

/// Reads `content/site.yaml` (SPEC §2).
struct SiteSettingsLoader {
    static let keys = ["title", "base_url", "language", "timezone", "feed_items", "page_size",
                       "reminder_days", "calendar_past_days", "tags", "digest", "notify", "publish"]
    /// `digest` belongs to the email digests (SPEC §10); its keys are checked here already, so that
    /// a misspelt one is caught before the first digest is sent.
    static let digestKeys = ["from", "reply_to", "unsubscribe", "reminder_window_days", "sendmail"]

    let path: String

    func load(_ text: String, diagnostics: inout Diagnostics) -> SiteSettings? {
        let source = YAMLSource(path: path)
        let start = SourceLocation(path: path)
        let parsed = source.parseReporting(text, diagnostics: &diagnostics)
        guard let root = parsed.node else {
            if parsed.isEmpty { diagnostics.error("site.yaml is empty; it needs at least 'title' and 'base_url'", at: start) }
            return nil
        }
        guard let map = YAMLMapping(root, source: source, describing: "site.yaml", diagnostics: &diagnostics) else { return nil }
        map.checkKeys(allowed: Self.keys, in: "site.yaml", diagnostics: &diagnostics)

        let title = map.text("title", diagnostics: &diagnostics)
        if map["title"] == nil { diagnostics.error("site.yaml has no 'title'", at: start) }

        let baseURL = map.text("base_url", diagnostics: &diagnostics)
        if map["base_url"] == nil { diagnostics.error("site.yaml has no 'base_url'; write the site's absolute address, like https://portal.example.org/", at: start) }
        if let baseURL, !(baseURL.value.hasPrefix("https://") || baseURL.value.hasPrefix("http://")) || URL(string: baseURL.value)?.host == nil {
            diagnostics.error("'base_url' must be an absolute http(s) address, like https://portal.example.org/", at: baseURL.location)
        }

        var language = Language.ja
        if let value = map.text("language", diagnostics: &diagnostics) {
            if let known = Language(rawValue: value.value) {
                language = known
            } else {
                diagnostics.error("unknown language '\(value.value)'; use ja or en", at: value.location)
            }
        }

        var timeZone = TimeZone(identifier: "Asia/Tokyo")!
        var timeZoneName = timeZone.identifier
        if let value = map.text("timezone", diagnostics: &diagnostics) {
            if let zone = TimeZone(identifier: value.value) {
                timeZone = zone
                timeZoneName = value.value
            } else {
                diagnostics.error("unknown time zone '\(value.value)'; use a name like Asia/Tokyo", at: value.location)
            }
        }

        let feedItems = map.positiveInteger("feed_items", diagnostics: &diagnostics)?.value ?? 20
        let pageSize = map.positiveInteger("page_size", diagnostics: &diagnostics)?.value ?? 20
        let reminderDays = loadReminderDays(map, diagnostics: &diagnostics)
        let calendarPastDays = map.wholeNumber("calendar_past_days", example: 90, diagnostics: &diagnostics)?.value ?? 90
        let digest = map["digest"].flatMap { loadDigest($0, source: source, diagnostics: &diagnostics) }

        guard let title, let baseURL else { return nil }
        var settings = SiteSettings(title: title.value, baseURL: baseURL.value, language: language,
                                    timeZone: timeZone, feedItems: feedItems, pageSize: pageSize)
        settings.timeZoneName = timeZoneName
        settings.reminderDays = reminderDays
        settings.calendarPastDays = calendarPastDays
        settings.digest = digest
        settings.tagNames = loadTagNames(map, diagnostics: &diagnostics)
        if let node = map["publish"] {
            settings.publish = loadPublish(node, source: map.source, diagnostics: &diagnostics)
        }
        if let node = map["notify"], let notify = YAMLMapping(node, source: map.source, describing: "'notify'", diagnostics: &diagnostics) {
            notify.checkKeys(allowed: ["command"], in: "'notify'", diagnostics: &diagnostics)
            if let command = notify.text("command", diagnostics: &diagnostics) { settings.notifyCommand = command.value }
        }
        return settings
    }

    private func loadDigest(_ node: Node, source: YAMLSource, diagnostics: inout Diagnostics) -> DigestSettings? {
        guard let map = YAMLMapping(node, source: source, describing: "'digest'", diagnostics: &diagnostics) else { return nil }
        map.checkKeys(allowed: Self.digestKeys, in: "'digest'", diagnostics: &diagnostics)
        let from = map.text("from", diagnostics: &diagnostics)
        if map["from"] == nil {
            diagnostics.error("'digest' has no 'from'; write the sender, like 'from: \"情報労連 <noreply@example.org>\"'", at: map.location)
        }
        if let from, MailAddress.parse(from.value) == nil {
            diagnostics.error("'from' is not a mail address; write it like \"情報労連 <noreply@example.org>\"", at: from.location)
        }
        let replyTo = map.text("reply_to", diagnostics: &diagnostics)
        if let replyTo, MailAddress.parse(replyTo.value) == nil {
            diagnostics.error("'reply_to' is not a mail address", at: replyTo.location)
        }
        let unsubscribe = map.text("unsubscribe", diagnostics: &diagnostics)
        if let unsubscribe, !(unsubscribe.value.hasPrefix("mailto:") || unsubscribe.value.hasPrefix("https://") || unsubscribe.value.hasPrefix("http://")) {
            diagnostics.error("'unsubscribe' must be a mailto: or https: address", at: unsubscribe.location)
        } else if let unsubscribe, unsubscribe.value.unicodeScalars.contains(where: { $0.value <= 0x20 || $0.value == 0x7F || $0 == "<" || $0 == ">" }) {
            // It becomes a mail header: a line break in it would add headers to every message.
            diagnostics.error("'unsubscribe' must be one address, without spaces, line breaks or angle brackets (write %20 for a space)", at: unsubscribe.location)
        }
        let window = map.wholeNumber("reminder_window_days", example: 14, diagnostics: &diagnostics)?.value ?? 14
        let sendmail = map.text("sendmail", diagnostics: &diagnostics)
        guard let from else { return nil }
        return DigestSettings(from: from.value, replyTo: replyTo?.value, unsubscribe: unsubscribe?.value,
                              reminderWindowDays: window, sendmail: sendmail?.value ?? "/usr/sbin/sendmail -t -oi")
    }

    /// `publish:` (SPEC §17): deploy, the digest's schedule and its subscribers.
    private func loadPublish(_ node: Node, source: YAMLSource, diagnostics: inout Diagnostics) -> PublishSettings? {
        guard let map = YAMLMapping(node, source: source, describing: "'publish'", diagnostics: &diagnostics) else { return nil }
        map.checkKeys(allowed: ["deploy", "digest", "subscribers"], in: "'publish'", diagnostics: &diagnostics)
        var publish = PublishSettings()
        if let deploy = map.text("deploy", diagnostics: &diagnostics) {
            publish.deploy = Deploy(deploy.value)
            if publish.deploy == nil {
                diagnostics.error("'deploy' must be 'rsync <folder or host:path>' or 'rclone <remote:path>', like \"rsync /srv/www/portal/\"", at: deploy.location)
            }
        }
        if let digest = map.text("digest", diagnostics: &diagnostics) {
            publish.digest = DigestSchedule(digest.value)
            if publish.digest == nil {
                diagnostics.error("'digest' must be 'daily HH:MM' or 'weekly <mon…sun> HH:MM', like \"weekly mon 07:00\"", at: digest.location)
            } else if map["subscribers"] == nil {
                diagnostics.error("'publish' sends digests, so it needs 'subscribers: members.csv' (the list, relative to the site)", at: digest.location)
            }
        }
        publish.subscribers = map.text("subscribers", diagnostics: &diagnostics)?.value
        return publish
    }

    /// `tags:`, each tag's id with the name pages show for it: `wage: 賃金`.
    private func loadTagNames(_ map: YAMLMapping, diagnostics: inout Diagnostics) -> [String: String] {
        guard let node = map["tags"] else { return [:] }
        guard let tags = YAMLMapping(node, source: map.source, describing: "'tags'", diagnostics: &diagnostics) else { return [:] }
        var names: [String: String] = [:]
        for entry in tags.entries {
            if let name = entry.value.scalar?.string.trimmingCharacters(in: .whitespaces), !name.isEmpty {
                names[entry.key] = name
            } else {
                diagnostics.error("tag '\(entry.key)' needs a name to show, like '\(entry.key): 賃金'", at: map.source.location(of: entry.value))
            }
        }
        return names
    }

    private func loadReminderDays(_ map: YAMLMapping, diagnostics: inout Diagnostics) -> [Int] {
        guard let node = map["reminder_days"] else { return [7, 1] }
        let items = node.sequence.map(Array.init) ?? [node]
        var days: [Int] = []
        for item in items {
            if let value = Int(item.scalar?.string ?? ""), value >= 0 {
                if !days.contains(value) { days.append(value) }
            } else {
                diagnostics.error("'reminder_days' must be a list of whole numbers ≥ 0, like [7, 1]", at: map.source.location(of: item))
            }
        }
        return days
    }
}
