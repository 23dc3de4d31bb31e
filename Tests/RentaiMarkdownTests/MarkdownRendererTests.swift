import Testing
import RentaiMarkdown

@Suite("Markdown, rendered by libcmark-gfm")
struct MarkdownRendererTests {
    let renderer = MarkdownRenderer()

    @Test("GFM: tables with alignment as style, strikethrough, autolinks, task lists")
    func gfmExtensions() {
        let html = renderer.render("""
            | 項目 | 人数 |
            |:--|--:|
            | 参加 | 12 |

            ~~中止~~ https://example.org

            - [x] 済
            - [ ] 未
            """).html
        #expect(html.contains("<table>"))
        #expect(html.contains("<th style=\"text-align: left\">項目</th>"))
        #expect(!html.contains(" align="))
        #expect(html.contains("<del>中止</del>"))
        #expect(html.contains("<a href=\"https://example.org\">https://example.org</a>"))
        #expect(html.contains("<input type=\"checkbox\" checked=\"\" disabled=\"\" />"))
    }

    @Test("raw HTML is left out")
    func rawHTML() {
        let html = renderer.render("こんにちは<script>alert(1)</script>\n\n<iframe src=x></iframe>").html
        #expect(!html.contains("<script"))
        #expect(!html.contains("<iframe"))
    }

    @Test("a line break inside a Japanese sentence does not become a space")
    func japaneseSoftBreaks() {
        #expect(renderer.render("組合員の皆さまへ\nお知らせです。").html == "<p>組合員の皆さまへお知らせです。</p>\n")
        #expect(renderer.render("Dear members\nof the union").html == "<p>Dear members\nof the union</p>\n")
    }

    @Test("the first paragraph is the summary, as plain text")
    func firstParagraph() {
        let rendered = renderer.render("# 見出し\n\n12月15日に**東京**で\n開催します。\n\n二段落目")
        #expect(rendered.firstParagraph == "12月15日に東京で開催します。")
    }

    @Test("for feeds, relative links and images point at the notice's page")
    func absoluteLinks() {
        let rendered = renderer.render("[資料](program.pdf) ![地図](img/map.png) [外](https://x.org/) [上](#top) [根](/a)",
                                       pageURL: "https://example.org/n/2026/a/")
        #expect(rendered.html.contains("href=\"program.pdf\""))
        #expect(rendered.absoluteHTML.contains("href=\"https://example.org/n/2026/a/program.pdf\""))
        #expect(rendered.absoluteHTML.contains("src=\"https://example.org/n/2026/a/img/map.png\""))
        #expect(rendered.absoluteHTML.contains("href=\"https://x.org/\""))
        #expect(rendered.absoluteHTML.contains("href=\"#top\""))
        #expect(rendered.absoluteHTML.contains("href=\"/a\""))
    }

    @Test("many notices rendered at once come out as one at a time would")
    func concurrentRendering() async {
        let source = "~~中止~~ https://example.org\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n- [x] 済"
        let expected = renderer.render(source).html
        let results = await withTaskGroup(of: String.self) { group in
            for _ in 0..<1500 { group.addTask { MarkdownRenderer().render(source).html } }
            return await group.reduce(into: [String]()) { $0.append($1) }
        }
        #expect(results.allSatisfy { $0 == expected })
    }
}
