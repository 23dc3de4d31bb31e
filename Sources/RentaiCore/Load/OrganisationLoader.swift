import Foundation
import Yams

/// Reads `content/org.yaml` (SPEC §3) and checks it: id syntax, reserved and duplicate ids,
/// unknown references with suggestions, empty blocks and unions, `includes` cycles.
struct OrganisationLoader {
    let path: String

    private var source: YAMLSource { YAMLSource(path: path) }

    func load(_ text: String, diagnostics: inout Diagnostics) -> Organisation? {
        let start = SourceLocation(path: path)
        let parsed = source.parseReporting(text, diagnostics: &diagnostics)
        guard let root = parsed.node else {
            if parsed.isEmpty { diagnostics.error("org.yaml is empty; it needs 'roles', 'blocks' and 'unions'", at: start) }
            return nil
        }
        guard let map = YAMLMapping(root, source: source, describing: "org.yaml", diagnostics: &diagnostics) else { return nil }
        map.checkKeys(allowed: ["roles", "blocks", "unions"], in: "org.yaml", diagnostics: &diagnostics)
        for key in ["roles", "blocks", "unions"] where map[key] == nil {
            diagnostics.error("org.yaml has no '\(key)'", at: start)
        }

        var ids = IDRegistry()
        let roles = loadRoles(map["roles"], ids: &ids, diagnostics: &diagnostics)
        let (blocks, councils) = loadBlocks(map["blocks"], ids: &ids, diagnostics: &diagnostics)
        let unions = loadUnions(map["unions"], councils: councils, ids: &ids, diagnostics: &diagnostics)
        checkIncludes(roles, diagnostics: &diagnostics)

        return Organisation(
            roles: roles.map { Role(id: $0.id.value, name: $0.name, includes: $0.includes.map(\.value)) },
            blocks: blocks,
            councils: councils,
            unions: unions)
    }

    // MARK: Roles

    private struct LoadedRole {
        var id: Located<String>
        var name: String
        var includes: [Located<String>]
    }

    private func loadRoles(_ node: Node?, ids: inout IDRegistry, diagnostics: inout Diagnostics) -> [LoadedRole] {
        var roles: [LoadedRole] = []
        for item in list(node, named: "roles", diagnostics: &diagnostics) {
            guard let map = YAMLMapping(item, source: source, describing: "a role", diagnostics: &diagnostics) else { continue }
            map.checkKeys(allowed: ["id", "name", "includes"], in: "a role", diagnostics: &diagnostics)
            guard let (id, name) = idAndName(map, kind: .role, ids: &ids, diagnostics: &diagnostics) else { continue }
            roles.append(LoadedRole(id: id, name: name, includes: map.ids("includes", diagnostics: &diagnostics) ?? []))
        }
        return roles
    }

    /// Every `includes` names a known role, and no role includes itself, directly or not.
    private func checkIncludes(_ roles: [LoadedRole], diagnostics: inout Diagnostics) {
        let byID = Dictionary(roles.map { ($0.id.value, $0) }, uniquingKeysWith: { first, _ in first })
        for role in roles {
            for included in role.includes where byID[included.value] == nil {
                diagnostics.error("unknown role '\(included.value)' in 'includes'\(Suggestion.didYouMean(included.value, among: roles.map { ($0.id.value, $0.name) }))", at: included.location)
            }
        }
        var reportedCycles: Set<Set<String>> = []
        for role in roles {
            // Depth-first search from each role's includes for a way back to the role itself.
            var path: [String] = []
            var visited = Set<String>()
            func reachesStart(_ id: String) -> Bool {
                if id == role.id.value { return true }
                guard visited.insert(id).inserted, let next = byID[id] else { return false }
                path.append(id)
                for include in next.includes where reachesStart(include.value) { return true }
                path.removeLast()
                return false
            }
            for include in role.includes where reachesStart(include.value) {
                // Each cycle once, at the first of its roles in the file.
                if reportedCycles.insert(Set([role.id.value] + path)).inserted {
                    let cycle = ([role.id.value] + path + [role.id.value]).joined(separator: " → ")
                    diagnostics.error("'includes' forms a cycle: \(cycle); a role cannot include itself", at: include.location)
                }
                break
            }
        }
    }

    // MARK: Blocks and councils

