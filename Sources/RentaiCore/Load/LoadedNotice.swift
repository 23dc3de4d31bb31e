/// A notice as read, with where each of its keys and ids was written, so that the checks that
/// need the organisation (unknown ids, reaching no one) can point at the right place.
struct LoadedNotice: Sendable {
    var notice: Notice
    /// Where it lives, which bounds whom it may reach (SPEC §11).
    var space: Space
    /// False when `date` was missing or bad: the order of the dates cannot be checked.
    var dateIsKnown: Bool
    /// False when a targeting key's value was malformed: whom the notice reaches is not known.
    var targetingIsSound: Bool
    /// The location of each front-matter key present.
    var keyLocations: [String: SourceLocation]
    /// Each id under `block`, `council`, `union` and `role`, where it was written.
    var targetIDs: [TargetingKey: [Located<String>]]
    var expiresLocation: SourceLocation?
    var deadlineLocation: SourceLocation?
    var eventEndLocation: SourceLocation?
}

/// The four targeting keys of a notice's front matter, in the order they are checked.
enum TargetingKey: String, CaseIterable, Sendable {
    case block, council, union, role

    var kind: IDKind {
        switch self {
        case .block: .block
        case .council: .council
        case .union: .union
        case .role: .role
        }
    }
}
