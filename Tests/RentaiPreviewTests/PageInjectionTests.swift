import Testing
@testable import RentaiPreview

@Suite("What the preview adds to a page as it serves it")
struct PageInjectionTests {
    @Test("the toolbar goes just before the last </body>, whatever its case", arguments: [
        ("<html><body><p>a</p></body></html>", "<html><body><p>a</p>[x]</body></html>"),
        ("<BODY>a</BODY>\n</HTML>", "<BODY>a[x]</BODY>\n</HTML>"),
        ("<body><pre>&lt;/body&gt;</pre></body>", "<body><pre>&lt;/body&gt;</pre>[x]</body>"),
        ("<p>no body</p>", "<p>no body</p>[x]"),
    ])
    func injectsBeforeBody(page: String, expected: String) {
        #expect(PageInjection.inject("[x]", into: page) == expected)
    }

    @Test("text and attribute values are escaped")
    func escapes() {
        #expect("<a href=\"x\">'&'</a>".htmlEscaped == "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;")
        #expect("東京都協議会".htmlEscaped == "東京都協議会")
    }

    @Test("a failed build's errors are in the page, escaped, with file, line and column")
    func overlayInPage() {
        let status = PreviewStatus(build: 3, ok: false, errors: [
            .init(file: "content/notices/a.md", line: 4, column: 8, message: "unknown union '<kdi>'; did you mean 'kddi'?"),
        ])
        let html = PreviewToolbar(status: status).html
        #expect(html.contains("id=\"rentai-overlay\""))
        #expect(html.contains("<code>content/notices/a.md:4:8</code> unknown union &#39;&lt;kdi&gt;&#39;; did you mean &#39;kddi&#39;?"))
        #expect(html.contains("data-build=\"3\""))
        #expect(html.contains("<script src=\"/_rentai/preview.js\" defer></script>"))
        #expect(!PreviewToolbar(status: PreviewStatus(build: 3)).html.contains("rentai-overlay\""))
    }

    @Test("the status is one line of JSON with build, ok and errors")
    func statusJSON() {
        let status = PreviewStatus(build: 2, ok: false, errors: [.init(file: "content/site.yaml", line: 1, column: 1, message: "a \"b\"\nc")])
        #expect(status.json == #"{"build":2,"errors":[{"column":1,"file":"content/site.yaml","line":1,"message":"a \"b\"\nc"}],"ok":false}"#)
        #expect(status.serverSentEvent == "event: build\ndata: \(status.json)\n\n")
    }
}
