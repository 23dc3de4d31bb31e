/// Turns a notice's targeting into the profiles it reaches (SPEC §3, §4).
public struct AudienceResolver: Sendable {
    public let organisation: Organisation

    public init(organisation: Organisation) {
        self.organisation = organisation
    }

    /// The profiles reached, walking only the councils and unions the notice names rather than
    /// testing every profile of the site.
    public func profiles(reachedBy notice: Notice) -> [Profile] {
        profileIndexes(reachedBy: notice).map { organisation.profiles[$0] }
    }

    /// The same, as positions in `organisation.profiles`, in that order. Works on positions
    /// rather than ids: a large federation resolves millions of (notice, profile) pairs.
    public func profileIndexes(reachedBy notice: Notice) -> [Int] {
        profileIndexes(reachedBy: notice.targeting)
    }

    /// The profiles a targeting reaches (a notice's, or a channel's: who is in it, SPEC §16).
    public func profileIndexes(reachedBy targeting: Targeting) -> [Int] {
        let audience = Audience(targeting, in: organisation)
        let roleIndexes = organisation.roles.indices.filter { index in
            audience.roles.map { !organisation.rolesReceived(by: organisation.roles[index].id).isDisjoint(with: $0) } ?? true
        }
        var councilIncluded = [Bool](repeating: audience.councils == nil, count: organisation.councils.count)
        for id in audience.councils ?? [] {
            if let position = organisation.position(ofCouncil: id) { councilIncluded[position] = true }
        }
        var unionIncluded = [Bool](repeating: audience.unions == nil, count: organisation.unions.count)
        for id in audience.unions ?? [] {
            if let position = organisation.position(ofUnion: id) { unionIncluded[position] = true }
        }
        var reached: [Int] = []
        for (council, unions) in organisation.unionsAtCouncil.enumerated() where councilIncluded[council] {
            for (union, firstProfile) in unions where unionIncluded[union] {
                for roleIndex in roleIndexes { reached.append(firstProfile + roleIndex) }
            }
        }
        return reached
    }

    /// Whether the notice reaches at least one profile: a check of every notice at load, which
    /// need not list them.
    public func reachesAnyone(_ notice: Notice) -> Bool {
        let audience = Audience(notice.targeting, in: organisation)
        let roleReached = organisation.roles.contains { role in
            audience.roles.map { !organisation.rolesReceived(by: role.id).isDisjoint(with: $0) } ?? true
        }
        guard roleReached else { return false }
        for (position, council) in organisation.councils.enumerated() where audience.councils?.contains(council.id) ?? true {
            for (union, _) in organisation.unionsAtCouncil[position]
                where audience.unions?.contains(organisation.unions[union].id) ?? true {
                return true
            }
        }
        return false
    }
}
