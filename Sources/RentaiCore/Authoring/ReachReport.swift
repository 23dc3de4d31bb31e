/// `rentai reach` (SPEC §12, §14): who a notice reaches, in the words an officer checks before
/// committing: whether it is published yet, the places, unions and roles, and the number of
/// profiles; every profile on request.
import Foundation

public struct ReachReport {
    public let notice: Notice
    public let organisation: Organisation
    /// The moment and the site's settings, to say whether the notice is published yet.
    public let now: Date
    public let settings: SiteSettings

    /// The channels of `channels.yaml` (SPEC §16): which ones the notice would be posted to.
    public var channels: [Channel] = []

    public init(notice: Notice, organisation: Organisation, settings: SiteSettings, now: Date, channels: [Channel] = []) {
        self.notice = notice
        self.organisation = organisation
        self.settings = settings
        self.now = now
        self.channels = channels
    }

    /// Whether members see it now: a draft or a notice dated later reaches them only once
    /// published, and an expired one only in the archives (issue 13 item 16).
    public var status: String {
        let dates = DateText(language: settings.language, timeZone: settings.timeZone)
        if notice.draft {
            return "status: draft — published nowhere until 'draft: true' is removed; then it reaches:"
        }
        if notice.date.instant > now {
            return "status: scheduled — published on \(dates.text(notice.date)); then it reaches:"
        }
        if let expires = notice.expires, expires.instant <= now {
            return "status: archived since \(dates.text(expires)) — listed only among past notices of:"
        }
        return "status: published — it reaches:"
    }

    public var profiles: [Profile] { AudienceResolver(organisation: organisation).profiles(reachedBy: notice) }

    public func text(listing: Bool) -> String {
        let reached = profiles
        let councils = uniqueInOrder(reached.map(\.council))
        let unions = uniqueInOrder(reached.map(\.union))
        let roles = uniqueInOrder(reached.map(\.role))
        let blocks = uniqueInOrder(councils.compactMap { organisation.council($0)?.blockID })
        func names(_ ids: [String], _ name: (String) -> String?) -> String {
            ids.map { name($0) ?? $0 }.joined(separator: ", ")
        }
        var lines = [
            status,
            "blocks: \(blocks.count) — \(names(blocks) { organisation.block($0)?.name })",
            "councils: \(councils.count) — \(names(councils) { organisation.council($0)?.name })",
            "unions: \(unions.count) — \(names(unions) { organisation.union($0)?.name })",
            "roles: \(roles.count) — \(names(roles) { organisation.role($0)?.name })",
            "profiles: \(reached.count)",
        ]
        let split = ChannelReach(channels: channels, organisation: organisation).split(notice)
        if !channels.isEmpty { lines.append("channels: \(split.reached.count) — \(split.reached.map { channels[$0].name }.joined(separator: ", "))") }
        if listing {
            lines += reached.map(\.path)
            // Left out: the channel holds someone the notice is not for.
            lines += split.reached.map { "channel \(channels[$0].id)" } + split.leftOut.map { "not channel \(channels[$0].id)" }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private func uniqueInOrder(_ ids: [String]) -> [String] {
        var seen = Set<String>()
        return ids.filter { seen.insert($0).inserted }
    }
}
