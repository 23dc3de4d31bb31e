/// What to say of raw HTML in a notice's body, which is never published (SPEC §13): that it was
/// left out, and how to write the same in Markdown where there is a way. Officers paste HTML
/// from old mails and web pages; a silent gap in the page is worse than a warning.
enum RawHTMLAdvice {
    static func message(for html: String) -> String {
        let shown = html.count > 40 ? String(html.prefix(40)) + "…" : html
        let said = "raw HTML is not published; '\(shown)' was left out"
        guard let advice = advice(forTag: firstTag(in: html)) else { return said }
        return "\(said); \(advice)"
    }

    /// The name of the first tag, lower-cased: `br` for `<br/>`, `!--` for a comment.
    static func firstTag(in html: String) -> String? {
        guard let open = html.firstIndex(of: "<") else { return nil }
        let rest = html[html.index(after: open)...]
        if rest.hasPrefix("!--") { return "!--" }
        let name = rest.drop { $0 == "/" }.prefix { $0.isLetter || $0.isNumber }
        return name.isEmpty ? nil : name.lowercased()
    }

    static func advice(forTag tag: String?) -> String? {
        switch tag {
        case "br": "for a line break, end the line with a backslash (\\) or two spaces"
        case "p", "div": "a paragraph is text after an empty line"
        case "b", "strong": "write **bold** for strong text"
        case "i", "em": "write *text* for emphasis"
        case "a": "write a link as [text](https://…)"
        case "img": "write an image as ![description](file.png), the file beside the notice"
        case "table", "tr", "td", "th", "thead", "tbody": "write a table as lines of | cells |, the second line | --- |"
        case "ul", "ol", "li": "write a list as lines starting with '- ' or '1. '"
        case "h1", "h2", "h3", "h4", "h5", "h6": "write a heading as a line starting with '## '"
        case "hr": "write a rule as a line of ---, after an empty line"
        case "s", "del", "strike": "write ~~text~~ for struck-out text"
        case "code", "pre": "write code between backticks (`), or a block between lines of ```"
        case "!--": "a comment is never shown; if it is a note to yourself, that is as intended"
        default: nil
        }
    }
}
