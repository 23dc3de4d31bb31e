/// Bounds on front matter, checked before YAML is parsed, so that a hostile notice cannot make a
/// build hang or run out of memory: no anchors or aliases (a "billion laughs" file expands
/// exponentially when it is walked), no nesting deeper than a notice needs, and a size limit.
/// A notice's front matter is a handful of keys; none of this limits real notices.
enum FrontMatterLimits {
    static let maximumBytes = 64 << 10
    static let maximumDepth = 16

    static func problem(in yaml: String, path: String, lineOffset: Int) -> DiagnosticError? {
        guard yaml.utf8.count <= maximumBytes else {
            return DiagnosticError("the front matter is \(Size.kilobytes(yaml.utf8.count)); it may be at most \(maximumBytes >> 10) KB: put long text in the body",
                                   at: SourceLocation(path: path, line: 1))
        }
        var scanner = Scanner(path: path, line: 1 + lineOffset)
        // Scalars, not characters: grapheme breaking made this scan cost more than parsing.
        for character in yaml.unicodeScalars {
            if let problem = scanner.take(character) { return problem }
        }
        return nil
    }

    /// Reads the YAML a character at a time, knowing just enough of its syntax: where a node may
    /// start (at a line's start, after `key: `, `- `, `[`, `{` or `,`), quoted text, comments,
    /// and how deep flow brackets, indentation and `- - -` on one line nest.
    private struct Scanner {
        let path: String
        var line: Int
        var column = 0
        var flowDepth = 0
        var indent = 0
        var dashes = 0
        var atLineStart = true
        var expectingNode = true
        var quote: Unicode.Scalar?
        var inComment = false
        var previous: Unicode.Scalar = "\n"

        init(path: String, line: Int) {
            self.path = path
            self.line = line
        }

        private func tooDeep() -> DiagnosticError {
            DiagnosticError("the front matter is nested too deeply; a notice needs only a few levels", at: SourceLocation(path: path, line: line, column: column))
        }

        mutating func take(_ character: Unicode.Scalar) -> DiagnosticError? {
            defer { previous = character }
            if character == "\n" {
                line += 1; column = 0
                atLineStart = true; indent = 0; dashes = 0
                inComment = false
                expectingNode = true
                if quote == "'" || quote == "\"" { return nil }  // quoted text may span lines
                return nil
            }
            column += 1
            if inComment { return nil }
            if let open = quote {
                if character == open && previous != "\\" { quote = nil; expectingNode = false }
                return nil
            }
            if atLineStart {
                if character == " " { indent += 1; return nil }
                atLineStart = false
                if character != "#", indent / 2 > Self.maximumDepth { return tooDeep() }
            }
            if character == " " || character == "\t" {
                if previous == ":" || (previous == "-" && expectingNodeBeforeDash) { expectingNode = true }
                if previous == "-" && expectingNodeBeforeDash {
                    dashes += 1
                    if indent / 2 + dashes > Self.maximumDepth { return tooDeep() }
                }
                return nil
            }
            let startsNode = expectingNode
            expectingNodeBeforeDash = startsNode && character == "-"
            expectingNode = false
            switch character {
            case "#" where previous == " " || previous == "\t" || column == 1:
                inComment = true
            case "\"" where startsNode, "'" where startsNode:
                quote = character
            case "[", "{":
                flowDepth += 1
                expectingNode = true
                if flowDepth > Self.maximumDepth { return tooDeep() }
            case "]", "}":
                flowDepth = max(0, flowDepth - 1)
            case ",":
                if flowDepth > 0 { expectingNode = true }
            case "&" where startsNode, "*" where startsNode:
                return DiagnosticError("YAML anchors and aliases (& and *) are not allowed in front matter; write each value out", at: SourceLocation(path: path, line: line, column: column))
            case "-" where startsNode:
                expectingNode = true  // maybe `- ` (an item); a `-` in a value is followed by text
                expectingNodeBeforeDash = true
            case ":":
                break
            default:
                break
            }
            return nil
        }

        private var expectingNodeBeforeDash = false
        static var maximumDepth: Int { FrontMatterLimits.maximumDepth }
    }
}

/// Sizes in messages, rounded up, so that a file just over a limit never reads as the limit.
enum Size {
    static func megabytes(_ bytes: Int) -> String {
        let tenths = (bytes * 10 + (1 << 20) - 1) >> 20
        return tenths % 10 == 0 ? "\(tenths / 10) MB" : "\(tenths / 10).\(tenths % 10) MB"
    }

    static func kilobytes(_ bytes: Int) -> String {
        "\((bytes + 1023) >> 10) KB"
    }
}
