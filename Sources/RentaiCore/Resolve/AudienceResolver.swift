/// Turns a notice's targeting into the profiles it reaches (SPEC §3, §4).
public struct AudienceResolver: Sendable {
    public let organisation: Organisation

    public init(organisation: Organisation) {
        self.organisation = organisation
    }

    /// The profiles reached, walking only the councils and unions the notice names rather than
    /// testing every profile of the site.
    public func profiles(reachedBy notice: Notice) -> [Profile] {
        let audience = Audience(notice.targeting, in: organisation)
        let roles = organisation.roles.map(\.id).filter { role in
            audience.roles.map { !organisation.rolesReceived(by: role).isDisjoint(with: $0) } ?? true
        }
        var reached: [Profile] = []
        for council in organisation.councils where audience.councils?.contains(council.id) ?? true {
            for union in organisation.unions(in: council.id) where audience.unions?.contains(union.id) ?? true {
                for role in roles {
                    reached.append(Profile(council: council.id, union: union.id, role: role))
                }
            }
        }
        return reached
    }
}
