/// Every published notice filed in its layers, and the layers each profile reads (SPEC §15).
/// Only layers that hold a notice and that some profile reads are kept: the others are never
/// written.
struct LayerFiling: Sendable {
    /// The layers written, in order (everyone's first).
    let layers: [Layer]
    /// By layer: its notices, newest first.
    let notices: [[Int]]
    /// By profile (`organisation.profiles`): the layers it reads, as positions in `layers`.
    let readBy: [[Int]]

    /// `newestFirst` lists the published notices, newest first; each layer keeps that order.
    init(notices: [Notice], newestFirst: [Int], organisation: Organisation) {
        var filed: [Layer: [Int]] = [:]
        for index in newestFirst {
            for layer in Self.layers(of: notices[index].targeting) { filed[layer, default: []].append(index) }
        }
        // The layers each profile reads, among those that hold something.
        var read: [[Layer]] = []
        var isRead = Set<Layer>()
        read.reserveCapacity(organisation.profiles.count)
        for profile in organisation.profiles {
            let layers = Self.layers(readBy: profile, in: organisation).filter { filed[$0] != nil }
            isRead.formUnion(layers)
            read.append(layers)
        }
        layers = isRead.sorted()
        var position: [Layer: Int] = [:]
        for (index, layer) in layers.enumerated() { position[layer] = index }
        self.notices = layers.map { filed[$0]! }
        readBy = read.map { $0.map { position[$0]! }.sorted() }
    }

    /// The layers a notice is filed in: one atom of each dimension it names, `all` for a
    /// dimension it leaves out.
    static func layers(of targeting: Targeting) -> [Layer] {
        var places: [Layer.Place] = []
        for id in unique(targeting.blocks ?? []) { places.append(.block(id)) }
        for id in unique(targeting.councils ?? []) { places.append(.council(id)) }
        if targeting.blocks == nil && targeting.councils == nil { places = [.everywhere] }
        let unions: [String?] = targeting.unions.map { unique($0) } ?? [nil]
        let roles: [String?] = targeting.roles.map { unique($0) } ?? [nil]
        var layers: [Layer] = []
        for place in places {
            for union in unions {
                for role in roles { layers.append(Layer(place: place, union: union, role: role)) }
            }
        }
        return layers
    }

    /// The layers that take a profile in: everywhere, its block or its council; every union or
    /// its own; every role, its own, or one its role includes.
    static func layers(readBy profile: Profile, in organisation: Organisation) -> [Layer] {
        var places: [Layer.Place] = [.everywhere]
        if let block = organisation.council(profile.council)?.blockID { places.append(.block(block)) }
        places.append(.council(profile.council))
        let received = organisation.rolesReceived(by: profile.role)
        let roles: [String?] = [nil] + organisation.roles.map(\.id).filter { received.contains($0) }
        var layers: [Layer] = []
        for place in places {
            for union in [nil, profile.union] {
                for role in roles { layers.append(Layer(place: place, union: union, role: role)) }
            }
        }
        return layers
    }

    private static func unique(_ ids: [String]) -> [String] {
        var seen = Set<String>()
        return ids.filter { seen.insert($0).inserted }
    }
}
