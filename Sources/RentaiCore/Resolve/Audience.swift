/// Who a notice reaches, resolved against the organisation: the three dimensions of SPEC §4,
/// combined with AND, each `nil` when it means everyone.
public struct Audience: Sendable, Hashable {
    /// The listed councils together with every council of each listed block.
    public var councils: Set<String>?
    public var unions: Set<String>?
    /// The listed roles; a profile is reached when its role is one of them or includes one.
    public var roles: Set<String>?

    public init(_ targeting: Targeting, in organisation: Organisation) {
        if targeting.blocks != nil || targeting.councils != nil {
            var councils = Set(targeting.councils ?? [])
            for blockID in targeting.blocks ?? [] {
                councils.formUnion(organisation.block(blockID)?.councilIDs ?? [])
            }
            self.councils = councils
        }
        self.unions = targeting.unions.map(Set.init)
        self.roles = targeting.roles.map(Set.init)
    }
}
