/// The federation as `org.yaml` describes it: roles, blocks of councils, and unions.
public struct Organisation: Sendable {
    public private(set) var roles: [Role]
    public private(set) var blocks: [Block]
    /// Every council, in the order of the blocks that hold them.
    public private(set) var councils: [Council]
    public private(set) var unions: [Union]

    private var roleIndex: [String: Int] = [:]
    private var councilIndex: [String: Int] = [:]
    private var blockIndex: [String: Int] = [:]
    private var unionIndex: [String: Int] = [:]
    /// For each role, itself and every role it includes, transitively.
    private var receivedRoles: [String: Set<String>] = [:]
    /// For each council, the unions with members there, in org.yaml's order.
    private var unionsByCouncil: [String: [Union]] = [:]
    /// Every profile, in a fixed order: by council (as in org.yaml), union, role.
    public private(set) var profiles: [Profile] = []
    /// By council position: the unions there (by position) and where their profiles start.
    public private(set) var unionsAtCouncil: [[(union: Int, firstProfile: Int)]] = []

    public init(roles: [Role], blocks: [Block], councils: [Council], unions: [Union]) {
        self.roles = roles
        self.blocks = blocks
        self.councils = councils
        self.unions = unions
        reindex()
    }

    private mutating func reindex() {
        for (i, role) in roles.enumerated() where roleIndex[role.id] == nil { roleIndex[role.id] = i }
        for (i, council) in councils.enumerated() where councilIndex[council.id] == nil { councilIndex[council.id] = i }
        for (i, block) in blocks.enumerated() where blockIndex[block.id] == nil { blockIndex[block.id] = i }
        for (i, union) in unions.enumerated() where unionIndex[union.id] == nil { unionIndex[union.id] = i }
        for union in unions {
            for council in union.councilIDs { unionsByCouncil[council, default: []].append(union) }
        }
        for council in councils {
            var here: [(union: Int, firstProfile: Int)] = []
            for union in unionsByCouncil[council.id] ?? [] {
                here.append((unionIndex[union.id]!, profiles.count))
                profiles += roles.map { Profile(council: council.id, union: union.id, role: $0.id) }
            }
            unionsAtCouncil.append(here)
        }
        for role in roles {
            var reached: Set<String> = [role.id]
            var queue = role.includes
            while let next = queue.popLast() {
                if reached.insert(next).inserted, let included = self.role(next) {
                    queue.append(contentsOf: included.includes)
                }
            }
            receivedRoles[role.id] = reached
        }
    }

    public func role(_ id: String) -> Role? { roleIndex[id].map { roles[$0] } }

    /// Reports every targeting id that names nothing (`unknown council 'tokio'; did you mean
    /// 'tokyo' (東京都協議会)?`), for a notice or, with `place`, a channel; false when there was one.
    func checkIDs(_ ids: [TargetingKey: [Located<String>]], in place: String? = nil, diagnostics: inout Diagnostics) -> Bool {
        var allKnown = true
        for key in TargetingKey.allCases {
            let named = self.named(key.kind)
            let valid = Set(named.map(\.id))
            for id in ids[key] ?? [] where !valid.contains(id.value) {
                allKnown = false
                diagnostics.error("unknown \(key.rawValue) '\(id.value)'\(place.map { " in " + $0 } ?? "")\(Suggestion.didYouMean(id.value, among: named))", at: id.location)
            }
        }
        return allKnown
    }

    /// Every id of a kind with its name, in org.yaml's order: what "did you mean" chooses from.
    func named(_ kind: IDKind) -> [(id: String, name: String)] {
        switch kind {
        case .role: roles.map { ($0.id, $0.name) }
        case .block: blocks.map { ($0.id, $0.name) }
        case .council: councils.map { ($0.id, $0.name) }
        case .union: unions.map { ($0.id, $0.name) }
        }
    }
    /// Positions in `roles`, `councils` and `unions`.
    public func position(ofCouncil id: String) -> Int? { councilIndex[id] }
    public func position(ofUnion id: String) -> Int? { unionIndex[id] }
    public func council(_ id: String) -> Council? { councilIndex[id].map { councils[$0] } }
    public func block(_ id: String) -> Block? { blockIndex[id].map { blocks[$0] } }
    public func union(_ id: String) -> Union? { unionIndex[id].map { unions[$0] } }

    /// The roles whose notices a person in `role` receives: the role itself and all it includes.
    public func rolesReceived(by role: String) -> Set<String> { receivedRoles[role] ?? [role] }

    /// The unions with members in a council, in org.yaml's order.
    public func unions(in council: String) -> [Union] { unionsByCouncil[council] ?? [] }
}
