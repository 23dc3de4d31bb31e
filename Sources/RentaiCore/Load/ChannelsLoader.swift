import Foundation
import Yams

/// Reads `content/channels.yaml` (SPEC §16) and checks it as the other files are checked (§13):
/// unknown keys and ids with suggestions, duplicate ids, a channel that reaches no profile, and
/// exactly one of `url_env` and `url_key`.
struct ChannelsLoader {
    static let keys = ["id", "name", "block", "council", "union", "role", "url_env", "url_key"]

    let path: String
    let organisation: Organisation?

    func load(_ text: String, diagnostics: inout Diagnostics) -> [Channel] {
        let source = YAMLSource(path: path)
        guard let root = source.parse(text, diagnostics: &diagnostics) else { return [] }
        guard let top = YAMLMapping(root, source: source, describing: "channels.yaml", diagnostics: &diagnostics) else { return [] }
        top.checkKeys(allowed: ["channels"], in: "channels.yaml", diagnostics: &diagnostics)
        guard let list = top["channels"] else { return [] }
        guard let items = list.sequence else {
            diagnostics.error("'channels' must be a list of channels, each starting with '- id: …'", at: source.location(of: list))
            return []
        }
        var channels: [Channel] = []
        var seen: Set<String> = []
        for item in items {
            guard let map = YAMLMapping(item, source: source, describing: "a channel", diagnostics: &diagnostics) else { continue }
            map.checkKeys(allowed: Self.keys, in: "a channel", diagnostics: &diagnostics)
            let id = map.text("id", diagnostics: &diagnostics)
            let name = map.text("name", diagnostics: &diagnostics)
            let at = source.location(of: item)
            guard let id else {
                diagnostics.error("a channel has no 'id'; write one like 'id: tokyo-kddi-line'", at: at)
                continue
            }
            if !IDRegistry.isValid(id.value) {
                diagnostics.error("channel id '\(id.value)' is not valid; use lower-case letters, digits and '-', starting with a letter or digit", at: id.location)
            } else if !seen.insert(id.value).inserted {
                diagnostics.error("duplicate channel id '\(id.value)'; ids must be unique among channels", at: id.location)
            }
            if name == nil { diagnostics.error("channel '\(id.value)' has no 'name'; write the name members know it by", at: at) }
            let address = self.address(map, id: id.value, at: at, diagnostics: &diagnostics)
            let targeting = self.targeting(map, id: id.value, at: at, diagnostics: &diagnostics)
            guard let address, let targeting else { continue }
            channels.append(Channel(id: id.value, name: name?.value ?? id.value, targeting: targeting, address: address, source: at))
        }
        return channels
    }

    private func address(_ map: YAMLMapping, id: String, at: SourceLocation, diagnostics: inout Diagnostics) -> Channel.Address? {
        let environment = map.text("url_env", diagnostics: &diagnostics)
        let key = map.text("url_key", diagnostics: &diagnostics)
        switch (environment, key) {
        case (let environment?, nil): return .environment(environment.value)
        case (nil, let key?): return .key(key.value)
        case (_?, let key?):
            diagnostics.error("channel '\(id)' has both 'url_env' and 'url_key'; keep one", at: key.location)
        case (nil, nil):
            diagnostics.error("channel '\(id)' says nowhere where its address is: add 'url_env: VARIABLE' (an environment variable) or 'url_key: KEY' (a key of --channels-file); never the URL itself", at: at)
        }
        return nil
    }

    /// The targeting keys, each id known (with the nearest suggested, by id or by name), and
    /// reaching someone.
    private func targeting(_ map: YAMLMapping, id: String, at: SourceLocation, diagnostics: inout Diagnostics) -> Targeting? {
        var ids: [TargetingKey: [Located<String>]] = [:]
        for key in TargetingKey.allCases {
            if let written = map.ids(key.rawValue, diagnostics: &diagnostics) { ids[key] = written }
        }
        let targeting = Targeting(blocks: ids[.block]?.map(\.value), councils: ids[.council]?.map(\.value),
                                  unions: ids[.union]?.map(\.value), roles: ids[.role]?.map(\.value))
        guard let organisation else { return targeting }
        guard organisation.checkIDs(ids, in: "channel '\(id)'", diagnostics: &diagnostics) else { return nil }
        if AudienceResolver(organisation: organisation).profileIndexes(reachedBy: targeting).isEmpty {
            diagnostics.error("channel '\(id)' reaches no one: no union has members in the places it names with the roles it names", at: at)
            return nil
        }
        return targeting
    }
}
