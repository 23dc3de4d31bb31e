import Foundation

/// Puts the preview's toolbar, overlay and script into a page as it is served. Only the
/// response changes: the files on disk stay exactly what `rentai build` writes.
enum PageInjection {
    /// `snippet` just before the page's last `</body>` (any case), or at the end of a page
    /// without one.
    static func inject(_ snippet: String, into page: String) -> String {
        guard let close = page.range(of: "</body>", options: [.caseInsensitive, .backwards]) else {
            return page + snippet
        }
        return page.replacingCharacters(in: close.lowerBound..<close.lowerBound, with: snippet)
    }
}

extension String {
    /// Escaped for HTML text and for attribute values in double or single quotes.
    var htmlEscaped: String {
        var escaped = ""
        escaped.reserveCapacity(utf8.count)
        for character in unicodeScalars {
            switch character {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "\"": escaped += "&quot;"
            case "'": escaped += "&#39;"
            default: escaped.unicodeScalars.append(character)
            }
        }
        return escaped
    }
}
