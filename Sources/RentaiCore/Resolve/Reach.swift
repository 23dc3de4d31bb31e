/// Whether a notice reaches a profile, answered in a few array reads: the audit asks it for every
/// notice it finds in every file, and a site has millions of (notice, profile) pairs that are
/// never worth listing (SPEC §4).
struct Reach: Sendable {
    /// By profile: its council's, union's and role's positions in the organisation.
    private let councilOf: [Int]
    private let unionOf: [Int]
    private let roleOf: [Int]
    /// By notice: which councils, unions and roles it takes in; nil for the whole dimension.
    private let councils: [[Bool]?]
    private let unions: [[Bool]?]
    private let roles: [[Bool]]

    init(notices: [Notice], organisation: Organisation) {
        let profiles = organisation.profiles
        councilOf = profiles.map { organisation.position(ofCouncil: $0.council) ?? -1 }
        unionOf = profiles.map { organisation.position(ofUnion: $0.union) ?? -1 }
        roleOf = profiles.map { profile in organisation.roles.firstIndex { $0.id == profile.role } ?? -1 }
        var councils: [[Bool]?] = []
        var unions: [[Bool]?] = []
        var roles: [[Bool]] = []
        for notice in notices {
            let audience = Audience(notice.targeting, in: organisation)
            councils.append(audience.councils.map { listed in organisation.councils.map { listed.contains($0.id) } })
            unions.append(audience.unions.map { listed in organisation.unions.map { listed.contains($0.id) } })
            // A role is reached when it is listed or includes one that is.
            roles.append(organisation.roles.map { role in
                audience.roles.map { !organisation.rolesReceived(by: role.id).isDisjoint(with: $0) } ?? true
            })
        }
        self.councils = councils
        self.unions = unions
        self.roles = roles
    }

    func reaches(notice: Int, profile: Int) -> Bool {
        let council = councilOf[profile], union = unionOf[profile], role = roleOf[profile]
        guard council >= 0, union >= 0, role >= 0 else { return false }
        return (councils[notice]?[council] ?? true) && (unions[notice]?[union] ?? true) && roles[notice][role]
    }
}
