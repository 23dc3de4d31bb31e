/// A shared list of notices, written once and read by many profiles (SPEC §15): what grows with
/// the site's history lives in layers, so that every profile's own files stay small.
///
/// A layer is named by one atom of each dimension of SPEC §4: a place (everywhere, a block or a
/// council), a union (every union, or one) and a role (every role, or one). A notice is filed in
/// every layer made of its own atoms, and a profile reads every layer whose atoms take it in, so
/// every notice of a layer reaches every profile that reads it: a layer is never a leak.
public struct Layer: Sendable, Hashable, Comparable, CustomStringConvertible {
    public enum Place: Sendable, Hashable {
        case everywhere
        case block(String)
        case council(String)

        /// `all`, `block-<id>`, `council-<id>`: the first part of the layer's path.
        public var atom: String {
            switch self {
            case .everywhere: "all"
            case .block(let id): "block-\(id)"
            case .council(let id): "council-\(id)"
            }
        }

        /// Everywhere first, then blocks, then councils: the order of `all/` pages.
        var rank: Int {
            switch self {
            case .everywhere: 0
            case .block: 1
            case .council: 2
            }
        }
    }

    public var place: Place
    /// nil: every union.
    public var union: String?
    /// nil: every role.
    public var role: String?

    public init(place: Place, union: String?, role: String?) {
        self.place = place
        self.union = union
        self.role = role
    }

    /// `<place>/<union>/<role>`, each `all` where the layer takes everyone in: the layer's folder
    /// under `l/` in a readable site, and what its token is made from in a private one.
    public var path: String { "\(place.atom)/\(union ?? "all")/\(role ?? "all")" }
    public var description: String { path }

    /// Everyone's layers before narrower ones, each kind by id.
    public static func < (a: Layer, b: Layer) -> Bool {
        func key(_ layer: Layer) -> (Int, String, Int, String, Int, String) {
            let placeID: String
            switch layer.place {
            case .everywhere: placeID = ""
            case .block(let id), .council(let id): placeID = id
            }
            return (layer.place.rank, placeID, layer.union == nil ? 0 : 1, layer.union ?? "",
                    layer.role == nil ? 0 : 1, layer.role ?? "")
        }
        return key(a) < key(b)
    }
}
