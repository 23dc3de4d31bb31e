/// Bounds on what a notice's Markdown may ask of the parser. libcmark-gfm 0.29 (Debian's) takes
/// minutes on a few constructs that no real notice uses: tens of thousands of images of nested
/// brackets, and tables thousands of columns wide (its time grows with their square).
enum MarkdownLimits {
    static let maximumImages = 5_000
    static let maximumColumns = 256

    static func problem(in body: String, path: String, firstLine: Int) -> DiagnosticError? {
        var images = 0
        var line = firstLine
        var pipes = 0
        var previous: UInt8 = 0
        for byte in body.utf8 {
            switch byte {
            case UInt8(ascii: "\n"):
                line += 1
                pipes = 0
            case UInt8(ascii: "|"):
                pipes += 1
                if pipes > maximumColumns {
                    return DiagnosticError("this table row has more than \(maximumColumns) columns; split the table, or attach it as a file", at: SourceLocation(path: path, line: line))
                }
            case UInt8(ascii: "[") where previous == UInt8(ascii: "!"):
                images += 1
                if images > maximumImages {
                    return DiagnosticError("the notice has more than \(maximumImages) images; a notice this size belongs in an attachment", at: SourceLocation(path: path, line: line))
                }
            default:
                break
            }
            previous = byte
        }
        return nil
    }
}
