import Foundation

/// `rentai diff` (SPEC §17): every notice whose text or audience differs between two loads of a
/// site — a git revision and the working tree — with who it reaches on each side and the flags a
/// reviewer must see. A change to `org.yaml` shows as the notices it retargets.
public struct SiteDiff: Sendable {
    public let before: LoadedSite
    public let after: LoadedSite
    public let now: Date

    public init(before: LoadedSite, after: LoadedSite, now: Date) {
        self.before = before
        self.after = after
        self.now = now
    }

    public func changes() -> [NoticeChange] {
        let old = Dictionary(before.notices.map { ($0.slug, $0) }, uniquingKeysWith: { first, _ in first })
        let new = Dictionary(after.notices.map { ($0.slug, $0) }, uniquingKeysWith: { first, _ in first })
        let beforeSide = Describer(site: before, now: now)
        let afterSide = Describer(site: after, now: now)
        // With the same organisation, a notice whose file and status did not change reaches the
        // same profiles: only the others are described (a site has thousands of notices).
        // The same profiles, blocks and roles, each role receiving the same others (`includes`).
        let roles = { (organisation: Organisation) in organisation.roles.map { [$0.id] + organisation.rolesReceived(by: $0.id).sorted() } }
        let sameOrganisation = before.organisation.profiles == after.organisation.profiles
            && before.organisation.blocks.map(\.id) == after.organisation.blocks.map(\.id)
            && before.organisation.blocks.map(\.councilIDs) == after.organisation.blocks.map(\.councilIDs)
            && roles(before.organisation) == roles(after.organisation)
        let resolverBefore = AudienceResolver(organisation: before.organisation)
        let resolverAfter = AudienceResolver(organisation: after.organisation)
        let everyone = (before: Set(before.organisation.profiles.map(\.path)), after: Set(after.organisation.profiles.map(\.path)))
        var changes: [NoticeChange] = []
        for slug in Set(old.keys).union(new.keys).sorted() {
            let was = old[slug], now = new[slug]
            if let was, let now, was.contentKey == now.contentKey, beforeSide.status(of: was) == afterSide.status(of: now) {
                if sameOrganisation && was.targeting == now.targeting { continue }
                let reachedBefore = resolverBefore.profileIndexes(reachedBy: was).map { before.organisation.profiles[$0] }
                let reachedAfter = resolverAfter.profileIndexes(reachedBy: now).map { after.organisation.profiles[$0] }
                if Set(reachedBefore) == Set(reachedAfter) { continue }
            }
            let first = was.map(beforeSide.side) ?? .absent
            let second = now.map(afterSide.side) ?? .absent
            let kind: NoticeChange.Kind
            switch (was, now) {
            case (nil, _): kind = .added
            case (_, nil): kind = .removed
            case (let was?, let now?):
                if first.profiles != second.profiles { kind = .retargeted }
                else if was.contentKey != now.contentKey || first.status != second.status { kind = .edited }
                else { continue }
            }
            var change = NoticeChange(slug: slug, kind: kind, before: first, after: second, flags: [])
            change.flags = flags(change, was: was, now: now, everyone: everyone)
            changes.append(change)
        }
        markMoves(&changes)
        return changes
    }

    /// `everyone`: every profile of each side, worked out once for all notices.
    private func flags(_ change: NoticeChange, was: Notice?, now: Notice?, everyone: (before: Set<String>, after: Set<String>)) -> [NoticeChange.Flag] {
        var flags: [NoticeChange.Flag] = []
        if !change.after.profiles.isEmpty, change.after.profiles == everyone.after, change.before.profiles != everyone.before {
            flags.append(.everyone)
        }
        if was != nil, now != nil {
            let placesBefore = Self.places(change.before.profiles, in: before.organisation)
            let placesAfter = Self.places(change.after.profiles, in: after.organisation)
            if !placesAfter.subtracting(placesBefore).isEmpty { flags.append(.widerPlace) }
        }
        if change.before.status.isPublished && !change.after.status.isPublished { flags.append(.vanished) }
        if !change.before.status.isPublished && change.after.status.isPublished { flags.append(.appeared) }
        if let was, let now, was.draft, !now.draft { flags.append(.draftRemoved) }
        return flags
    }

    /// The councils and blocks a set of profiles lies in.
    static func places(_ profiles: Set<String>, in organisation: Organisation) -> Set<String> {
        var places = Set<String>()
        for path in profiles {
            let council = String(path.prefix { $0 != "/" })
            places.insert("council:" + council)
            if let block = organisation.council(council)?.blockID { places.insert("block:" + block) }
        }
        return places
    }

    /// A file moved between spaces shows as one notice removed and one added with the same name
    /// (its last part) in another space: both are flagged.
    private func markMoves(_ changes: inout [NoticeChange]) {
        func name(_ slug: String) -> Substring { slug.split(separator: "/").last ?? Substring(slug) }
        func space(_ slug: String) -> String {
            let parts = slug.split(separator: "/")
            return parts.count >= 3 && ["unions", "councils", "blocks"].contains(String(parts[0])) ? "\(parts[0])/\(parts[1])" : ""
        }
        let removed = changes.indices.filter { changes[$0].kind == .removed }
        for index in changes.indices where changes[index].kind == .added {
            let slug = changes[index].slug
            guard let match = removed.first(where: { name(changes[$0].slug) == name(slug) && space(changes[$0].slug) != space(slug) }) else { continue }
            for position in [index, match] where !changes[position].flags.contains(.spaceMoved) {
                changes[position].flags.append(.spaceMoved)
            }
        }
    }
}

/// One side of a notice: its status, whom it reaches, in words, and its channels.
struct Describer {
    let site: LoadedSite
    let now: Date
    private let resolver: AudienceResolver
    private let reach: ChannelReach

    init(site: LoadedSite, now: Date) {
        self.site = site
        self.now = now
        resolver = AudienceResolver(organisation: site.organisation)
        reach = ChannelReach(channels: site.channels, organisation: site.organisation)
    }

    func status(of notice: Notice) -> NoticeChange.Status {
        if notice.draft { return .draft }
        if notice.date.instant > now { return .scheduled }
        if let expires = notice.expires, expires.instant <= now { return .archived }
        return .active
    }

    func side(_ notice: Notice) -> NoticeChange.Side {
        let status = status(of: notice)
        let profiles = Set(resolver.profileIndexes(reachedBy: notice).map { site.organisation.profiles[$0].path })
        let channels = reach.split(notice).reached.map { site.channels[$0].id }
        return NoticeChange.Side(status: status, profiles: profiles, audience: words(notice.targeting), title: notice.title, channels: channels)
    }

    /// 「関東信越ブロック支部 · 役員」, 「全員」: the targeting in people's words.
    func words(_ targeting: Targeting) -> String {
        let org = site.organisation
        let ja = site.settings.language == .ja
        guard !targeting.isEveryone else { return ja ? "全員" : "everyone" }
        var parts: [String] = []
        let places = (targeting.blocks ?? []).map { org.block($0)?.name ?? $0 } + (targeting.councils ?? []).map { org.council($0)?.name ?? $0 }
        if !places.isEmpty { parts.append(places.joined(separator: ja ? "・" : ", ")) }
        if let unions = targeting.unions { parts.append(unions.map { org.union($0)?.name ?? $0 }.joined(separator: ja ? "・" : ", ")) }
        if let roles = targeting.roles { parts.append(roles.map { org.role($0)?.name ?? $0 }.joined(separator: ja ? "・" : ", ")) }
        return parts.joined(separator: " · ")
    }
}
