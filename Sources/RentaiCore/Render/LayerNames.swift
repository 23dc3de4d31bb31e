/// A layer's name for people (SPEC §15): 「全体」, 「関東信越ブロック支部」, 「東京都協議会 · KDDI労働組合」,
/// 「役員向け」 — what it holds in the organisation's words, never its path.
struct LayerNames {
    let organisation: Organisation
    let language: Language

    func name(of layer: Layer) -> String {
        var parts: [String] = []
        switch layer.place {
        case .everywhere: break
        case .block(let id): parts.append(organisation.block(id)?.name ?? id)
        case .council(let id): parts.append(organisation.council(id)?.name ?? id)
        }
        if let union = layer.union { parts.append(organisation.union(union)?.name ?? union) }
        if let role = layer.role {
            let name = organisation.role(role)?.name ?? role
            parts.append(language == .ja ? "\(name)向け" : "For \(name)")
        }
        guard !parts.isEmpty else { return language == .ja ? "全体" : "Everyone" }
        return parts.joined(separator: " · ")
    }

    /// 「12件」, "12 notices".
    func count(_ count: Int) -> String {
        switch language {
        case .ja: "\(count)件"
        case .en: count == 1 ? "1 notice" : "\(count) notices"
        }
    }
}
