/// One person's point of view: a council, a union present there, and a role (SPEC §3).
/// Every profile has its own portal, feed and calendar.
public struct Profile: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var council: String
    public var union: String
    public var role: String

    public init(council: String, union: String, role: String) {
        self.council = council
        self.union = union
        self.role = role
    }

    /// `council/union/role`: the portal's folder under `p/`.
    public var path: String { "\(council)/\(union)/\(role)" }
    public var description: String { path }

    public static func < (a: Profile, b: Profile) -> Bool {
        (a.council, a.union, a.role) < (b.council, b.union, b.role)
    }
}
