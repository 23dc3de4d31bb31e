/// Bounds on front matter, checked before YAML is parsed, so that a hostile notice cannot make a
/// build hang or run out of memory: no anchors or aliases (a "billion laughs" file expands
/// exponentially when it is walked), no nesting deeper than a notice needs, and a size limit.
/// A notice's front matter is a handful of keys; none of this limits real notices.
enum FrontMatterLimits {
    static let maximumBytes = 64 << 10
    static let maximumDepth = 16

    static func problem(in yaml: String, path: String, lineOffset: Int) -> DiagnosticError? {
        guard yaml.utf8.count <= maximumBytes else {
            return DiagnosticError("the front matter is \(yaml.utf8.count >> 10) KB; it may be at most \(maximumBytes >> 10) KB: put long text in the body",
                                   at: SourceLocation(path: path, line: 1))
        }
        var line = 1 + lineOffset, column = 0
        var depth = 0
        var quote: Character?
        var previous: Character = "\n"
        var atLineStart = true, indent = 0
        for character in yaml {
            column += 1
            if character == "\n" {
                line += 1; column = 0; atLineStart = true; indent = 0; previous = character
                if quote == "\"" || quote == "'" { continue }
                quote = nil
                continue
            }
            if atLineStart {
                if character == " " { indent += 1 } else {
                    atLineStart = false
                    if character != "#", indent / 2 > maximumDepth {
                        return DiagnosticError("the front matter is nested too deeply; a notice needs only a few levels", at: SourceLocation(path: path, line: line, column: column))
                    }
                }
            }
            if let open = quote {
                if character == open, previous != "\\" { quote = nil }
                previous = character
                continue
            }
            // Indicators count only where a node can start: at a line's start or after a space
            // or a flow indicator (a `#` or `&` inside a word is text).
            let startsNode = column == 1 || " [{,:-".contains(previous)
            switch character {
            case "\"" where startsNode, "'" where startsNode:
                quote = character
            case "#" where previous == " " || column == 1:
                quote = "\n"  // a comment, to the end of the line
            case "[", "{":
                depth += 1
                if depth > maximumDepth {
                    return DiagnosticError("the front matter is nested too deeply; a notice needs only a few levels", at: SourceLocation(path: path, line: line, column: column))
                }
            case "]", "}":
                depth = max(0, depth - 1)
            case "&" where startsNode, "*" where startsNode:
                // An anchor or alias starts a node: after an indicator and a space, or a line.
                return DiagnosticError("YAML anchors and aliases (& and *) are not allowed in front matter; write each value out", at: SourceLocation(path: path, line: line, column: column))
            default:
                break
            }
            previous = character
        }
        return nil
    }
}
