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

    public init(html: String, absoluteHTML: String? = nil, firstParagraph: String) {
        self.html = html
        self.absoluteHTML = absoluteHTML ?? html
        self.firstParagraph = firstParagraph
    }
}
