import CCmarkGFM
import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Renders GitHub Flavored Markdown with the system's libcmark-gfm.
///
/// The GFM extensions are tables, strikethrough, autolinks, task lists and the tag filter.
/// Raw HTML is left out (cmark's default safe mode): notices come from many hands.
/// A line break inside a Japanese sentence is dropped rather than turned into a space,
/// because a browser would otherwise show a stray gap between two Japanese characters.
public struct MarkdownRenderer: Sendable {
    private static let extensionNames = ["table", "strikethrough", "autolink", "tasklist", "tagfilter"]

    /// Registering the core extensions is global and must happen once, before any parser.
    private static let registered: Bool = {
        cmark_gfm_core_extensions_ensure_registered()
        return true
    }()

    private static let parsing = NSLock()

    public init() {
        _ = Self.registered
    }

    /// Renders `markdown`; with `pageURL` (the absolute URL of the notice's page, ending in `/`),
    /// also an HTML whose relative links point there.
    public func render(_ markdown: String, pageURL: String? = nil) -> RenderedMarkdown {
        // Table alignment as `style`, since HTML5 has no `align` attribute.
        let options = CMARK_OPT_DEFAULT | CMARK_OPT_VALIDATE_UTF8 | CMARK_OPT_GITHUB_PRE_LANG | CMARK_OPT_TABLE_PREFER_STYLE_ATTRIBUTES
        guard let parser = cmark_parser_new(options) else {
            return RenderedMarkdown(html: "", firstParagraph: "")
        }
        defer { cmark_parser_free(parser) }
        for name in Self.extensionNames {
            if let syntaxExtension = cmark_find_syntax_extension(name) {
                cmark_parser_attach_syntax_extension(parser, syntaxExtension)
            }
        }
        var source = markdown
        // libcmark-gfm keeps the extensions' special characters in one global table, which every
        // parser switches on when it starts and off when it finishes: two parsers at once would
        // drop each other's strikethrough and autolinks. Parsing takes turns; rendering does not.
        let parsed: OpaquePointer? = Self.parsing.withLock {
            source.withUTF8 { bytes in
                bytes.withMemoryRebound(to: CChar.self) { chars in
                    cmark_parser_feed(parser, chars.baseAddress, chars.count)
                }
            }
            return cmark_parser_finish(parser)
        }
        guard let document = parsed else {
            return RenderedMarkdown(html: "", firstParagraph: "")
        }
        defer { cmark_node_free(document) }

        let rawHTML = rawHTML(in: document, source: markdown)
        joinJapaneseSoftBreaks(in: document)
        removeDangerousURLs(in: document)
        let summary = firstParagraphText(of: document)
        let extensions = cmark_parser_get_syntax_extensions(parser)
        func html() -> String {
            guard let rendered = cmark_render_html(document, options, extensions) else { return "" }
            defer { free(rendered) }
            return String(cString: rendered)
        }
        let pageHTML = html()
        guard let pageURL, makeLinksAbsolute(in: document, base: pageURL) else {
            return RenderedMarkdown(html: pageHTML, firstParagraph: summary, rawHTML: rawHTML)
        }
        return RenderedMarkdown(html: pageHTML, absoluteHTML: html(), firstParagraph: summary, rawHTML: rawHTML)
    }

    /// Every line of the source that holds raw HTML (which safe mode leaves out), once per line.
    private func rawHTML(in document: OpaquePointer, source: String) -> [RawHTML] {
        let lines = source.split(separator: "\n", omittingEmptySubsequences: false)
        var found: [Int: RawHTML] = [:]
        func note(line: Int, fragment: Substring) {
            guard line >= 1, line <= lines.count, found[line] == nil else { return }
            let text = lines[line - 1]
            let start = text.range(of: fragment.trimmingCharacters(in: .whitespaces))?.lowerBound ?? text.startIndex
            found[line] = RawHTML(line: line, column: text.distance(from: text.startIndex, to: start) + 1,
                                  html: String(text[start...]).trimmingSpaces())
        }
        walk(document) { node, entering in
            guard entering, let pointer = cmark_node_get_literal(node) else { return }
            let literal = String(cString: pointer)
            switch cmark_node_get_type(node) {
            case CMARK_NODE_HTML_BLOCK:
                let first = Int(cmark_node_get_start_line(node))
                for (offset, part) in literal.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
                    where !part.allSatisfy(\.isWhitespace) {
                    note(line: first + offset, fragment: part)
                }
            case CMARK_NODE_HTML_INLINE:
                // Inlines carry no reliable position: look for the tag on the lines of its block.
                var block = cmark_node_parent(node)
                while let current = block, cmark_node_get_start_line(current) == 0 { block = cmark_node_parent(current) }
                let from = Int(block.map(cmark_node_get_start_line) ?? 1), to = Int(block.map(cmark_node_get_end_line) ?? Int32(lines.count))
                let tag = literal.split(separator: "\n").first ?? Substring(literal)
                let line = (max(1, from)...max(max(1, from), min(to, lines.count))).first { lines[$0 - 1].contains(tag) } ?? from
                note(line: line, fragment: tag)
            default:
                break
            }
        }
        return found.values.sorted { $0.line < $1.line }
    }

