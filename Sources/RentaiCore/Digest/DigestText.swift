import Foundation

/// The plain text of a profile's digest: new notices with their title, date, issuing body and
/// summary, then the reminders, then every link as a numbered reference (SPEC §10), wrapped to
/// 72 columns the Japanese way.
public struct DigestText: Sendable {
    public let site: LoadedSite
    public let window: DigestWindow
    private let dates: DateText
    private let wrapper = TextWrapper(width: 72)

    public init(site: LoadedSite, window: DigestWindow) {
        self.site = site
        self.window = window
        self.dates = DateText(language: site.settings.language, timeZone: site.settings.timeZone)
    }

    private var ja: Bool { site.settings.language == .ja }

    /// `東京都協議会 / KDDI労働組合 / 組合員`.
    public func profileName(_ profile: Profile) -> String {
        let org = site.organisation
        return [org.council(profile.council)?.name ?? profile.council, org.union(profile.union)?.name ?? profile.union,
                org.role(profile.role)?.name ?? profile.role].joined(separator: " / ")
    }

    /// The digest's text, with lines ended by `\n`.
    public func text(for digest: ProfileDigest) -> String {
        let notices = site.notices
        let baseURL = site.settings.baseURL
        var references: [String] = []
        func reference(_ url: String) -> Int {
            if let index = references.firstIndex(of: url) { return index + 1 }
            references.append(url)
            return references.count
        }

        var lines: [String] = []
        lines += wrapper.wrap(site.settings.title)
        lines += wrapper.wrap(ja ? "\(profileName(digest.profile)) の皆さまへ" : "For \(profileName(digest.profile))")
        lines.append("")
        let span = ja ? "\(dates.dayAndTime(window.since))〜\(dates.dayAndTime(window.now))"
                      : "\(dates.dayAndTime(window.since)) to \(dates.dayAndTime(window.now))"
        lines += wrapper.wrap(count(digest, span: span))

        if !digest.new.isEmpty {
            lines.append("")
            lines.append(ja ? "■ 新しいお知らせ" : "■ New notices")
            for (number, index) in digest.new.enumerated() {
                let notice = notices[index]
                let link = reference(baseURL + site.settings.addresses.folder(notice.slug))
                lines.append("")
                lines += wrapper.wrap("\(notice.title) [\(link)]", indent: "   ", firstIndent: pad("\(number + 1).", to: 3))
                var meta = dates.text(notice.date)
                if let from = notice.from { meta += (ja ? "・" : " · ") + from }
                lines += wrapper.wrap(meta, indent: "   ")
                if !notice.summary.isEmpty { lines += wrapper.wrap(notice.summary, indent: "   ") }
            }
        }

        if !digest.reminders.isEmpty {
            lines.append("")
            lines.append(ja ? "■ まもなく締切・開催" : "■ Coming up")
            for reminder in digest.reminders {
                let notice = notices[reminder.notice]
                let link = reference(baseURL + site.settings.addresses.folder(notice.slug))
                let when: String
                switch reminder.kind {
                case .deadline: when = (ja ? "締切 " : "Deadline ") + dates.text(notice.deadline!)
                case .event: when = (ja ? "開催 " : "Event ") + dates.span(notice.event!)
                }
                lines.append("")
                lines += wrapper.wrap("\(when)", indent: "   ", firstIndent: "◆ ")
                lines += wrapper.wrap("\(notice.title) [\(link)]", indent: "   ")
                if reminder.kind == .event, let location = notice.event?.location {
                    lines += wrapper.wrap((ja ? "会場: " : "Where: ") + location, indent: "   ")
                }
            }
        }

        lines.append("")
        let portal = reference(baseURL + site.settings.addresses.portalFolder(digest.profile))
        lines += wrapper.wrap(ja ? "あなた宛てのお知らせの一覧 [\(portal)]" : "All your notices [\(portal)]")
        if let unsubscribe = site.settings.digest?.unsubscribe {
            let link = reference(unsubscribe)
            lines += wrapper.wrap(ja ? "配信の停止 [\(link)]" : "Unsubscribe [\(link)]")
        }

        lines.append("")
        lines.append("--")
        for (number, url) in references.enumerated() { lines.append("[\(number + 1)] \(url)") }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The count the subject gives (distinct notices), and what it is made of: new ones, and
    /// those that are not new but whose deadline or event is near. 「…のお知らせは3件です（新着2件・締切や開催が近いもの1件）。」
    func count(_ digest: ProfileDigest, span: String) -> String {
        let new = digest.new.count
        let due = digest.noticeCount - new
        if ja {
            let parts = (new > 0 ? ["新着\(new)件"] : []) + (due > 0 ? ["締切や開催が近いもの\(due)件"] : [])
            return "\(span)のお知らせは\(digest.noticeCount)件です（\(parts.joined(separator: "・"))）。"
        }
        let parts = (new > 0 ? ["\(new) new"] : []) + (due > 0 ? ["\(due) due soon"] : [])
        return "\(digest.noticeCount) \(digest.noticeCount == 1 ? "notice" : "notices"), \(span) (\(parts.joined(separator: ", ")))."
    }

    private func pad(_ text: String, to columns: Int) -> String {
        text + String(repeating: " ", count: max(1, columns - text.count))
    }
}
