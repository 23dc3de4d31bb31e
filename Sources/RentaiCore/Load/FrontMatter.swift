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
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false)[...]
        guard let first = lines.first, first.trimmingTrailingSpaces == "---" else { return .failure(.missingOpening) }
        lines.removeFirst()
        var yaml: [Substring] = []
        while let line = lines.first {
            lines.removeFirst()
            let fence = line.trimmingTrailingSpaces
            if fence == "---" || fence == "..." {
                return .success(FrontMatter(yaml: yaml.joined(separator: "\n"), body: lines.joined(separator: "\n")))
            }
            yaml.append(line)
        }
        return .failure(.missingClosing)
    }
}

extension Substring {
    fileprivate var trimmingTrailingSpaces: Substring {
        var line = self
        while line.last == " " || line.last == "\t" { line.removeLast() }
        return line
    }
}