    /// Points relative link and image URLs at `base`; returns whether any changed.
    private func makeLinksAbsolute(in document: OpaquePointer, base: String) -> Bool {
        var changed = false
        walk(document) { node, entering in
            let type = cmark_node_get_type(node)
            guard entering, type == CMARK_NODE_LINK || type == CMARK_NODE_IMAGE,
                  let pointer = cmark_node_get_url(node) else { return }
            let url = String(cString: pointer)
            guard Self.isRelative(url) else { return }
            cmark_node_set_url(node, base + url)
            changed = true
        }
        return changed
    }

    /// A URL without a scheme that is not a fragment or a path from the host's root.
    static func isRelative(_ url: String) -> Bool {
        guard !url.isEmpty, !url.hasPrefix("#"), !url.hasPrefix("/") else { return false }
        if let colon = url.firstIndex(of: ":") {
            let scheme = url[..<colon]
            let isScheme = scheme.first?.isLetter == true && scheme.allSatisfy { $0.isLetter || $0.isNumber || "+-.".contains($0) }
            if isScheme, !scheme.contains("/") { return false }
        }
        return true
    }

    /// Empties link and image URLs whose scheme can run code or smuggle a document: cmark's
    /// safe mode already drops `javascript:`, `vbscript:` and `file:`, but keeps `data:` images;
    /// notices come from many hands, so no `data:` either.
    private func removeDangerousURLs(in document: OpaquePointer) {
        walk(document) { node, entering in
            let type = cmark_node_get_type(node)
            guard entering, type == CMARK_NODE_LINK || type == CMARK_NODE_IMAGE,
                  let pointer = cmark_node_get_url(node) else { return }
            if Self.isDangerous(String(cString: pointer)) { cmark_node_set_url(node, "") }
        }
    }

    /// A URL whose scheme, read as a browser reads it (case, spaces and control characters
    /// ignored), is one of those that run code or carry a document.
    static func isDangerous(_ url: String) -> Bool {
        let letters = url.unicodeScalars.filter { $0.value > 0x20 && $0.value != 0x7F }
        let scheme = String(String.UnicodeScalarView(letters.prefix { $0 != ":" })).lowercased()
        guard letters.contains(":") else { return false }
        return ["javascript", "vbscript", "data", "file"].contains(scheme)
    }

    /// Removes soft line breaks that sit between two East Asian wide characters.
    private func joinJapaneseSoftBreaks(in document: OpaquePointer) {
        var softBreaks: [OpaquePointer] = []
        walk(document) { node, entering in
            if entering, cmark_node_get_type(node) == CMARK_NODE_SOFTBREAK {
                softBreaks.append(node)
            }
        }
        for node in softBreaks {
            let before = cmark_node_previous(node).flatMap(literal)?.unicodeScalars.last
            let after = cmark_node_next(node).flatMap(literal)?.unicodeScalars.first
            if let before, let after, EastAsianWidth.isWide(before), EastAsianWidth.isWide(after) {
                cmark_node_unlink(node)
                cmark_node_free(node)
            }
        }
    }

    /// The plain text of the first paragraph, with line breaks turned into spaces
    /// (or nothing, between Japanese characters).
    private func firstParagraphText(of document: OpaquePointer) -> String {
        var paragraph: OpaquePointer?
        walk(document) { node, entering in
            if paragraph == nil, entering, cmark_node_get_type(node) == CMARK_NODE_PARAGRAPH {
                paragraph = node
            }
        }
        guard let paragraph else { return "" }
        var text = ""
        walk(paragraph) { node, entering in
            guard entering else { return }
            let type = cmark_node_get_type(node)
            if type == CMARK_NODE_SOFTBREAK || type == CMARK_NODE_LINEBREAK {
                text += " "
            } else if let value = literal(node), type == CMARK_NODE_TEXT || type == CMARK_NODE_CODE {
                text += value
            }
        }
        return text.trimmingSpaces()
    }

    private func literal(_ node: OpaquePointer) -> String? {
        guard cmark_node_get_type(node) == CMARK_NODE_TEXT || cmark_node_get_type(node) == CMARK_NODE_CODE,
              let pointer = cmark_node_get_literal(node) else { return nil }
        return String(cString: pointer)
    }

    private func walk(_ root: OpaquePointer, _ visit: (OpaquePointer, Bool) -> Void) {
        guard let iterator = cmark_iter_new(root) else { return }
        defer { cmark_iter_free(iterator) }
        while true {
            let event = cmark_iter_next(iterator)
            if event == CMARK_EVENT_DONE { break }
            if let node = cmark_iter_get_node(iterator) {
                visit(node, event == CMARK_EVENT_ENTER)
            }
        }
    }
}

extension String {
    fileprivate func trimmingSpaces() -> String {
        var scalars = Substring(self)
        while scalars.first?.isWhitespace == true { scalars.removeFirst() }
        while scalars.last?.isWhitespace == true { scalars.removeLast() }
        return String(scalars)
    }
}
