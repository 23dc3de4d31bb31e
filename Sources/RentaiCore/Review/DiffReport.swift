import Foundation

/// `rentai diff`'s words: plain text for a terminal, Markdown for a pull request's comment, JSON
/// for programs (SPEC §17).
public struct DiffReport: Sendable {
    public let base: String
    public let revision: String
    public let changes: [NoticeChange]
    public let before: LoadedSite
    public let after: LoadedSite

    public init(base: String, revision: String, changes: [NoticeChange], before: LoadedSite, after: LoadedSite) {
        self.base = base
        self.revision = revision
        self.changes = changes
        self.before = before
        self.after = after
    }

    // MARK: JSON

    public var json: String {
        func side(_ side: NoticeChange.Side) -> String {
            "{\"status\":\(side.status.rawValue.jsonLiteral),\"profiles\":\(side.profiles.count)}"
        }
        let notices = changes.map { change in
            "{\"slug\":\(change.slug.jsonLiteral),\"change\":\(change.kind.rawValue.jsonLiteral),"
                + "\"before\":\(side(change.before)),\"after\":\(side(change.after)),"
                + "\"gained\":\(change.gained.count),\"lost\":\(change.lost.count),"
                + "\"flags\":[\(change.flags.map(\.rawValue.jsonLiteral).joined(separator: ","))]}"
        }
        return "{\"base\":\(base.jsonLiteral),\"notices\":[" + notices.joined(separator: ",") + "]}\n"
    }

    // MARK: Text and Markdown

    static let flagWords: [NoticeChange.Flag: String] = [
        .everyone: "now reaches everyone (every profile), and did not",
        .widerPlace: "now reaches a block or council it did not",
        .spaceMoved: "moved to another space (another folder's officers own it now)",
        .vanished: "was published and no longer is (its date, expires or draft changed, or it was removed)",
        .appeared: "is published now and was not",
        .draftRemoved: "'draft: true' was removed: it will be published",
    ]

    public var text: String {
        var lines = ["rentai diff: \(count(changes.count, "notice")) changed since \(revision) (\(base.prefix(12)))"]
        for change in changes {
            lines.append("")
            lines.append("\(change.kind.rawValue) \(change.slug): 「\(change.after.title.isEmpty ? change.before.title : change.after.title)」")
            lines += sides(change).map { "  " + $0 }
            for flag in change.flags { lines.append("  ! \(flag.rawValue): \(Self.flagWords[flag]!)") }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    public var markdown: String {
        var lines = ["### rentai diff: who this change reaches", "",
                     "\(count(changes.count, "notice")) changed since `\(revision)` (`\(base.prefix(12))`).", ""]
        guard !changes.isEmpty else { return lines.joined(separator: "\n") + "\n" }
        let flagged = changes.filter { !$0.flags.isEmpty }
        if !flagged.isEmpty {
            lines.append("> [!WARNING]")
            lines.append("> \(count(flagged.count, "notice")) to look at: " + flagged.map { "`\($0.slug)` (\($0.flags.map(\.rawValue).joined(separator: ", ")))" }.joined(separator: "; "))
            lines.append("")
        }
        lines.append("| notice | change | before | after | ± profiles | flags |")
        lines.append("| --- | --- | --- | --- | --- | --- |")
        for change in changes {
            let title = (change.after.title.isEmpty ? change.before.title : change.after.title).replacingOccurrences(of: "|", with: "\\|")
            lines.append("| `\(change.slug)` \(title) | \(change.kind.rawValue) | \(cell(change.before)) | \(cell(change.after)) | +\(change.gained.count) −\(change.lost.count) | \(change.flags.map { "**\($0.rawValue)**" }.joined(separator: " ")) |")
        }
        for change in changes where !change.gained.isEmpty || !change.lost.isEmpty || !change.flags.isEmpty {
            lines.append("")
            lines.append("<details><summary><code>\(change.slug)</code></summary>")
            lines.append("")
            lines += sides(change).map { "- " + $0 }
            for flag in change.flags { lines.append("- ⚠️ **\(flag.rawValue)**: \(Self.flagWords[flag]!)") }
            lines.append("")
            lines.append("</details>")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private func cell(_ side: NoticeChange.Side) -> String {
        side.status == .absent ? "—" : "\(side.audience) (\(formatted(side.profiles.count)), \(side.status.rawValue))"
    }

    /// Before and after in people's words, then what was gained and lost, counted by council,
    /// union and role, then the channels.
    private func sides(_ change: NoticeChange) -> [String] {
        var lines: [String] = []
        if change.before.status != .absent {
            lines.append("before: \(change.before.audience) — \(count(change.before.profiles.count, "profile")) (\(change.before.status.rawValue))")
        }
        if change.after.status != .absent {
            lines.append("after: \(change.after.audience) — \(count(change.after.profiles.count, "profile")) (\(change.after.status.rawValue))")
        }
        if !change.gained.isEmpty { lines.append("gained \(formatted(change.gained.count)): " + tally(change.gained, in: after.organisation)) }
        if !change.lost.isEmpty { lines.append("lost \(formatted(change.lost.count)): " + tally(change.lost, in: before.organisation)) }
        if change.before.channels != change.after.channels, !(change.before.channels.isEmpty && change.after.channels.isEmpty) {
            lines.append("channels: " + (change.after.channels.isEmpty ? "none" : change.after.channels.joined(separator: ", "))
                         + (change.before.channels.isEmpty ? "" : " (before: \(change.before.channels.joined(separator: ", ")))"))
        } else if !change.after.channels.isEmpty {
            lines.append("channels: " + change.after.channels.joined(separator: ", "))
        }
        return lines
    }

    /// 「東京都協議会 12, 神奈川県協議会 6; KDDI労働組合 18; 組合員 6, 役員 6, 窓口 6」.
    private func tally(_ profiles: Set<String>, in organisation: Organisation) -> String {
        var councils: [String: Int] = [:], unions: [String: Int] = [:], roles: [String: Int] = [:]
        for path in profiles {
            let parts = path.split(separator: "/").map(String.init)
            guard parts.count == 3 else { continue }
            councils[parts[0], default: 0] += 1
            unions[parts[1], default: 0] += 1
            roles[parts[2], default: 0] += 1
        }
        func list(_ counts: [String: Int], _ name: (String) -> String?) -> String {
            let sorted = counts.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
            let shown = sorted.prefix(8).map { "\(name($0.key) ?? $0.key) \(formatted($0.value))" }
            return shown.joined(separator: ", ") + (sorted.count > 8 ? ", … (\(sorted.count) in all)" : "")
        }
        return [list(councils) { organisation.council($0)?.name }, list(unions) { organisation.union($0)?.name },
                list(roles) { organisation.role($0)?.name }].joined(separator: "; ")
    }

    private func formatted(_ number: Int) -> String {
        let digits = String(number)
        var out = ""
        for (index, character) in digits.enumerated() {
            if index > 0 && (digits.count - index) % 3 == 0 { out.append(",") }
            out.append(character)
        }
        return out
    }

    private func count(_ number: Int, _ word: String) -> String {
        "\(formatted(number)) \(word)\(number == 1 ? "" : "s")"
    }
}
