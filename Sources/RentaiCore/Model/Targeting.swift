/// Who a notice is for, as written in its front matter: each list `nil` when its key is absent,
/// which means everyone in that dimension (SPEC §4).
public struct Targeting: Sendable, Hashable {
    public var blocks: [String]?
    public var councils: [String]?
    public var unions: [String]?
    public var roles: [String]?

    public init(blocks: [String]? = nil, councils: [String]? = nil, unions: [String]? = nil, roles: [String]? = nil) {
        self.blocks = blocks
        self.councils = councils
        self.unions = unions
        self.roles = roles
    }

    /// A notice with none of the four keys reaches every profile.
    public var isEveryone: Bool { blocks == nil && councils == nil && unions == nil && roles == nil }
}
