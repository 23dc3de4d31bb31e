import Foundation
import Testing
@testable import RentaiCore
#if canImport(FoundationXML)
import FoundationXML
#endif

/// Issue 4, "Hostile input": notices come from many hands, so every one is untrusted. Each case
/// below is an input someone could commit, with its exact outcome: the error `rentai check`
/// prints, or a build whose output is checked, within a bounded time where hanging is the risk.
///
/// Every case asserts its exact outcome; the cases that review found unsafe are fixed, and
/// body states the behaviour that should happen.
@Suite("Hostile input: every case has its exact, safe outcome")
struct HostileInputTests {
    /// A case of a parameterised test: a short name shown in the results, and its text.
    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var text: String
        var testDescription: String { name }
        init(_ name: String, _ text: String) {
            self.name = name
            self.text = text
        }
    }

    static let portal = "p/tokyo/ntt/member/index.html"
    static let feed = "p/tokyo/ntt/member/feed.xml"
    static let calendar = "p/tokyo/ntt/member/calendar.ics"

    private func timed<T>(_ body: () throws -> T) rethrows -> (T, Duration) {
        let clock = ContinuousClock()
        let start = clock.now
        let result = try body()
        return (result, clock.now - start)
    }

    private func built(_ site: TestSite) throws -> Bool {
        guard case .built = try site.build() else {
            Issue.record("the build failed: \(site.errors())")
            return false
        }
        return true
    }

    /// A folder outside the site holding a secret file, for links that try to reach it.
    private func outsideFolder() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("rentai-outside-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try Data("OUTSIDE-SECRET\n".utf8).write(to: folder.appendingPathComponent("secret.txt"))
        try Data(notice("title: OUTSIDE-SECRET\ndate: 2026-11-20", body: "OUTSIDE-SECRET").utf8).write(to: folder.appendingPathComponent("secret.md"))
        return folder
    }

    private func link(_ path: String, in site: TestSite, to destination: String) throws {
        let url = site.root.appendingPathComponent(path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: url.path, withDestinationPath: destination)
    }

    /// Every file of the output whose bytes contain `text`, and every symbolic link in it.
    private func outputLeaks(_ site: TestSite, _ text: String) -> [String] {
        var found: [String] = []
        let root = site.output.path + "/"
        guard let enumerator = FileManager.default.enumerator(atPath: site.output.path) else { return [] }
        for case let relative as String in enumerator {
            let path = root + relative
            if (try? FileManager.default.destinationOfSymbolicLink(atPath: path)) != nil {
                found.append("\(relative) is a symbolic link")
            } else if let data = FileManager.default.contents(atPath: path), data.range(of: Data(text.utf8)) != nil {
                found.append(relative)
            }
        }
        return found.sorted()
    }

    // MARK: - Raw HTML and URLs in Markdown

    static let rawHTML: [Case] = [
        Case("script block", "<script>alert(1)</script>"),
        Case("SCRIPT in upper case", "<SCRIPT SRC=https://evil.example/x.js></SCRIPT>"),
        Case("script inline", "前 <script>alert(1)</script> 後"),
        Case("iframe", "<iframe src=\"https://evil.example/\"></iframe>"),
        Case("img onerror", "<img src=x onerror=alert(1)>"),
        Case("inline event handler", "文 <b onclick=\"alert(1)\">太字</b> 文"),
        Case("a javascript href", "<a href=\"javascript:alert(1)\">click</a>"),
        Case("HTML comment", "<!-- secret comment -->"),
        Case("style", "<style>body { display: none }</style>"),
        Case("svg onload", "<svg onload=alert(1)><circle r=1 /></svg>"),
        Case("object and embed", "<object data=\"evil.swf\"></object><embed src=\"evil.swf\">"),
        Case("meta refresh", "<meta http-equiv=\"refresh\" content=\"0;url=https://evil.example/\">"),
        Case("base href", "<base href=\"https://evil.example/\">"),
        Case("form", "<form action=\"https://evil.example/\"><input name=password></form>"),
        Case("tag split by a line", "<img\nsrc=x\nonerror=alert(1)>"),
        Case("unclosed tag", "<img src=x onerror=alert(1)"),
    ]

    @Test("raw HTML is left out of the notice page, the portal and the feed", arguments: rawHTML)
    func rawHTMLIsOmitted(_ hostile: Case) throws {
        let site = try TestSite(["content/notices/a.md": notice("title: t\ndate: 2026-11-20", body: "はじめ\n\n\(hostile.text)\n\nおわり")])
        defer { site.remove() }
        guard try built(site) else { return }
        let page = try site.read("n/a/index.html")
        #expect(HTMLScan.problems(in: page) == [])
        #expect(HTMLScan.problems(in: try site.read(Self.portal)) == [])
        for description in try FeedScan(try site.read(Self.feed)).items.map(\.description) {
            #expect(HTMLScan.problems(in: description) == [])
        }
        #expect(!page.contains("secret comment"))
        #expect(page.contains("<p>はじめ</p>") && page.contains("<p>おわり</p>"))
    }

    @Test("raw HTML becomes cmark's marker, exactly")
    func rawHTMLMarker() throws {
        let site = try TestSite(["content/notices/a.md": notice("title: t\ndate: 2026-11-20",
                                                               body: "<script>alert(1)</script>\n\n文 <b onclick=\"x()\">太字</b> 文")])
        defer { site.remove() }
        guard try built(site) else { return }
        let page = try site.read("n/a/index.html")
        #expect(page.contains("<!-- raw HTML omitted -->\n<p>文 <!-- raw HTML omitted -->太字<!-- raw HTML omitted --> 文</p>\n"))
    }

    static let dangerousURLs: [Case] = [
        Case("javascript:", "[リンク](javascript:alert(1))"),
        Case("mixed case", "[リンク](JaVaScRiPt:alert(1))"),
        Case("leading space in angle brackets", "[リンク](< javascript:alert(1)>)"),
        Case("tab entity inside", "[リンク](java&#x09;script:alert(1))"),
        Case("newline entity inside", "[リンク](java&#10;script:alert(1))"),
        Case("decimal entity", "[リンク](&#106;avascript:alert(1))"),
        Case("padded entity", "[リンク](&#0000106;avascript:alert(1))"),
        Case("named colon", "[リンク](javascript&colon;alert(1))"),
        Case("backslash-escaped colon", "[リンク](javascript\\:alert(1))"),
        Case("vbscript:", "[リンク](vbscript:msgbox(1))"),
        Case("data: HTML", "[リンク](data:text/html,<script>alert(1)</script>)"),
        Case("data: HTML base64", "[リンク](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)"),
        Case("data: image", "![画像](data:image/png;base64,iVBORw0KGgo=)"),
        Case("file:", "[リンク](file:///etc/passwd)"),
        Case("image javascript:", "![画像](javascript:alert(1))"),
        Case("autolink", "<javascript:alert(1)>"),
        Case("autolink in upper case", "<JAVASCRIPT:alert(1)>"),
        Case("reference definition", "[リンク][r]\n\n[r]: javascript:alert(1)"),
        Case("reference with a title", "[リンク][r]\n\n[r]: vbscript:x \"t\""),
    ]

    @Test("link and image URLs with a scheme that runs code or carries a document are emptied", arguments: dangerousURLs)
    func dangerousURLsAreRemoved(_ hostile: Case) throws {
        let site = try TestSite(["content/notices/a.md": notice("title: t\ndate: 2026-11-20", body: hostile.text)])
        defer { site.remove() }
        guard try built(site) else { return }
        let page = try site.read("n/a/index.html")
        #expect(HTMLScan.problems(in: page) == [])
        for description in try FeedScan(try site.read(Self.feed)).items.map(\.description) {
            #expect(HTMLScan.problems(in: description) == [])
        }
        // The link stays, as text with an empty address.
        let body = try #require(HTMLScan.between(page, "<div class=\"notice-body\">", "</div>"))
        #expect(body.contains("href=\"\"") || body.contains("src=\"\""), "\(body)")
    }

    @Test("a link title cannot break out of its attribute")
    func linkTitle() throws {
        let site = try TestSite(["content/notices/a.md": notice("title: t\ndate: 2026-11-20",
                                                               body: "[a](https://example.org/ \"x\\\" onmouseover=\\\"alert(1)\") ![b](x.png 'y\\' onerror=alert(1)')")])
        defer { site.remove() }
        guard try built(site) else { return }
        let page = try site.read("n/a/index.html")
        #expect(HTMLScan.problems(in: page) == [])
        #expect(page.contains("<a href=\"https://example.org/\" title=\"x&quot; onmouseover=&quot;alert(1)\">a</a>"))
    }

    @Test("harmless look-alikes stay links: a percent-encoded newline is no scheme")
    func lookAlikes() throws {
        let site = try TestSite(["content/notices/a.md": notice("title: t\ndate: 2026-11-20",
                                                               body: "[a](java%0ascript:alert(1)) [b](https://example.org/javascript:x) [c](mailto:office@example.org)")])
        defer { site.remove() }
        guard try built(site) else { return }
        let page = try site.read("n/a/index.html")
        #expect(HTMLScan.problems(in: page) == [])
        #expect(page.contains("<a href=\"java%0ascript:alert(1)\">a</a>"))
        #expect(page.contains("<a href=\"https://example.org/javascript:x\">b</a>"))
        #expect(page.contains("<a href=\"mailto:office@example.org\">c</a>"))
    }

    // MARK: - Titles, names and summaries

    /// Front matter whose every text field tries to break out of HTML, XML and iCalendar.
    static let hostileFields = #"""
        title: "<script>alert(1)</script> \"><img src=x onerror=alert(1)> & ' ]]> x\r\nATTENDEE:mailto:evil@example.org\0 end"
        date: 2026-11-20
        from: "<script>from</script>\r\nBcc: evil@example.org"
        summary: "]]> &amp; \"q\" <b>太字</b>\nDESCRIPTION:evil"
        deadline: 2026-12-10
        event: { start: 2026-12-15 13:30, location: "<b>会館</b>\r\nLOCATION:evil;x,y\\z" }
        tags: ["<script>tag</script>"]
        """#

    @Test("hostile titles, names, summaries and places are escaped in every HTML page")
    func fieldsInHTML() throws {
        let site = try TestSite(["content/notices/a.md": notice(Self.hostileFields)])
        defer { site.remove() }
        guard try built(site) else { return }
        for path in ["n/a/index.html", Self.portal, "p/tokyo/ntt/member/all/index.html", "l/all/all/all/index.html", "index.html"] {
            #expect(HTMLScan.problems(in: try site.read(path)) == [], "\(path)")
        }
        let page = try site.read("n/a/index.html")
        #expect(page.contains("<h1>&lt;script&gt;alert(1)&lt;/script&gt; &quot;&gt;&lt;img src=x onerror=alert(1)&gt; &amp; &#39; ]]&gt; x"))
        #expect(page.contains("&lt;script&gt;from&lt;/script&gt;"))
        #expect(page.contains("&lt;b&gt;会館&lt;/b&gt;"))
        #expect(page.contains("#&lt;script&gt;tag&lt;/script&gt;"))
        #expect(try site.read(Self.portal).contains("]]&gt; &amp;amp; &quot;q&quot; &lt;b&gt;太字&lt;/b&gt;"))
    }

    @Test("the feed stays well-formed XML and carries the title as text")
    func fieldsInFeed() throws {
        let site = try TestSite(["content/notices/a.md": notice(Self.hostileFields)])
        defer { site.remove() }
        guard try built(site) else { return }
        let feed = try FeedScan(try site.read(Self.feed))
        #expect(feed.error == nil)
        #expect(feed.items.map(\.title) == ["<script>alert(1)</script> \"><img src=x onerror=alert(1)> & ' ]]> x\nATTENDEE:mailto:evil@example.org end"])
        #expect(feed.items.map(\.categories) == [["<script>tag</script>"]])
    }

    @Test("the calendar escapes text, so a line break in a title adds no property")
    func fieldsInCalendar() throws {
        let site = try TestSite(["content/notices/a.md": notice(Self.hostileFields)])
        defer { site.remove() }
        guard try built(site) else { return }
        let ics = try site.read(Self.calendar)
        // Every CR is followed by LF and every LF follows a CR: no bare line break inside a line.
        let scalars = Array(ics.unicodeScalars)
        for (index, scalar) in scalars.enumerated() {
            if scalar == "\r" { #expect(index + 1 < scalars.count && scalars[index + 1] == "\n") }
            if scalar == "\n" { #expect(index > 0 && scalars[index - 1] == "\r") }
            #expect(scalar.value >= 0x20 || scalar == "\r" || scalar == "\n" || scalar == "\t", "control U+\(String(scalar.value, radix: 16))")
        }
        let lines = ICalendarScan.unfolded(ics)
        #expect(!lines.contains { $0.uppercased().hasPrefix("ATTENDEE") })
        #expect(!lines.contains { $0.hasPrefix("LOCATION:evil") || $0.hasPrefix("DESCRIPTION:evil") })
        let event = ICalendarScan.firstEvent(lines)
        #expect(event.filter { $0.hasPrefix("SUMMARY") }.map(ICalendarScan.value) == [
            "<script>alert(1)</script> \"><img src=x onerror=alert(1)> & ' ]]> x\nATTENDEE:mailto:evil@example.org end",
        ])
        #expect(event.filter { $0.hasPrefix("LOCATION") }.map(ICalendarScan.value) == ["<b>会館</b>\nLOCATION:evil;x,y\\z"])
        #expect(event.filter { $0.hasPrefix("DESCRIPTION") }.map(ICalendarScan.value) == ["]]> &amp; \"q\" <b>太字</b>\nDESCRIPTION:evil"])
    }

    @Test("control characters in a title never reach an HTML page")
    func controlCharactersInHTML() throws {
        let site = try TestSite(["content/notices/a.md": notice(#"title: "a\0b\x01c\eD"\#ndate: 2026-11-20\#nfrom: "x\0y""#)])
        defer { site.remove() }
        guard try built(site) else { return }
        for path in ["n/a/index.html", Self.portal, "p/tokyo/ntt/member/all/index.html", "l/all/all/all/index.html"] {
            let bad = try site.read(path).unicodeScalars.filter { $0.value < 0x20 && !["\t", "\n", "\r", "\u{0C}"].contains($0) || $0.value == 0x7F }
            #expect(bad.isEmpty, "\(path): \(bad.map { "U+" + String($0.value, radix: 16) })")
        }
        #expect(try site.read("n/a/index.html").contains("<h1>abcD</h1>"))
    }

    @Test("template syntax in a title or body is text, never expanded")
    func templateSyntax() throws {
        let site = try TestSite(["content/notices/a.md": notice(#"title: "{{> head}}{{{body_html}}}{{site_title}}"\#ndate: 2026-11-20\#nfrom: "{{#labels}}x{{/labels}}""#,
                                                               body: "{{{body_html}}} {{> foot}}")])
        defer { site.remove() }
        guard try built(site) else { return }
        let page = try site.read("n/a/index.html")
        #expect(page.contains("<h1>{{&gt; head}}{{{body_html}}}{{site_title}}</h1>"))
        #expect(page.contains("{{#labels}}x{{/labels}}"))
        #expect(page.contains("<p>{{{body_html}}} {{&gt; foot}}</p>"))
    }

    @Test("attachment names with markup are escaped as text and percent-encoded in links")
    func attachmentNames() throws {
        let site = try TestSite([
            "content/notices/a/index.md": notice("title: t\ndate: 2026-11-20"),
            "content/notices/a/\"><script>alert(1)<:script>.pdf": "%PDF-1.4\n",
            "content/notices/a/' onmouseover='alert(1).txt": "x",
        ])
        defer { site.remove() }
        guard try built(site) else { return }
        let page = try site.read("n/a/index.html")
        #expect(HTMLScan.problems(in: page) == [])
        #expect(page.contains("<a href=\"%22%3E%3Cscript%3Ealert%281%29%3C%3Ascript%3E.pdf\">&quot;&gt;&lt;script&gt;alert(1)&lt;:script&gt;.pdf</a>"))
        #expect(page.contains("<a href=\"%27%20onmouseover%3D%27alert%281%29.txt\">&#39; onmouseover=&#39;alert(1).txt</a>"))
        #expect(site.exists("n/a/\"><script>alert(1)<:script>.pdf"))
    }

    // MARK: - Paths and symbolic links

    @Test("a notice that is a link to a file outside content/ is an error naming it")
    func linkedNoticeOutside() throws {
        let site = try TestSite([:])
        defer { site.remove() }
        try link("content/notices/passwd.md", in: site, to: "/etc/passwd")
        #expect(site.errors() == ["content/notices/passwd.md:1:1: error: 'passwd.md' is a link to a file outside content/; copy the file in instead"])
    }

    @Test("a folder that is a link outside content/ is an error naming it, and is not walked")
    func linkedFolderOutside() throws {
        let site = try TestSite([:])
        defer { site.remove() }
        let outside = try outsideFolder()
        defer { try? FileManager.default.removeItem(at: outside) }
        try link("content/notices/etc", in: site, to: "/etc")
        try link("content/notices/2026", in: site, to: outside.path)
        #expect(site.errors() == [
            "content/notices/2026:1:1: error: '2026' is a link to a file outside content/; copy the file in instead",
            "content/notices/etc:1:1: error: 'etc' is a link to a file outside content/; copy the file in instead",
        ])
    }

    @Test("an attachment that is a link outside content/ is an error naming it")
    func linkedAttachmentOutside() throws {
        let site = try TestSite(["content/notices/a/index.md": notice("title: t\ndate: 2026-11-20", body: "[p](passwd)")])
        defer { site.remove() }
        try link("content/notices/a/passwd", in: site, to: "/etc/passwd")
        try link("content/notices/a/up", in: site, to: "../../..")
        #expect(site.errors() == [
            "content/notices/a/passwd:1:1: error: 'passwd' is a link to a file outside content/; copy the file in instead",
            "content/notices/a/up:1:1: error: 'up' is a link to a file outside content/; copy the file in instead",
        ])
    }

    @Test("a relative link climbing out with '..' is refused like an absolute one")
    func relativeLinkOutside() throws {
        let site = try TestSite(["outside.md": notice("title: OUTSIDE-SECRET\ndate: 2026-11-20")])
        defer { site.remove() }
        try link("content/notices/a.md", in: site, to: "../../outside.md")
        try link("content/notices/b.md", in: site, to: "../notices/../../outside.md")
        #expect(site.errors() == [
            "content/notices/a.md:1:1: error: 'a.md' is a link to a file outside content/; copy the file in instead",
            "content/notices/b.md:1:1: error: 'b.md' is a link to a file outside content/; copy the file in instead",
        ])
    }

    @Test("a notice reached through a long chain of links is still checked")
    func longLinkChainNotice() throws {
        let site = try TestSite(["outside.md": notice("title: OUTSIDE-SECRET\ndate: 2026-11-20", body: "OUTSIDE-SECRET")])
        defer { site.remove() }
        try link("content/l", in: site, to: ".")
        try link("content/notices/evil.md", in: site, to: "../" + String(repeating: "l/", count: 30) + "../outside.md")
        #expect(site.errors() == ["content/notices/evil.md:1:1: error: 'evil.md' is a link to a file outside content/; copy the file in instead"])
        _ = try site.build()
        #expect(outputLeaks(site, "OUTSIDE-SECRET") == [])
    }

    @Test("an attachment reached through a long chain of links is still checked")
    func longLinkChainAttachment() throws {
        let site = try TestSite([
            "outside.txt": "OUTSIDE-SECRET\n",
            "content/notices/att/index.md": notice("title: t\ndate: 2026-11-20", body: "[s](secret.txt)"),
        ])
        defer { site.remove() }
        try link("content/l", in: site, to: ".")
        let chain = site.root.appendingPathComponent("content").path + "/" + String(repeating: "l/", count: 30) + "../outside.txt"
        try link("content/notices/att/secret.txt", in: site, to: chain)
        #expect(site.errors() == ["content/notices/att/secret.txt:1:1: error: 'secret.txt' is a link to a file outside content/; copy the file in instead"])
        _ = try site.build()
        #expect(outputLeaks(site, "OUTSIDE-SECRET") == [])
    }

    @Test("a folder link that loops back is reported once, in bounded time")
    func linkLoop() throws {
        let site = try TestSite(["content/notices/ok.md": notice("title: t\ndate: 2026-11-20")])
        defer { site.remove() }
        try link("content/notices/loop", in: site, to: ".")
        try link("content/notices/etc", in: site, to: "/etc")
        let (errors, elapsed) = timed { site.errors() }
        #expect(elapsed < .seconds(5))
        #expect(errors.count <= 2, "\(errors.count) errors")
        #expect(errors.contains("content/notices/etc:1:1: error: 'etc' is a link to a file outside content/; copy the file in instead"))
        #expect(errors.allSatisfy { $0.hasPrefix("content/notices/etc:1:1: ") || $0.hasPrefix("content/notices/loop:1:1: error: ") }, "\(errors.prefix(5))")
    }

    @Test("an attachment that links to a file inside content/ is published as a copy of the file")
    func linkedAttachmentInside() throws {
        let site = try TestSite([
            "content/notices/a/index.md": notice("title: a\ndate: 2026-11-20", body: "[資料](shared.pdf)"),
            "content/notices/b/index.md": notice("title: b\ndate: 2026-11-20"),
            "content/notices/b/file.pdf": "%PDF-1.4 shared\n",
        ])
        defer { site.remove() }
        try link("content/notices/a/shared.pdf", in: site, to: "../b/file.pdf")
        #expect(site.errors() == [])
        guard try built(site) else { return }
        let copy = site.output.appendingPathComponent("n/a/shared.pdf").path
        #expect((try? FileManager.default.destinationOfSymbolicLink(atPath: copy)) == nil, "public/n/a/shared.pdf is a symbolic link")
        #expect(FileManager.default.contents(atPath: copy) == Data("%PDF-1.4 shared\n".utf8))
        #expect(outputLeaks(site, "no such text") == [])
    }

    @Test("a template that links to a file outside the site is an error")
    func linkedTemplateOutside() throws {
        let site = try TestSite(["content/notices/a.md": notice("title: t\ndate: 2026-11-20")])
        defer { site.remove() }
        let outside = try outsideFolder()
        defer { try? FileManager.default.removeItem(at: outside) }
        try link("templates/head.mustache", in: site, to: outside.appendingPathComponent("secret.txt").path)
        let errors = site.errors()
        #expect(errors.count == 1)
        #expect(errors.first?.hasPrefix("templates/head.mustache:1:1: error: ") == true, "\(errors)")
        _ = try site.build()
        #expect(outputLeaks(site, "OUTSIDE-SECRET") == [])
    }

    @Test("an asset that links outside the site is not published")
    func linkedAssetOutside() throws {
        let site = try TestSite(["content/notices/a.md": notice("title: t\ndate: 2026-11-20")])
        defer { site.remove() }
        let outside = try outsideFolder()
        defer { try? FileManager.default.removeItem(at: outside) }
        try link("templates/assets/secret.txt", in: site, to: outside.appendingPathComponent("secret.txt").path)
        try link("templates/assets/outside", in: site, to: outside.path)
        guard try built(site) else { return }
        #expect(!site.exists("assets/secret.txt") && !site.exists("assets/outside"))
        #expect(outputLeaks(site, "OUTSIDE-SECRET") == [])
    }

    @Test("file and folder names that are not slugs are errors; dot-files are ignored")
    func slugNames() throws {
        let good = notice("title: t\ndate: 2026-11-20")
        let site = try TestSite([
            "content/notices/a..b.md": good,
            "content/notices/Notice.md": good,
            "content/notices/my notice.md": good,
            "content/notices/%2e%2e/x.md": good,
            "content/notices/a\\..\\b.md": good,
            "content/notices/..evil.md": good,
            "content/notices/ok/..md": good,
        ])
        defer { site.remove() }
        let rule = "cannot be part of a notice's address; name files and folders with lower-case letters a–z, digits, '-' and '_' only"
        #expect(site.errors() == [
            "content/notices/%2e%2e/x.md:1:1: error: '%2e%2e' \(rule)",
            "content/notices/Notice.md:1:1: error: 'Notice' \(rule)",
            "content/notices/a..b.md:1:1: error: 'a..b' \(rule)",
            "content/notices/a\\..\\b.md:1:1: error: 'a\\..\\b' \(rule)",
            "content/notices/my notice.md:1:1: error: 'my notice' \(rule)",
        ])
    }

    @Test("a build of hostile but valid input writes nothing outside its output folder")
    func nothingWrittenOutside() throws {
        let site = try TestSite([
            "content/notices/a/index.md": notice(Self.hostileFields, body: "[x](../../../../outside.txt) ![y](/etc/passwd)"),
            "content/notices/a/..%2f..%2fescape.txt": "x",
            "content/notices/a/%2e%2e%2f%2e%2e%2fescape.txt": "x",
            "content/notices/a/sub/a\\..\\..\\escape.txt": "x",
            "content/notices/a/sub/index.html.txt": "x",
        ])
        defer { site.remove() }
        let sentinel = site.root.deletingLastPathComponent().appendingPathComponent("\(site.root.lastPathComponent)-sentinel.txt")
        try Data("untouched\n".utf8).write(to: sentinel)
        defer { try? FileManager.default.removeItem(at: sentinel) }
        let sourceBefore = FolderSnapshot(site.root)
        guard try built(site) else { return }
        #expect(try Data(contentsOf: sentinel) == Data("untouched\n".utf8))
        let sourceAfter = FolderSnapshot(site.root).files.filter { !$0.key.hasPrefix("public/") && !$0.key.hasPrefix(".rentai-cache/") }
        #expect(sourceAfter == sourceBefore.files)
        #expect(try FileManager.default.contentsOfDirectory(atPath: site.root.path).sorted() == [".rentai-cache", "content", "public"])
        // Dot-files are not attachments (SPEC §13); other names are copied as they are, inside the notice's folder.
        #expect(!site.exists("n/a/..%2f..%2fescape.txt"))
        #expect(site.exists("n/a/%2e%2e%2f%2e%2e%2fescape.txt") && site.exists("n/a/sub/a\\..\\..\\escape.txt"))
        #expect(outputLeaks(site, "root:x:0:0") == [])
    }

    // MARK: - YAML, sizes, encodings

    private func noticeErrors(_ data: Data) throws -> ([String], Duration) {
        let site = try TestSite([:])
        defer { site.remove() }
        try site.write(data, to: "content/notices/a.md")
        return timed { site.errors() }
    }

    private func noticeErrors(_ text: String) throws -> ([String], Duration) {
        try noticeErrors(Data(text.utf8))
    }

    @Test("an alias bomb ('billion laughs') is refused at its first anchor, at once")
    func aliasBomb() throws {
        var lines = ["a: &a [x, x, x, x, x, x, x, x, x]"]
        var previous = "a"
        for name in ["b", "c", "d", "e", "f", "g", "h", "i"] {
            lines.append("\(name): &\(name) [" + Array(repeating: "*\(previous)", count: 9).joined(separator: ", ") + "]")
            previous = name
        }
        let (errors, elapsed) = try noticeErrors(notice("title: t\ndate: 2026-11-20\n" + lines.joined(separator: "\n") + "\ntags: *i"))
        #expect(errors == ["content/notices/a.md:4:4: error: YAML anchors and aliases (& and *) are not allowed in front matter; write each value out"])
        #expect(elapsed < .seconds(2))
    }

    @Test("a merge key is an alias too")
    func mergeKey() throws {
        let (errors, _) = try noticeErrors(notice("title: t\ndate: 2026-11-20\nevent: &e { start: 2026-12-15 }\nx:\n  <<: *e"))
        #expect(errors == ["content/notices/a.md:4:8: error: YAML anchors and aliases (& and *) are not allowed in front matter; write each value out"])
    }

    @Test("'&' and '*' inside plain text are text, not anchors")
    func ampersandInPlainText() throws {
        let site = try TestSite(["content/notices/a.md": notice("title: 研究会 & 懇親会\ndate: 2026-11-20\nfrom: 本部 *重要*\nsummary: 労使 & 職場 * 注記")])
        defer { site.remove() }
        #expect(site.errors() == [])
        #expect(try site.load().notices.map(\.title) == ["研究会 & 懇親会"])
        #expect(try site.load().notices.map(\.from) == ["本部 *重要*"])
    }

    @Test("10,000 nested flow lists are refused as too deep, at once")
    func deepFlowNesting() throws {
        let (errors, elapsed) = try noticeErrors(notice("title: " + String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000) + "\ndate: 2026-11-20"))
        #expect(errors == ["content/notices/a.md:2:24: error: the front matter is nested too deeply; a notice needs only a few levels"])
        #expect(elapsed < .seconds(2))
    }

    @Test("nested flow mappings are refused as too deep")
    func deepFlowMappings() throws {
        let (errors, elapsed) = try noticeErrors(notice("title: t\ndate: 2026-11-20\nevent: " + String(repeating: "{a: ", count: 1000) + "1" + String(repeating: "}", count: 1000)))
        #expect(errors == ["content/notices/a.md:4:72: error: the front matter is nested too deeply; a notice needs only a few levels"])
        #expect(elapsed < .seconds(2))
    }

    @Test("nesting by indentation is refused as too deep")
    func deepBlockNesting() throws {
        let lines = (0..<200).map { String(repeating: "  ", count: $0) + "-" }.joined(separator: "\n")
        let (errors, elapsed) = try noticeErrors(notice("title: t\ndate: 2026-11-20\ntags:\n" + lines))
        #expect(errors == ["content/notices/a.md:22:35: error: the front matter is nested too deeply; a notice needs only a few levels"])
        #expect(elapsed < .seconds(2))
    }

    @Test("compact nested lists on one line are refused as too deep, in words a user understands")
    func compactNesting() throws {
        let (errors, elapsed) = try noticeErrors(notice("title: t\ndate: 2026-11-20\ntags:\n" + String(repeating: "- ", count: 5000) + "x"))
        #expect(errors.count == 1)
        #expect(errors.first?.hasPrefix("content/notices/a.md:") == true)
        #expect(errors.first?.hasSuffix(": error: the front matter is nested too deeply; a notice needs only a few levels") == true, "\(errors)")
        #expect(elapsed < .seconds(2))
    }

    @Test("a front matter over 64 KB is refused before it is parsed")
    func bigFrontMatter() throws {
        let (errors, elapsed) = try noticeErrors(notice("title: t\ndate: 2026-11-20\nsummary: \"" + String(repeating: "a", count: 70_000) + "\""))
        #expect(errors == ["content/notices/a.md:1:1: error: the front matter is 69 KB; it may be at most 64 KB: put long text in the body"])
        #expect(elapsed < .seconds(2))
    }

    @Test("a 50 MB notice is refused by its size, without being read")
    func fiftyMegabytes() throws {
        let site = try TestSite([:])
        defer { site.remove() }
        // The last byte is not UTF-8: were the file read, the error would be about the encoding.
        var data = Data(notice("title: t\ndate: 2026-11-20", body: "").utf8)
        data.append(Data(repeating: UInt8(ascii: "a"), count: (50 << 20) - data.count))
        data.append(0xFF)
        try site.write(data, to: "content/notices/a.md")
        let (errors, elapsed) = timed { site.errors() }
        #expect(errors == ["content/notices/a.md:1:1: error: the notice is 50.1 MB; a notice may be at most 2 MB of text: put large material in an attachment beside an index.md"])
        #expect(elapsed < .seconds(2))
    }

    @Test("just over a limit, the message does not say the size equals the limit")
    func sizeMessages() throws {
        let site = try TestSite([:])
        defer { site.remove() }
        var data = Data(notice("title: t\ndate: 2026-11-20", body: "").utf8)
        data.append(Data(repeating: UInt8(ascii: "a"), count: (2 << 20) + 1 - data.count))
        try site.write(data, to: "content/notices/a.md")
        let yaml = "title: t\ndate: 2026-11-20\nsummary: \"" + String(repeating: "a", count: (64 << 10) - 36) + "\""
        try site.write(Data(notice(yaml).utf8), to: "content/notices/b.md")
        let errors = site.errors()
        #expect(errors.count == 2)
        #expect(!errors.contains { $0.contains("is 2 MB; a notice may be at most 2 MB") }, "\(errors)")
        #expect(!errors.contains { $0.contains("is 64 KB; it may be at most 64 KB") }, "\(errors)")
    }

    static let invalidUTF8Cases: [(name: String, bytes: [UInt8], location: String)] = [
        ("a stray byte in the body", Array("---\ntitle: t\ndate: 2026-11-20\n---\n本文\nあい".utf8) + [0xFF] + Array("\n".utf8), "6:3"),
        ("a character cut short at the end", Array("---\ntitle: t\ndate: 2026-11-20\n---\n本文".utf8) + [0xE3, 0x81], "5:3"),
        ("an overlong '/'", Array("---\ntitle: ".utf8) + [0xC0, 0xAF] + Array("\ndate: 2026-11-20\n---\n".utf8), "2:8"),
        ("an encoded surrogate", Array("---\ntitle: t\ndate: 2026-11-20\n---\nx".utf8) + [0xED, 0xA0, 0x80], "5:2"),
        ("Latin-1 text", Array("---\ntitle: caf".utf8) + [0xE9] + Array("\ndate: 2026-11-20\n---\n".utf8), "2:11"),
    ]

    @Test("invalid UTF-8 is an error at its first bad byte", arguments: invalidUTF8Cases.map(\.name))
    func invalidUTF8(_ name: String) throws {
        let (_, bytes, location) = Self.invalidUTF8Cases.first { $0.name == name }!
        let (errors, _) = try noticeErrors(Data(bytes))
        #expect(errors == ["content/notices/a.md:\(location): error: the file is not valid UTF-8; save it as UTF-8"])
    }

    @Test("a BOM and CRLF or CR line ends build as if they were not there")
    func bomAndLineEnds() throws {
        let site = try TestSite([:])
        defer { site.remove() }
        try site.write(Data([0xEF, 0xBB, 0xBF]) + Data("---\r\ntitle: t\r\ndate: 2026-11-20\r\n---\r\n本文\r\n二行目\r\n".utf8), to: "content/notices/crlf.md")
        try site.write(Data("---\rtitle: u\rdate: 2026-11-20\r---\r本文\r二行目\r".utf8), to: "content/notices/cr.md")
        guard try built(site) else { return }
        for slug in ["crlf", "cr"] {
            let page = try site.read("n/\(slug)/index.html")
            #expect(page.contains("<p>本文二行目</p>"))
            #expect(!page.unicodeScalars.contains("\r"))
        }
        #expect(try site.read("n/crlf/index.html").contains("<h1>t</h1>"))
        #expect(try site.read("n/cr/index.html").contains("<h1>u</h1>"))
    }

    @Test("an empty file, a lone '---', and an empty front matter each say what is missing")
    func emptyFiles() throws {
        #expect(try noticeErrors("").0 == ["content/notices/a.md:1:1: error: a notice starts with its front matter: a line '---', the keys (title, date, …), and another '---'"])
        #expect(try noticeErrors("\u{FEFF}").0 == ["content/notices/a.md:1:1: error: a notice starts with its front matter: a line '---', the keys (title, date, …), and another '---'"])
        #expect(try noticeErrors("---").0 == ["content/notices/a.md:1:1: error: the front matter is not closed; add a line '---' after its last key"])
        #expect(try noticeErrors("---\n").0 == ["content/notices/a.md:1:1: error: the front matter is not closed; add a line '---' after its last key"])
        #expect(try noticeErrors("---\n---\n").0 == [
            "content/notices/a.md:1:1: error: notice has no 'date'",
            "content/notices/a.md:1:1: error: notice has no 'title'",
        ])
    }

    @Test("a NUL byte in the body builds, and is dropped")
    func nulInBody() throws {
        let site = try TestSite([:])
        defer { site.remove() }
        try site.write(Data("---\ntitle: t\ndate: 2026-11-20\n---\nbefore\u{0}after\n".utf8), to: "content/notices/a.md")
        guard try built(site) else { return }
        #expect(try site.read("n/a/index.html").contains("<p>beforeafter</p>"))
        #expect(!(try site.read(Self.feed).unicodeScalars.contains("\u{0}")))
    }

    @Test("a NUL byte written as is in the front matter is invalid YAML")
    func nulInFrontMatter() throws {
        #expect(try noticeErrors("---\ntitle: a\u{0}b\ndate: 2026-11-20\n---\nx\n").0 == [
            "content/notices/a.md:2:1: error: invalid YAML: control characters are not allowed",
        ])
    }

    @Test("YAML tags are not executed: a value is read as its text, or refused by its type")
    func yamlTags() throws {
        let site = try TestSite(["content/notices/a.md": notice("title: !!binary aGVsbG8=\ndate: 2026-11-20\nfrom: !!str 本部")])
        defer { site.remove() }
        #expect(site.errors() == [])
        #expect(try site.load().notices.map(\.title) == ["aGVsbG8="])
        let (errors, _) = try noticeErrors(notice("title: t\ndate: 2026-11-20\nfrom: !!python/object/apply:os.system [\"touch /tmp/rentai-pwned\"]"))
        #expect(errors == ["content/notices/a.md:4:7: error: 'from' must be text"])
    }

    @Test("an error message quoting hostile text cannot drive the terminal")
    func controlCharactersInMessages() throws {
        let (errors, _) = try noticeErrors(notice(#"title: t\#ndate: 2026-11-20\#ncouncil: "\e]0;pwned\a\e[2J\r\nx""#))
        #expect(errors.count == 1)
        #expect(errors.first?.hasPrefix("content/notices/a.md:4:10: error: unknown council '") == true, "\(errors)")
        let csv = "email,name,council,union,role\r\n\"saburo@example.org\r\n\u{1B}[2J\",Saburo,tokyo,ntt,member\r\n"
        let (result, _) = try digestMessages(siteYAML: TestSite.siteYAML + "\n" + Self.digestSettings, csv: csv)
        guard case .failed(let csvErrors) = result else { Issue.record("messages were written: \(result)"); return }
        for message in errors + csvErrors {
            let controls = message.unicodeScalars.filter { $0.value < 0x20 || $0.value == 0x7F }
            #expect(controls.isEmpty, "\(message.debugDescription)")
        }
    }

    @Test("an org.yaml or site.yaml alias bomb ends quickly with errors")
    func bombInSettings() throws {
        let chain = "[&a [1,1,1,1,1,1,1,1,1], &b [*a,*a,*a,*a,*a,*a,*a,*a,*a], &c [*b,*b,*b,*b,*b,*b,*b,*b,*b], &d [*c,*c,*c,*c,*c,*c,*c,*c,*c], &e [*d,*d,*d,*d,*d,*d,*d,*d,*d], &f [*e,*e,*e,*e,*e,*e,*e,*e,*e], &g [*f,*f,*f,*f,*f,*f,*f,*f,*f], &h [*g,*g,*g,*g,*g,*g,*g,*g,*g], &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]]"
        let org = TestSite.orgYAML.replacingOccurrences(of: "{ id: officer, name: 役員, includes: [member] }", with: "{ id: officer, name: 役員, includes: \(chain) }")
        let site = try TestSite(["content/site.yaml": TestSite.siteYAML + "\nreminder_days: \(chain)", "content/org.yaml": org])
        defer { site.remove() }
        let (errors, elapsed) = timed { site.errors() }
        #expect(elapsed < .seconds(2))
        #expect(!errors.isEmpty)
        #expect(errors.allSatisfy { $0.hasPrefix("content/site.yaml:") || $0.hasPrefix("content/org.yaml:") }, "\(errors)")
    }

    static let pathologicalMarkdown: [Case] = [
        Case("50,000 nested quotes", String(repeating: ">", count: 50_000) + " x"),
        Case("50,000 open brackets", String(repeating: "[", count: 50_000) + "a"),
        Case("50,000 unclosed link openers", String(repeating: "[x](", count: 50_000)),
        Case("emphasis delimiters", String(repeating: "*", count: 50_000) + "a" + String(repeating: "_", count: 50_000)),
        Case("alternating emphasis", String(repeating: "*a **a ", count: 30_000)),
        Case("20,000 nested list items", String(repeating: "- ", count: 20_000) + "x"),
        Case("20,000 task items", String(repeating: "- [ ] ", count: 20_000)),
        Case("100,000 '<'", "a" + String(repeating: "<", count: 100_000)),
        Case("50,000 HTML comment openers", String(repeating: "<!-- ", count: 50_000)),
        Case("growing backtick runs", (1..<600).map { String(repeating: "`", count: $0) + "a" }.joined()),
        Case("strikethrough", String(repeating: "a~b", count: 60_000)),
        Case("www autolinks", String(repeating: "www.a.", count: 50_000)),
        Case("email autolinks", String(repeating: "a@", count: 50_000)),
        Case("autolink parentheses", "www.a.b/" + String(repeating: "(", count: 30_000) + String(repeating: ")", count: 30_000)),
        Case("entities", String(repeating: "&#", count: 50_000)),
        Case("20,000 reference definitions", String(repeating: "[a]: b\n", count: 20_000) + String(repeating: "[a]", count: 20_000)),
        Case("a table of 100,000 rows", "|a|b|\n|-|-|\n" + String(repeating: "|x|y|\n", count: 100_000)),
        Case("a 1.5 MB line", String(repeating: "あ", count: 500_000)),
    ]

    @Test("pathological Markdown renders in bounded time", arguments: pathologicalMarkdown)
    func pathologicalMarkdownIsBounded(_ hostile: Case) throws {
        let (errors, elapsed) = try noticeErrors(notice("title: t\ndate: 2026-11-20", body: hostile.text))
        // Raw HTML (the comment openers) is only warned of, once for its line.
        #expect(errors.filter { !$0.contains(": warning: raw HTML is not published") } == [])
        #expect(errors.count <= 1)
        #expect(elapsed < .seconds(10))
    }

    @Test("images of nested brackets are refused in bounded time")
    func nestedBracketImages() throws {
        let (errors, elapsed) = try noticeErrors(notice("title: t\ndate: 2026-11-20", body: String(repeating: "![[]()", count: 60_000)))
        // libcmark-gfm 0.29 would take most of a minute; the notice is refused before it is parsed.
        #expect(errors == ["content/notices/a.md:5:1: error: the notice has more than 5000 images; a notice this size belongs in an attachment"])
        #expect(elapsed < .seconds(10))
    }

    @Test("a table with thousands of columns is refused in bounded time")
    func wideTable() throws {
        let columns = 8000
        let table = String(repeating: "|a", count: columns) + "|\n" + String(repeating: "|-", count: columns) + "|\n"
            + String(repeating: String(repeating: "|x", count: columns) + "|\n", count: 50)
        let (errors, elapsed) = try noticeErrors(notice("title: t\ndate: 2026-11-20", body: table))
        #expect(errors == ["content/notices/a.md:5:1: error: this table row has more than 256 columns; split the table, or attach it as a file"])
        #expect(elapsed < .seconds(10))
    }

    // MARK: - Email headers

    static let digestSettings = """
        digest:
          from: "情報労連\\r\\nBcc: evil-from@example.org <noreply@example.org>"
          reply_to: "x\\r\\nBcc: evil-reply@example.org <office@example.org>"
        """

    private func digestMessages(siteYAML: String, csv: String) throws -> (DigestResult, [[String]]) {
        let site = try TestSite([
            "content/site.yaml": siteYAML,
            "content/notices/a.md": notice("title: \"件名\\r\\nBcc: evil-title@example.org\"\ndate: 2026-11-25\nfrom: \"x\\r\\nBcc: evil-body@example.org\""),
            "members.csv": csv,
        ])
        defer { site.remove() }
        let out = site.root.appendingPathComponent("out")
        let result = try DigestRun.run(DigestOptions(paths: site.paths, since: TestSite.time("2026-11-19 12:00"), now: TestSite.time("2026-11-26 12:00"),
                                                     out: out, subscribers: (site.root.appendingPathComponent("members.csv"), "members.csv")))
        let files = ((try? FileManager.default.contentsOfDirectory(atPath: out.path)) ?? []).filter { $0.hasSuffix(".eml") }.sorted()
        let headers = try files.map { try MailHeaders.lines(of: Data(contentsOf: out.appendingPathComponent($0))) }
        return (result, headers)
    }

    @Test("a CR/LF in a subscriber's name, a sender's name or a title adds no header")
    func headerInjectionFromNames() throws {
        let csv = "email,name,council,union,role\r\ntaro@example.org,\"山田\r\nBcc: evil-csv@example.org\",tokyo,ntt,member\r\njiro@example.org,\"Jiro\r\nBcc: evil-csv2@example.org\",tokyo,ntt,member\r\n"
        let (result, messages) = try digestMessages(siteYAML: TestSite.siteYAML + "\n" + Self.digestSettings, csv: csv)
        guard case .written(let summary) = result else { Issue.record("no messages: \(result)"); return }
        #expect(summary.filesWritten == 2 && messages.count == 2)
        for headers in messages {
            #expect(MailHeaders.problems(headers) == [], "\(headers)")
        }
        #expect(messages.map { MailHeaders.unfolded($0).first { $0.hasPrefix("To:") } } == [
            "To: =?UTF-8?B?5bGx55SwQmNjOiBldmlsLWNzdkBleGFtcGxlLm9yZw==?= <taro@example.org>",
            "To: \"JiroBcc: evil-csv2@example.org\" <jiro@example.org>",
        ])
    }

    @Test("an address cell with CR/LF in it is a CSV error, and nothing is written")
    func headerInjectionFromAddress() throws {
        let csv = "email,name,council,union,role\r\n\"saburo@example.org\r\nBcc: evil@example.org\",Saburo,tokyo,ntt,member\r\n"
        let (result, messages) = try digestMessages(siteYAML: TestSite.siteYAML + "\n" + Self.digestSettings, csv: csv)
        guard case .failed(let errors) = result else { Issue.record("messages were written: \(result)"); return }
        #expect(errors.count == 1)
        #expect(errors.first?.hasPrefix("members.csv:2: error: 'saburo@example.org") == true)
        #expect(errors.first?.hasSuffix("Bcc: evil@example.org' is not a mail address") == true)
        #expect(messages.isEmpty)
    }

    @Test("a CR/LF in the unsubscribe address adds no header")
    func headerInjectionFromUnsubscribe() throws {
        let settings = Self.digestSettings + "\n  unsubscribe: \"mailto:office@example.org?subject=unsubscribe\\r\\nBcc: evil-unsubscribe@example.org\""
        let csv = "email,name,council,union,role\ntaro@example.org,山田 太郎,tokyo,ntt,member\n"
        let (result, messages) = try digestMessages(siteYAML: TestSite.siteYAML + "\n" + settings, csv: csv)
        switch result {
        case .failed(let errors):
            #expect(errors.count == 1 && errors.allSatisfy { $0.contains("content/site.yaml:10:16: error: 'unsubscribe' must be one address") }, "\(errors)")
        case .written:
            for headers in messages { #expect(MailHeaders.problems(headers) == [], "\(headers)") }
        case .deliveryFailed:
            Issue.record("nothing was to be sent")
        }
    }
}

// MARK: - Checkers

/// The start tags of an HTML text with their attributes, read roughly as a browser's tokenizer
/// reads them (names lower-cased, character references in values decoded), and what in them could
/// run script or load another document.
enum HTMLScan {
    struct Tag {
        var name: String
        var attributes: [(name: String, value: String)]
    }

    static let forbiddenTags: Set<String> = ["script", "iframe", "frame", "frameset", "object", "embed", "applet", "style",
                                             "base", "form", "svg", "math", "noscript", "template", "portal"]
    static let urlAttributes: Set<String> = ["href", "src", "action", "formaction", "data", "poster", "background", "cite",
                                             "srcset", "xlink:href", "codebase", "ping", "manifest"]

    /// The built-in templates' own script and the portal's search form, each allowed once per
    /// page: a second one can only have come from content.
    static func isTemplates(_ tag: Tag) -> Bool {
        let attributes = Dictionary(tag.attributes.map { ($0.name, $0.value) }, uniquingKeysWith: { first, _ in first })
        switch tag.name {
        case "script": return Set(attributes.keys) == ["src", "defer"] && attributes["src"]!.hasSuffix("assets/rentai.js")
        case "form": return attributes == ["class": "finder-form", "role": "search", "action": "#"]
        default: return false
        }
    }

    static func problems(in html: String) -> [String] {
        var found: [String] = []
        var excused: Set<String> = []
        for tag in tags(in: html) {
            if isTemplates(tag), excused.insert(tag.name).inserted { continue }
            if forbiddenTags.contains(tag.name) { found.append("<\(tag.name)>") }
            if tag.name == "meta", tag.attributes.contains(where: { $0.name == "http-equiv" }) { found.append("<meta http-equiv>") }
            for (name, value) in tag.attributes {
                if name.hasPrefix("on") { found.append("<\(tag.name) \(name)=…>") }
                if urlAttributes.contains(name), isDangerous(value) { found.append("<\(tag.name) \(name)=\"\(value)\">") }
            }
        }
        return found
    }

    /// The scheme as a browser reads it: controls and spaces dropped, case ignored.
    static func isDangerous(_ url: String) -> Bool {
        let letters = String(String.UnicodeScalarView(url.unicodeScalars.filter { $0.value > 0x20 })).lowercased()
        return ["javascript:", "vbscript:", "data:", "file:"].contains { letters.hasPrefix($0) }
    }

    static func between(_ text: String, _ start: String, _ end: String) -> String? {
        guard let open = text.range(of: start), let close = text.range(of: end, range: open.upperBound..<text.endIndex) else { return nil }
        return String(text[open.upperBound..<close.lowerBound])
    }

    static func tags(in html: String) -> [Tag] {
        let s = Array(html.unicodeScalars)
        var tags: [Tag] = []
        var i = 0
        func isSpace(_ c: Unicode.Scalar) -> Bool { c == " " || c == "\t" || c == "\n" || c == "\r" || c == "\u{0C}" }
        func isLetter(_ c: Unicode.Scalar) -> Bool { ("a"..."z").contains(c) || ("A"..."Z").contains(c) }
        func find(_ pattern: String, from start: Int) -> Int {
            let p = Array(pattern.unicodeScalars)
            var k = start
            while k + p.count <= s.count {
                if (0..<p.count).allSatisfy({ String(s[k + $0]).lowercased() == String(p[$0]) }) { return k }
                k += 1
            }
            return s.count
        }
        while i < s.count {
            guard s[i] == "<", i + 1 < s.count else { i += 1; continue }
            if s[i + 1] == "!" {
                if i + 3 < s.count, s[i + 2] == "-", s[i + 3] == "-" { i = find("-->", from: i + 4) + 3 } else { i = find(">", from: i) + 1 }
                continue
            }
            if s[i + 1] == "/" || s[i + 1] == "?" { i = find(">", from: i) + 1; continue }
            guard isLetter(s[i + 1]) else { i += 1; continue }
            var j = i + 1
            var name = ""
            while j < s.count, !isSpace(s[j]), s[j] != ">", s[j] != "/" { name.unicodeScalars.append(s[j]); j += 1 }
            var attributes: [(String, String)] = []
            while j < s.count {
                while j < s.count, isSpace(s[j]) || s[j] == "/" { j += 1 }
                guard j < s.count, s[j] != ">" else { break }
                var attribute = ""
                repeat { attribute.unicodeScalars.append(s[j]); j += 1 } while j < s.count && !isSpace(s[j]) && s[j] != ">" && s[j] != "/" && s[j] != "="
                while j < s.count, isSpace(s[j]) { j += 1 }
                var value = ""
                if j < s.count, s[j] == "=" {
                    j += 1
                    while j < s.count, isSpace(s[j]) { j += 1 }
                    if j < s.count, s[j] == "\"" || s[j] == "'" {
                        let quote = s[j]
                        j += 1
                        while j < s.count, s[j] != quote { value.unicodeScalars.append(s[j]); j += 1 }
                        j += 1
                    } else {
                        while j < s.count, !isSpace(s[j]), s[j] != ">" { value.unicodeScalars.append(s[j]); j += 1 }
                    }
                }
                attributes.append((attribute.lowercased(), decode(value)))
            }
            let lowered = name.lowercased()
            tags.append(Tag(name: lowered, attributes: attributes))
            i = j + 1
            if ["script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes", "plaintext"].contains(lowered) {
                i = find("</" + lowered, from: i)
            }
        }
        return tags
    }

    /// Character references: numeric ones, and the named ones that matter in a URL.
    static func decode(_ value: String) -> String {
        guard value.contains("&") else { return value }
        let named = ["amp": "&", "lt": "<", "gt": ">", "quot": "\"", "apos": "'", "colon": ":", "tab": "\t", "newline": "\n", "nbsp": "\u{A0}"]
        var result = ""
        var rest = Substring(value)
        while let amp = rest.firstIndex(of: "&") {
            result += rest[..<amp]
            let after = rest[rest.index(after: amp)...]
            let end = after.firstIndex { !($0.isLetter || $0.isNumber || $0 == "#") } ?? after.endIndex
            let token = String(after[..<end])
            var replaced: String?
            if token.hasPrefix("#x") || token.hasPrefix("#X") {
                replaced = UInt32(token.dropFirst(2), radix: 16).flatMap(Unicode.Scalar.init).map { String($0) }
            } else if token.hasPrefix("#") {
                replaced = UInt32(token.dropFirst()).flatMap(Unicode.Scalar.init).map { String($0) }
            } else {
                replaced = named[token.lowercased()]
            }
            if let replaced {
                result += replaced
                rest = after[end...]
                if rest.first == ";" { rest = rest.dropFirst() }
            } else {
                result += "&"
                rest = after
            }
        }
        return result + rest
    }
}

/// A feed read with Foundation's XML parser: its items' titles, categories and descriptions, and the
/// parse error if it is not well-formed.
final class FeedScan: NSObject, XMLParserDelegate {
    struct Item {
        var title = ""
        var description = ""
        var categories: [String] = []
    }

    private(set) var items: [Item] = []
    private(set) var error: Error?
    private var text = ""
    private var inItem = false

    init(_ xml: String) throws {
        super.init()
        let parser = XMLParser(data: Data(xml.utf8))
        parser.delegate = self
        if !parser.parse() {
            error = parser.parserError
            throw TestFailure("the feed is not well-formed XML: \(String(describing: parser.parserError))")
        }
    }

    func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
        if elementName == "item" { inItem = true; items.append(Item()) }
        text = ""
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) { text += string }

    func parser(_ parser: XMLParser, foundCDATA CDATABlock: Data) { text += String(decoding: CDATABlock, as: UTF8.self) }

    func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName: String?) {
        guard inItem, !items.isEmpty else { return }
        switch elementName {
        case "title": items[items.count - 1].title = text
        case "description": items[items.count - 1].description = text
        case "category": items[items.count - 1].categories.append(text)
        case "item": inItem = false
        default: break
        }
    }
}

/// iCalendar content lines, unfolded, and their TEXT values unescaped (RFC 5545 §3.1, §3.3.11).
enum ICalendarScan {
    static func unfolded(_ ics: String) -> [String] {
        var lines: [String] = []
        for line in ics.components(separatedBy: "\r\n") {
            if line.hasPrefix(" ") || line.hasPrefix("\t"), !lines.isEmpty {
                lines[lines.count - 1] += line.dropFirst()
            } else if !line.isEmpty {
                lines.append(line)
            }
        }
        return lines
    }

    /// The lines of the first VEVENT, without those of its alarms.
    static func firstEvent(_ lines: [String]) -> [String] {
        guard let start = lines.firstIndex(of: "BEGIN:VEVENT") else { return [] }
        var result: [String] = []
        var depth = 0
        for line in lines[(start + 1)...] {
            if line == "END:VEVENT", depth == 0 { break }
            if line.hasPrefix("BEGIN:") { depth += 1 } else if line.hasPrefix("END:") { depth -= 1 } else if depth == 0 { result.append(line) }
        }
        return result
    }

    /// The unescaped value of a `NAME;PARAMS:value` line.
    static func value(_ line: String) -> String {
        guard let colon = line.firstIndex(of: ":") else { return "" }
        var result = ""
        var escaped = false
        for scalar in line[line.index(after: colon)...].unicodeScalars {
            if escaped {
                result.unicodeScalars.append(scalar == "n" || scalar == "N" ? "\n" : scalar)
                escaped = false
            } else if scalar == "\\" {
                escaped = true
            } else {
                result.unicodeScalars.append(scalar)
            }
        }
        return result
    }
}

/// The header section of a written message, and what in it could add a recipient or a field.
enum MailHeaders {
    static let expectedFields: Set<String> = ["from", "to", "reply-to", "subject", "date", "message-id", "list-unsubscribe",
                                              "auto-submitted", "mime-version", "content-type", "content-transfer-encoding"]

    /// The raw header lines (continuations kept as their own lines), split at CRLF only.
    static func lines(of message: Data) -> [String] {
        let text = String(decoding: message, as: UTF8.self)
        guard let end = text.range(of: "\r\n\r\n") else { return [text] }
        return String(text[..<end.lowerBound]).components(separatedBy: "\r\n")
    }

    static func unfolded(_ lines: [String]) -> [String] {
        var result: [String] = []
        for line in lines {
            if line.hasPrefix(" ") || line.hasPrefix("\t"), !result.isEmpty { result[result.count - 1] += line } else { result.append(line) }
        }
        return result
    }

    static func problems(_ lines: [String]) -> [String] {
        var found: [String] = []
        for line in lines {
            if line.unicodeScalars.contains(where: { $0 == "\r" || $0 == "\n" || $0 == "\u{0}" }) { found.append("a bare line break or NUL in '\(line)'") }
            if line.hasPrefix(" ") || line.hasPrefix("\t") { continue }
            guard let colon = line.firstIndex(of: ":") else { found.append("not a field: '\(line)'"); continue }
            let name = line[..<colon].lowercased()
            if !expectedFields.contains(name) { found.append("unexpected field '\(line)'") }
        }
        return found
    }
}
