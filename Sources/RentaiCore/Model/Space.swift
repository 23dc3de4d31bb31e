/// Who publishes a notice, decided by where it lives (SPEC §11): a union's, a council's or a
/// block's folder under `content/notices/`, or anywhere else, the federation's. A notice reaches
/// only its space's members, so each union's officers can own their folder.
public enum Space: Sendable, Hashable {
    case federation
    case union(String)
    case council(String)
    case block(String)

    /// The folders that hold spaces, and the kind of id each names.
    static let folders: [String: IDKind] = ["unions": .union, "councils": .council, "blocks": .block]

    init(kind: IDKind, id: String) {
        switch kind {
        case .union: self = .union(id)
        case .council: self = .council(id)
        case .block: self = .block(id)
        case .role: self = .federation
        }
    }

    /// `unions/kddi/`, as the folder is written under `content/notices/`.
    public var folder: String {
        switch self {
        case .federation: ""
        case .union(let id): "unions/\(id)/"
        case .council(let id): "councils/\(id)/"
        case .block(let id): "blocks/\(id)/"
        }
    }

    /// The targeting a notice has when it leaves out what its space decides: in a union's
    /// space, `union` means that union; in a council's or block's, the place is that one.
    func withDefaults(_ targeting: Targeting) -> Targeting {
        var result = targeting
        switch self {
        case .federation:
            break
        case .union(let id):
            if result.unions == nil { result.unions = [id] }
        case .council(let id):
            if result.blocks == nil && result.councils == nil { result.councils = [id] }
        case .block(let id):
            if result.blocks == nil && result.councils == nil { result.blocks = [id] }
        }
        return result
    }
}
