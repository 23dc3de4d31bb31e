/// `rentai reach` (SPEC §12, §14): who a notice reaches, in the words an officer checks before
/// committing: the places, unions and roles, and the number of profiles; every profile on request.
public struct ReachReport {
    public let notice: Notice
    public let organisation: Organisation

    public init(notice: Notice, organisation: Organisation) {
        self.notice = notice
        self.organisation = organisation
    }

    public var profiles: [Profile] { AudienceResolver(organisation: organisation).profiles(reachedBy: notice) }

    public func text(listing: Bool) -> String {
        let reached = profiles
        let councils = uniqueInOrder(reached.map(\.council))
        let unions = uniqueInOrder(reached.map(\.union))
        let roles = uniqueInOrder(reached.map(\.role))
        let blocks = uniqueInOrder(councils.compactMap { organisation.council($0)?.blockID })
        func names(_ ids: [String], _ name: (String) -> String?) -> String {
            ids.map { name($0) ?? $0 }.joined(separator: ", ")
        }
        var lines = [
            "blocks: \(blocks.count) — \(names(blocks) { organisation.block($0)?.name })",
            "councils: \(councils.count) — \(names(councils) { organisation.council($0)?.name })",
            "unions: \(unions.count) — \(names(unions) { organisation.union($0)?.name })",
            "roles: \(roles.count) — \(names(roles) { organisation.role($0)?.name })",
            "profiles: \(reached.count)",
        ]
        if listing { lines += reached.map(\.path) }
        return lines.joined(separator: "\n") + "\n"
    }

    private func uniqueInOrder(_ ids: [String]) -> [String] {
        var seen = Set<String>()
        return ids.filter { seen.insert($0).inserted }
    }
}
