import Yams

/// A YAML mapping read key by key, with its keys checked against the keys a file may have:
/// an unknown key is an error, never ignored (SPEC §5).
struct YAMLMapping {
    let source: YAMLSource
    let node: Node
    private(set) var entries: [(key: String, keyNode: Node, value: Node)] = []

    /// Nil, with an error, when `node` is not a mapping.
    init?(_ node: Node, source: YAMLSource, describing what: String, diagnostics: inout Diagnostics) {
        guard let mapping = node.mapping else {
            diagnostics.error("\(what) must be a set of 'key: value' lines", at: source.location(of: node))
            return nil
        }
        self.source = source
        self.node = node
        for (key, value) in mapping {
            entries.append((key.string ?? "", key, value))
        }
    }

    /// Reports every key not in `allowed`, suggesting the nearest allowed one.
    func checkKeys(allowed: [String], in what: String, diagnostics: inout Diagnostics) {
        for entry in entries where !allowed.contains(entry.key) {
            let suggestion = Suggestion.didYouMean(entry.key, in: allowed)
            let hint = suggestion.isEmpty ? "; allowed keys: \(allowed.joined(separator: ", "))" : suggestion
            diagnostics.error("unknown key '\(entry.key)' in \(what)\(hint)", at: source.location(of: entry.keyNode))
        }
    }

    subscript(key: String) -> Node? {
        entries.first { $0.key == key }?.value
    }

    func keyLocation(_ key: String) -> SourceLocation? {
        entries.first { $0.key == key }.map { source.location(of: $0.keyNode) }
    }

    var location: SourceLocation { source.location(of: node) }

    // MARK: Typed values

    /// A non-empty text, or nil with an error when the value is not text.
    func text(_ key: String, diagnostics: inout Diagnostics) -> Located<String>? {
        guard let value = self[key] else { return nil }
        guard let scalar = value.scalar, !isNull(value) else {
            diagnostics.error("'\(key)' must be text", at: source.location(of: value))
            return nil
        }
        let invisible = scalar.string.invisibleFormatting
        if !invisible.isEmpty {
            let names = Set(invisible.map { "U+" + String($0.value, radix: 16, uppercase: true) }).sorted().joined(separator: ", ")
            diagnostics.warning("'\(key)' holds invisible characters that can make text read as something else (\(names)); they were left out",
                                at: source.location(of: value))
        }
        let text = scalar.string.withoutControlCharacters.withoutInvisibleFormatting.trimmingWhiteSpace
        guard !text.isEmpty else {
            diagnostics.error("'\(key)' is empty", at: source.location(of: value))
            return nil
        }
        return Located(text, at: source.location(of: value))
    }

    /// One id or a list of ids, each with its own location.
    func ids(_ key: String, diagnostics: inout Diagnostics) -> [Located<String>]? {
        guard let value = self[key] else { return nil }
        if let sequence = value.sequence {
            var ids: [Located<String>] = []
            for item in sequence {
                guard let scalar = item.scalar, !isNull(item), !scalar.string.isEmpty else {
                    diagnostics.error("each item of '\(key)' must be an id", at: source.location(of: item))
                    continue
                }
                ids.append(Located(scalar.string, at: source.location(of: item)))
            }
            return ids
        }
        guard let scalar = value.scalar, !isNull(value), !scalar.string.isEmpty else {
            diagnostics.error("'\(key)' must be an id or a list of ids, like [tokyo, osaka]", at: source.location(of: value))
            return nil
        }
        return [Located(scalar.string, at: source.location(of: value))]
    }

    func bool(_ key: String, diagnostics: inout Diagnostics) -> Located<Bool>? {
        guard let value = self[key] else { return nil }
        switch value.scalar?.string.lowercased() {
        case "true", "yes", "on": return Located(true, at: source.location(of: value))
        case "false", "no", "off": return Located(false, at: source.location(of: value))
        default:
            diagnostics.error("'\(key)' must be true or false", at: source.location(of: value))
            return nil
        }
    }

    func positiveInteger(_ key: String, diagnostics: inout Diagnostics) -> Located<Int>? {
        guard let value = self[key] else { return nil }
        guard let text = value.scalar?.string, let number = Int(text), number > 0 else {
            diagnostics.error("'\(key)' must be a whole number greater than 0", at: source.location(of: value))
            return nil
        }
        return Located(number, at: source.location(of: value))
    }

    /// A whole number ≥ 0 (a count of days); `example` is shown in the message when it is not.
    func wholeNumber(_ key: String, example: Int, diagnostics: inout Diagnostics) -> Located<Int>? {
        guard let value = self[key] else { return nil }
        guard let text = value.scalar?.string, let number = Int(text), number >= 0 else {
            diagnostics.error("'\(key)' must be a whole number ≥ 0, like \(example)", at: source.location(of: value))
            return nil
        }
        return Located(number, at: source.location(of: value))
    }

    func time(_ key: String, in zone: TimeZone, diagnostics: inout Diagnostics) -> Located<SiteTime>? {
        guard let text = self.text(key, diagnostics: &diagnostics) else { return nil }
        if let year = TimeParser.yearOutOfRange(text.value) {
            diagnostics.error("'\(key)': \(TimeParser.outOfRange(year))", at: text.location)
            return nil
        }
        guard let time = TimeParser.parse(text.value, in: zone) else {
            diagnostics.error("'\(key)' has a bad date '\(text.value)'; write \(TimeParser.expectedForms)", at: text.location)
            return nil
        }
        return Located(time, at: text.location)
    }

    private func isNull(_ node: Node) -> Bool {
        guard let scalar = node.scalar, scalar.style == .plain else { return false }
        return ["", "~", "null", "Null", "NULL"].contains(scalar.string)
    }
}

import Foundation
