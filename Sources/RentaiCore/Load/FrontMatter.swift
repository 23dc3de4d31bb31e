/// A notice file split into its front matter (between two `---` lines) and its Markdown body.
struct FrontMatter {
    /// The YAML between the fences.
    var yaml: String
    /// Lines of the file before the YAML's first line: the opening `---`.
    var yamlLineOffset: Int { 1 }
    var body: String

    enum Problem: Error {
        case missingOpening
        case missingClosing
    }

    static func split(_ text: String) -> Result<FrontMatter, Problem> {
        // Scanned as UTF-8 line by line up to the closing fence; the body is not split at all.
        let utf8 = text.utf8
        var lineStart = utf8.startIndex
        var yamlStart: String.Index?
        while lineStart < utf8.endIndex {
            let lineEnd = utf8[lineStart...].firstIndex(of: 0x0A) ?? utf8.endIndex
            let line = text[lineStart..<lineEnd].trimmingTrailingSpaces
            let next = lineEnd < utf8.endIndex ? utf8.index(after: lineEnd) : lineEnd
            if let start = yamlStart {
                if line == "---" || line == "..." {
                    let yaml = start < lineStart ? String(text[start..<utf8.index(before: lineStart)]) : ""
                    return .success(FrontMatter(yaml: yaml, body: String(text[next...])))
                }
            } else {
                guard line == "---" else { return .failure(.missingOpening) }
                yamlStart = next
            }
            lineStart = next
        }
        return .failure(yamlStart == nil ? .missingOpening : .missingClosing)
    }
}

extension Substring {
    fileprivate var trimmingTrailingSpaces: Substring {
        var line = self
        while line.last == " " || line.last == "\t" { line.removeLast() }
        return line
    }
}
