/// What a notice's Markdown body becomes: rendered once per notice and shared by every page,
/// feed and digest that shows it.
public struct RenderedMarkdown: Sendable, Equatable {
    /// The body as an HTML fragment. Raw HTML in the source is omitted (cmark's safe mode).
    public var html: String
    /// The same HTML with relative links and images made absolute, for feeds and mail, which
    /// are read away from the notice's page.
    public var absoluteHTML: String
    /// The plain text of the first paragraph, used when a notice has no `summary`.
    public var firstParagraph: String
    /// The raw HTML of the source that was left out, line by line, for a warning (SPEC §13).
    public var rawHTML: [RawHTML]

    public init(html: String, absoluteHTML: String? = nil, firstParagraph: String, rawHTML: [RawHTML] = []) {
        self.html = html
        self.absoluteHTML = absoluteHTML ?? html
        self.firstParagraph = firstParagraph
        self.rawHTML = rawHTML
    }
}

/// A line of the Markdown source holding raw HTML, which is never published.
public struct RawHTML: Sendable, Equatable {
    /// 1-based, in the Markdown text given to the renderer.
    public var line: Int
    /// 1-based, in characters.
    public var column: Int
    /// The HTML on that line.
    public var html: String

    public init(line: Int, column: Int, html: String) {
        self.line = line
        self.column = column
        self.html = html
    }
}