    private func loadBlocks(_ node: Node?, ids: inout IDRegistry, diagnostics: inout Diagnostics) -> ([Block], [Council]) {
        var blocks: [Block] = []
        var councils: [Council] = []
        for item in list(node, named: "blocks", diagnostics: &diagnostics) {
            guard let map = YAMLMapping(item, source: source, describing: "a block", diagnostics: &diagnostics) else { continue }
            map.checkKeys(allowed: ["id", "name", "councils"], in: "a block", diagnostics: &diagnostics)
            guard let (id, name) = idAndName(map, kind: .block, ids: &ids, diagnostics: &diagnostics) else { continue }
            var councilIDs: [String] = []
            let items = list(map["councils"], named: "councils", diagnostics: &diagnostics)
            if items.isEmpty {
                diagnostics.error("block '\(id.value)' has no councils; list its councils as '- { id: tokyo, name: 東京都協議会 }'", at: map.keyLocation("councils") ?? id.location)
            }
            for councilNode in items {
                guard let councilMap = YAMLMapping(councilNode, source: source, describing: "a council", diagnostics: &diagnostics) else { continue }
                councilMap.checkKeys(allowed: ["id", "name"], in: "a council", diagnostics: &diagnostics)
                guard let (councilID, councilName) = idAndName(councilMap, kind: .council, ids: &ids, diagnostics: &diagnostics) else { continue }
                councilIDs.append(councilID.value)
                councils.append(Council(id: councilID.value, name: councilName, blockID: id.value))
            }
            blocks.append(Block(id: id.value, name: name, councilIDs: councilIDs))
        }
        return (blocks, councils)
    }

    // MARK: Unions

    private func loadUnions(_ node: Node?, councils: [Council], ids: inout IDRegistry, diagnostics: inout Diagnostics) -> [Union] {
        var unions: [Union] = []
        let councilIDs = councils.map(\.id)
        for item in list(node, named: "unions", diagnostics: &diagnostics) {
            guard let map = YAMLMapping(item, source: source, describing: "a union", diagnostics: &diagnostics) else { continue }
            map.checkKeys(allowed: ["id", "name", "councils"], in: "a union", diagnostics: &diagnostics)
            guard let (id, name) = idAndName(map, kind: .union, ids: &ids, diagnostics: &diagnostics) else { continue }
            var present: Set<String> = []
            if let listed = map.ids("councils", diagnostics: &diagnostics) {
                if listed.count == 1, listed[0].value == "all", map["councils"]?.scalar != nil {
                    present = Set(councilIDs)
                } else {
                    for council in listed {
                        if councilIDs.contains(council.value) {
                            present.insert(council.value)
                        } else {
                            diagnostics.error("unknown council '\(council.value)' in union '\(id.value)'\(Suggestion.didYouMean(council.value, among: councils.map { ($0.id, $0.name) }))", at: council.location)
                        }
                    }
                }
                if listed.isEmpty {
                    diagnostics.error("union '\(id.value)' has no councils; write 'councils: all' or a list of council ids", at: map.keyLocation("councils")!)
                }
            } else if map["councils"] == nil {
                diagnostics.error("union '\(id.value)' has no 'councils'; write 'councils: all' or a list of council ids", at: map.location)
            }
            unions.append(Union(id: id.value, name: name, councilIDs: councilIDs.filter(present.contains)))
        }
        return unions
    }

    // MARK: Shared

    private func idAndName(_ map: YAMLMapping, kind: IDKind, ids: inout IDRegistry, diagnostics: inout Diagnostics) -> (Located<String>, String)? {
        let id = map.text("id", diagnostics: &diagnostics)
        let name = map.text("name", diagnostics: &diagnostics)
        if map["id"] == nil { diagnostics.error("\(kind.rawValue) has no 'id'", at: map.location) }
        if map["name"] == nil { diagnostics.error("\(kind.rawValue) has no 'name'", at: map.location) }
        guard let id else { return nil }
        guard ids.register(id, as: kind, diagnostics: &diagnostics) else { return nil }
        return (id, name?.value ?? id.value)
    }

    private func list(_ node: Node?, named key: String, diagnostics: inout Diagnostics) -> [Node] {
        guard let node else { return [] }
        guard let sequence = node.sequence else {
            if node.scalar?.string.isEmpty == true { return [] }
            diagnostics.error("'\(key)' must be a list of items, each starting with '- '", at: source.location(of: node))
            return []
        }
        return Array(sequence)
    }
}

/// The kinds of id; an id is unique within its kind (SPEC §3).
enum IDKind: String {
    case role, block, council, union
}

/// Checks id syntax and uniqueness as ids are read.
struct IDRegistry {
    private var seen: [IDKind: Set<String>] = [:]

    static func isValid(_ id: String) -> Bool {
        guard let first = id.unicodeScalars.first, Self.isLowerAlphanumeric(first) else { return false }
        return id.unicodeScalars.allSatisfy { Self.isLowerAlphanumeric($0) || $0 == "-" }
    }

    private static func isLowerAlphanumeric(_ scalar: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(scalar) || ("0"..."9").contains(scalar)
    }

    mutating func register(_ id: Located<String>, as kind: IDKind, diagnostics: inout Diagnostics) -> Bool {
        guard Self.isValid(id.value) else {
            diagnostics.error("\(kind.rawValue) id '\(id.value)' is not valid; use lower-case letters, digits and '-', starting with a letter or digit", at: id.location)
            return false
        }
        guard id.value != "all" else {
            diagnostics.error("'all' is reserved and cannot be a \(kind.rawValue) id", at: id.location)
            return false
        }
        guard seen[kind, default: []].insert(id.value).inserted else {
            diagnostics.error("duplicate \(kind.rawValue) id '\(id.value)'; ids must be unique among \(kind.rawValue)s", at: id.location)
            return false
        }
        return true
    }
}
