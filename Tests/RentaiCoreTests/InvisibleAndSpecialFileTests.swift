import Foundation
import Testing
@testable import RentaiCore

/// Issue 12, items 6 and 8: what a build cannot or must not publish is said, never passed over:
/// invisible characters that make a title read as something else are left out with a warning; a
/// link among the site's assets is left out with a warning; a FIFO among the notices is an error
/// of `rentai check`, not a build that hangs or fails on it.
@Suite("Invisible characters, links and special files")
struct InvisibleAndSpecialFileTests {
    @Test("bidirectional overrides and zero-width spaces are left out of titles and bodies, with a warning where they were")
    func invisibleCharacters() throws {
        let site = try TestSite([
            "content/notices/a.md": notice("title: \"請求書\u{202E}fdp.exe\u{202C} と\u{200B}お知らせ\"\ndate: 2026-11-20\nfrom: \"本部\u{2066}\"",
                                           body: "本文\u{202E}です。"),
        ])
        defer { site.remove() }
        let (_, diagnostics) = SiteBuild.check(BuildOptions(paths: site.paths, now: TestSite.time("2026-11-26 12:00")))
        let root = site.root.path + "/"
        #expect(diagnostics.map { $0.description.replacingOccurrences(of: root, with: "") } == [
            "content/notices/a.md:2:8: warning: 'title' holds invisible characters that can make text read as something else (U+200B, U+202C, U+202E); they were left out",
            "content/notices/a.md:4:7: warning: 'from' holds invisible characters that can make text read as something else (U+2066); they were left out",
            "content/notices/a.md:6:1: warning: the body holds invisible characters that can make text read as something else (U+202E); they were left out",
        ])
        guard case .built(let summary) = try site.build() else { Issue.record("the build failed"); return }
        #expect(summary.warnings.count == 3)
        for path in ["n/a/index.html", "p/tokyo/ntt/member/index.html", "p/tokyo/ntt/member/feed.xml", "l/all/all/all/index.json"] {
            let text = try site.read(path)
            let invisible = text.unicodeScalars.filter(\.isInvisibleFormatting)
            #expect(invisible.isEmpty, "\(path)")
        }
        #expect(try site.read("n/a/index.html").contains("<h1>請求書fdp.exe とお知らせ</h1>"))
        // A rebuild that reads the notice from the cache says it again.
        guard case .built(let again) = try site.build() else { Issue.record("the rebuild failed"); return }
        #expect(again.noticesRead == 0 && again.warnings.count == 3)
    }

    @Test("raw HTML in a body is left out with a warning on each line that held it, saying how to write it in Markdown (issue 13 item 14)")
    func rawHTML() throws {
        let body = """
            最初の段落です。<br>
            **太字**と<b>太字</b>です。

            <p>段落</p>

            <table>
            <tr><td>セル</td></tr>
            </table>

            <!-- 事務局メモ -->
            """
        let site = try TestSite(["content/notices/a.md": notice("title: t\ndate: 2026-11-20", body: body)])
        defer { site.remove() }
        let (_, diagnostics) = SiteBuild.check(BuildOptions(paths: site.paths, now: TestSite.time("2026-11-26 12:00")))
        let root = site.root.path + "/"
        #expect(diagnostics.map { $0.description.replacingOccurrences(of: root, with: "") } == [
            "content/notices/a.md:5:9: warning: raw HTML is not published; '<br>' was left out; for a line break, end the line with a backslash (\\) or two spaces",
            "content/notices/a.md:6:8: warning: raw HTML is not published; '<b>太字</b>です。' was left out; write **bold** for strong text",
            "content/notices/a.md:8:1: warning: raw HTML is not published; '<p>段落</p>' was left out; a paragraph is text after an empty line",
            "content/notices/a.md:10:1: warning: raw HTML is not published; '<table>' was left out; write a table as lines of | cells |, the second line | --- |",
            "content/notices/a.md:11:1: warning: raw HTML is not published; '<tr><td>セル</td></tr>' was left out; write a table as lines of | cells |, the second line | --- |",
            "content/notices/a.md:12:1: warning: raw HTML is not published; '</table>' was left out; write a table as lines of | cells |, the second line | --- |",
            "content/notices/a.md:14:1: warning: raw HTML is not published; '<!-- 事務局メモ -->' was left out; a comment is never shown; if it is a note to yourself, that is as intended",
        ])
        guard case .built(let summary) = try site.build() else { Issue.record("the build failed"); return }
        #expect(summary.warnings.count == 7)
        #expect(try !site.read("n/a/index.html").contains("<table>"))
        guard case .built(let again) = try site.build() else { Issue.record("the rebuild failed"); return }
        #expect(again.noticesRead == 0 && again.warnings.count == 7)
    }

    @Test("a link among the site's assets is left out with a warning that names it")
    func linkedAsset() throws {
        let site = try TestSite(["content/notices/a.md": notice("title: t\ndate: 2026-11-20")])
        defer { site.remove() }
        try FileManager.default.createDirectory(at: site.root.appendingPathComponent("templates/assets"), withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: site.root.appendingPathComponent("templates/assets/logo.png").path,
                                                   withDestinationPath: "/etc/hostname")
        guard case .built(let summary) = try site.build() else { Issue.record("the build failed"); return }
        #expect(summary.warnings.map { $0.description.replacingOccurrences(of: site.root.path + "/", with: "") } == [
            "templates/assets/logo.png:1:1: warning: 'logo.png' is a link to a file outside the site and is left out of assets/; copy the file in instead",
        ])
        #expect(!site.exists("assets/logo.png"))
    }

    @Test("a FIFO as a notice or an attachment is an error of rentai check, which does not wait on it",
          arguments: ["content/notices/pipe.md", "content/notices/folder/data.csv"])
    func fifo(path: String) throws {
        let site = try TestSite(["content/notices/folder/index.md": notice("title: 資料つきのお知らせ\ndate: 2026-11-20")])
        defer { site.remove() }
        let url = site.root.appendingPathComponent(path)
        #expect(mkfifo(url.path, 0o644) == 0)
        let errors = site.errors()
        #expect(errors == ["\(path):1:1: error: '\(url.lastPathComponent)' is not a file but a FIFO, a socket or a device, which cannot be published; remove it or put a file in its place"])
    }
}
