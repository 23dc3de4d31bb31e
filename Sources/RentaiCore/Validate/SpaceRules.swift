/// The firewall between spaces (SPEC §11, §14): a notice in a union's folder reaches only that
/// union's members; one in a council's or block's folder only places inside it. Every attempt
/// to reach outside is an error at the offending key, naming the space.
struct SpaceRules {
    let organisation: Organisation

    /// Returns false when the space itself is unknown, so that no other check runs on a guess.
    func check(_ loaded: LoadedNotice, diagnostics: inout Diagnostics) -> Bool {
        let location = loaded.notice.source
        switch loaded.space {
        case .federation:
            return true

        case .union(let id):
            guard let union = organisation.union(id) else {
                diagnostics.error("unknown union '\(id)' in the folder name unions/\(id)/\(Suggestion.didYouMean(id, among: organisation.named(.union)))", at: location)
                return false
            }
            for written in loaded.targetIDs[.union] ?? [] where written.value != id {
                diagnostics.error("'\(written.value)' reaches outside this space: a notice in unions/\(id)/ is for \(union.name) only; leave 'union' out or write '\(id)'", at: written.location)
            }

        case .council(let id):
            guard let council = organisation.council(id) else {
                diagnostics.error("unknown council '\(id)' in the folder name councils/\(id)/\(Suggestion.didYouMean(id, among: organisation.named(.council)))", at: location)
                return false
            }
            for written in loaded.targetIDs[.block] ?? [] {
                diagnostics.error("a notice in councils/\(id)/ cannot name a block: '\(written.value)' reaches beyond \(council.name); leave 'block' out", at: written.location)
            }
            for written in loaded.targetIDs[.council] ?? [] where written.value != id {
                diagnostics.error("'\(written.value)' reaches outside this space: a notice in councils/\(id)/ is for \(council.name) only; leave 'council' out or write '\(id)'", at: written.location)
            }

        case .block(let id):
            guard let block = organisation.block(id) else {
                diagnostics.error("unknown block '\(id)' in the folder name blocks/\(id)/\(Suggestion.didYouMean(id, among: organisation.named(.block)))", at: location)
                return false
            }
            for written in loaded.targetIDs[.block] ?? [] where written.value != id {
                diagnostics.error("'\(written.value)' reaches outside this space: a notice in blocks/\(id)/ is for \(block.name) only; leave 'block' out or write '\(id)'", at: written.location)
            }
            for written in loaded.targetIDs[.council] ?? [] where !block.councilIDs.contains(written.value) {
                diagnostics.error("'\(written.value)' reaches outside this space: it is not a council of \(block.name); a notice in blocks/\(id)/ may name only its councils", at: written.location)
            }
        }
        return true
    }
}
