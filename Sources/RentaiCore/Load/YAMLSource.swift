import Foundation
import Yams

/// A YAML text inside a file (a whole `site.yaml`, or a notice's front matter), able to say
/// where in the file each of its nodes sits.
struct YAMLSource {
    var path: String
    /// Lines in the file before the YAML's first line (1 for front matter after its `---`).
    var lineOffset: Int = 0

    func location(of node: Node) -> SourceLocation {
        location(of: node.mark)
    }

    func location(of mark: Mark?) -> SourceLocation {
        SourceLocation(path: path, line: (mark?.line ?? 1) + lineOffset, column: mark?.column ?? 1)
    }

    /// The root node, or nil with the problem reported. An empty text gives nil and no problem.
    func parse(_ text: String, diagnostics: inout Diagnostics) -> Node? {
        parseReporting(text, diagnostics: &diagnostics).node
    }

    /// The root node, and whether the text was merely empty (nil and no problem) or broken.
    func parseReporting(_ text: String, diagnostics: inout Diagnostics) -> (node: Node?, isEmpty: Bool) {
        let before = diagnostics.all.count
        let node = compose(text, diagnostics: &diagnostics)
        return (node, node == nil && diagnostics.all.count == before)
    }

    private func compose(_ text: String, diagnostics: inout Diagnostics) -> Node? {
        do {
            // Every value is read as text (SPEC §13: ids like `no` stay ids), so no tag is resolved:
            // Yams' default resolver runs a regular expression on every scalar.
            // UTF-8 named outright: Yams otherwise works out its default by copying the whole
            // environment, for every notice.
            return try Yams.compose(yaml: text, .basic, .default, .utf8)
        } catch let error as YamlError {
            report(error, in: text, diagnostics: &diagnostics)
        } catch {
            diagnostics.error("invalid YAML: \(error)", at: location(of: nil))
        }
        return nil
    }

    private func report(_ error: YamlError, in text: String, diagnostics: inout Diagnostics) {
        switch error {
        case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _),
             .composer(_, let problem, let mark, _):
            if let (message, place) = likelyCause(in: text, upTo: mark.line) {
                diagnostics.error(message, at: place)
            } else {
                diagnostics.error("invalid YAML: \(problem)", at: location(of: mark))
            }
        case .duplicatedKeysInMapping(let duplicates, let context):
            for key in duplicates {
                let second = secondOccurrence(of: key, in: text, after: context.mark)
                diagnostics.error("duplicate key '\(key)'; each key may appear once", at: second ?? location(of: context.mark))
            }
        case .reader(let problem, _, _, _):
            diagnostics.error("invalid YAML: \(problem)", at: location(of: nil))
        default:
            diagnostics.error("invalid YAML: \(error)", at: location(of: nil))
        }
    }

    /// What an officer most often did when YAML will not read, found on the lines up to the one
    /// YAML gave up at (it often gives up a line late): a tab among the spaces that indent a
    /// line, or a key followed by a full-width colon `：` (typed with a Japanese input method).
    func likelyCause(in text: String, upTo lastLine: Int) -> (String, SourceLocation)? {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        for (index, line) in lines.prefix(max(1, lastLine)).enumerated() {
            let indent = line.prefix { $0 == " " || $0 == "\t" }
            if let tab = indent.firstIndex(of: "\t") {
                let column = line.unicodeScalars.distance(from: line.startIndex, to: tab) + 1
                return ("a tab indents this line; YAML indents with spaces only: replace the tab with spaces",
                        SourceLocation(path: path, line: index + 1 + lineOffset, column: column))
            }
            // `council：tokyo`: a key of ASCII letters, then the full-width colon.
            let key = line.drop { $0 == " " || $0 == "-" }.prefix { $0.isASCII && ($0.isLetter || $0 == "_") }
            if !key.isEmpty, line[key.endIndex...].drop(while: { $0 == " " }).first == "：" {
                let colon = line[key.endIndex...].firstIndex(of: "：")!
                return ("a full-width colon '：' after '\(key)'; write a half-width colon and a space: '\(key): …'",
                        SourceLocation(path: path, line: index + 1 + lineOffset,
                                       column: line.unicodeScalars.distance(from: line.startIndex, to: colon) + 1))
            }
        }
        return nil
    }

    /// Yams gives the mark of the mapping's first duplicated key; SPEC §13 points at the second
    /// occurrence of each key. Find, from that mark on, the second line that starts with the key
    /// at the same column (the first may lie after the mark: `from`, `summary`, `from`, `summary`).
    private func secondOccurrence(of key: String, in text: String, after mark: Mark) -> SourceLocation? {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        guard mark.line >= 1, mark.line <= lines.count else { return nil }
        let indent = mark.column - 1
        var seen = 0
        for index in (mark.line - 1)..<lines.count {
            let line = lines[index].unicodeScalars
            guard line.count > indent else { continue }
            let rest = String(String.UnicodeScalarView(line.dropFirst(indent)))
            let prefix = rest.hasPrefix("- ") && index == mark.line - 1 ? String(rest.dropFirst(2)) : rest
            for candidate in [key, "\"\(key)\"", "'\(key)'"] where prefix.hasPrefix(candidate) {
                let after = prefix.dropFirst(candidate.count).drop { $0 == " " }
                if after.hasPrefix(":") {
                    seen += 1
                    if seen == 2 { return SourceLocation(path: path, line: index + 1 + lineOffset, column: mark.column) }
                }
            }
        }
        return nil
    }
}
