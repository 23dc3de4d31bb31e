import Foundation
import Testing
@testable import RentaiCore

/// Every check of SPEC §5 and §13, each with the exact message position.
@Suite("Bad input gets a clear error at the right place")
struct ValidationTests {
    private func errors(_ files: [String: String], withDefaults: Bool = true) throws -> [String] {
        let site = try TestSite(files, withDefaults: withDefaults)
        defer { site.remove() }
        return site.errors()
    }

    private func noticeErrors(_ text: String) throws -> [String] {
        try errors(["content/notices/a.md": text])
    }

    @Test("a misspelt key is an error with the nearest key suggested")
    func unknownKey() throws {
        #expect(try noticeErrors(notice("title: t\ndate: 2026-11-20\ncouncel: tokyo")) == [
            "content/notices/a.md:4:1: error: unknown key 'councel' in the front matter; did you mean 'council'?",
        ])
    }

    @Test("an unknown id names the nearest known one")
    func unknownID() throws {
        #expect(try noticeErrors(notice("title: t\ndate: 2026-11-20\ncouncil: [osaka, tokio]")) == [
            "content/notices/a.md:4:18: error: unknown council 'tokio'; did you mean 'tokyo' (東京都協議会)?",
        ])
        #expect(try noticeErrors(notice("title: t\ndate: 2026-11-20\nunion: kdi\nrole: oficer")) == [
            "content/notices/a.md:4:8: error: unknown union 'kdi'; did you mean 'kddi' (KDDI労働組合)?",
            "content/notices/a.md:5:7: error: unknown role 'oficer'; did you mean 'officer' (役員)?",
        ])
    }

    @Test("an id written as its name, or the start of its name, is suggested by that name (issue 13 item 13)")
    func idByName() throws {
        #expect(try noticeErrors(notice("title: t\ndate: 2026-11-20\ncouncil: 東京都協議会")) == [
            "content/notices/a.md:4:10: error: unknown council '東京都協議会'; did you mean 'tokyo' (東京都協議会)?",
        ])
        #expect(try noticeErrors(notice("title: t\ndate: 2026-11-20\ncouncil: 大阪\nrole: 役員\nblock: 近畿ブロック")) == [
            "content/notices/a.md:4:10: error: unknown council '大阪'; did you mean 'osaka' (大阪府協議会)?",
            "content/notices/a.md:5:7: error: unknown role '役員'; did you mean 'officer' (役員)?",
            "content/notices/a.md:6:8: error: unknown block '近畿ブロック'; did you mean 'kinki' (近畿ブロック)?",
        ])
    }

    @Test("a tab in the indentation and a full-width colon are named where they are (issue 13 item 13)")
    func tabsAndFullWidthColons() throws {
        #expect(try noticeErrors(notice("title: t\ndate: 2026-11-20\nevent:\n\tstart: 2026-12-01")) == [
            "content/notices/a.md:5:1: error: a tab indents this line; YAML indents with spaces only: replace the tab with spaces",
        ])
        #expect(try noticeErrors(notice("title: t\ncouncil：tokyo\ndate: 2026-11-20")) == [
            "content/notices/a.md:3:8: error: a full-width colon '：' after 'council'; write a half-width colon and a space: 'council: …'",
        ])
    }

    @Test("a deadline before the date is an error, as an expiry before it is; a date-only deadline on the same day is not")
    func deadlineBeforeDate() throws {
        #expect(try noticeErrors(notice("title: t\ndate: 2026-11-20 09:00\ndeadline: 2026-11-19")) == [
            "content/notices/a.md:4:11: error: 'deadline' is before 'date': the notice would be published after it is due; check both",
        ])
        #expect(try noticeErrors(notice("title: t\ndate: 2026-11-20 09:00\ndeadline: 2026-11-20")) == [])
    }

    @Test("a missing title or date points at the opening ---")
    func missingKeys() throws {
        #expect(try noticeErrors(notice("from: 本部")) == [
            "content/notices/a.md:1:1: error: notice has no 'date'; write when it is published, like 'date: 2026-11-20 09:00'",
            "content/notices/a.md:1:1: error: notice has no 'title'",
        ])
    }

    @Test("a bad date points at its value")
    func badDate() throws {
        #expect(try noticeErrors(notice("title: t\ndate: 2026-11-31")) == [
            "content/notices/a.md:3:7: error: 'date' has a bad date '2026-11-31'; write YYYY-MM-DD, YYYY-MM-DD HH:MM, or YYYY-MM-DDTHH:MM:SS+09:00",
        ])
    }

    @Test("a notice that reaches no one points at its first targeting key")
    func reachesNoOne() throws {
        #expect(try noticeErrors(notice("title: t\ndate: 2026-11-20\nunion: kddi\ncouncil: kanagawa")) == [
            "content/notices/a.md:4:1: error: this notice reaches no one: no union has members in the places it names with the roles it names; check 'block', 'council', 'union' and 'role' together",
        ])
    }

    @Test("expires must be later than date, and an event cannot end before it starts")
    func dateOrder() throws {
        #expect(try noticeErrors(notice("title: t\ndate: 2026-11-20\nexpires: 2026-11-19")) == [
            "content/notices/a.md:4:10: error: 'expires' must be later than 'date'",
        ])
        #expect(try noticeErrors(notice("title: t\ndate: 2026-11-20\nevent:\n  start: 2026-12-15 13:30\n  end: 2026-12-15 12:00")) == [
            "content/notices/a.md:6:8: error: the event's 'end' is before its 'start'",
        ])
        #expect(try noticeErrors(notice("title: t\ndate: 2026-11-20\nevent: { start: 2026-12-15 13:30, end: 2026-12-15 }")).isEmpty)
    }

    @Test("an event needs a start and knows only start, end and location")
    func eventKeys() throws {
        #expect(try noticeErrors(notice("title: t\ndate: 2026-11-20\nevent:\n  place: 会館")) == [
            "content/notices/a.md:5:3: error: 'event' has no 'start'; write 'event: { start: 2026-12-15 13:30 }'",
            "content/notices/a.md:5:3: error: unknown key 'place' in 'event'; allowed keys: start, end, location",
        ])
    }

    @Test("a duplicate key is reported at its second occurrence")
    func duplicateKey() throws {
        #expect(try noticeErrors(notice("title: t\ndate: 2026-11-20\ntitle: u")) == [
            "content/notices/a.md:4:1: error: duplicate key 'title'; each key may appear once",
        ])
        // Two keys duplicated, interleaved (issue 12): each at its own second line.
        #expect(try noticeErrors(notice("title: t\ndate: 2026-11-20\nfrom: a\nsummary: b\nfrom: c\nsummary: d")) == [
            "content/notices/a.md:6:1: error: duplicate key 'from'; each key may appear once",
            "content/notices/a.md:7:1: error: duplicate key 'summary'; each key may appear once",
        ])
    }

    @Test("a date outside 1900–2999 is an error that says so, wherever it is written",
          arguments: [("date: 0001-01-01 00:00", 3), ("deadline: 9999-12-31", 4), ("event: { start: 0001-01-01 }", 4), ("expires: 1899-12-31", 4)])
    func yearsOutOfRange(line: String, at lineNumber: Int) throws {
        let front = line.hasPrefix("date:") ? "title: t\n\(line)" : "title: t\ndate: 2026-11-20\n\(line)"
        let errors = try noticeErrors(notice(front))
        #expect(errors.count == 1, "\(errors)")
        #expect(errors.first?.hasPrefix("content/notices/a.md:\(lineNumber):") == true, "\(errors)")
        #expect(errors.first?.contains("is out of range; dates lie between 1900 and 2999") == true, "\(errors)")
    }

    @Test("a file without front matter, or with it unclosed, says how to write one")
    func frontMatterFences() throws {
        #expect(try noticeErrors("# 見出し\n") == [
            "content/notices/a.md:1:1: error: a notice starts with its front matter: a line '---', the keys (title, date, …), and another '---'",
        ])
        #expect(try noticeErrors("---\ntitle: t\n") == [
            "content/notices/a.md:1:1: error: the front matter is not closed; add a line '---' after its last key",
        ])
    }

    @Test("invalid YAML is a content error with its position")
    func invalidYAML() throws {
        let found = try noticeErrors(notice("title: t\ndate: [2026-11-20"))
        #expect(found.count == 1)
        #expect(found.first?.hasPrefix("content/notices/a.md:4:1: error: invalid YAML:") == true)
    }

    @Test("invalid UTF-8 is a content error at the first bad byte")
    func invalidUTF8() throws {
        let site = try TestSite([:])
        defer { site.remove() }
        try site.write(Data("---\ntitle: ".utf8) + Data([0x74, 0xFF, 0x0A]), to: "content/notices/a.md")
        #expect(site.errors() == ["content/notices/a.md:2:9: error: the file is not valid UTF-8; save it as UTF-8"])
    }

    @Test("a BOM and CRLF line ends are read as if they were not there")
    func bomAndCRLF() throws {
        let site = try TestSite([:])
        defer { site.remove() }
        try site.write(Data([0xEF, 0xBB, 0xBF]) + Data("---\r\ntitle: t\r\ndate: 2026-11-20\r\n---\r\n本文\r\n".utf8), to: "content/notices/a.md")
        #expect(site.errors() == [])
        #expect(try site.load().notices.first?.title == "t")
    }

    @Test("ids are text whatever they look like, and quoted values mean the same")
    func idsAsText() throws {
        let org = TestSite.orgYAML.replacingOccurrences(of: "{ id: kddi, name: KDDI労働組合, councils: [tokyo, osaka] }",
                                                         with: "{ id: kddi, name: KDDI労働組合, councils: [tokyo, osaka] }\n  - { id: no, name: ノー労組, councils: [osaka] }\n  - { id: 2025, name: 二〇二五労組, councils: all }")
        let found = try errors([
            "content/org.yaml": org,
            "content/notices/a.md": notice("title: t\ndate: \"2026-11-20 09:00\"\nunion: [no, 2025]"),
        ])
        #expect(found == [])
    }

    @Test("org.yaml: duplicate ids at the second, reserved 'all', bad ids, empty unions and blocks, cycles")
    func organisationChecks() throws {
        let org = """
            roles:
              - { id: member, name: 組合員, includes: [contact] }
              - { id: officer, name: 役員, includes: [member] }
              - { id: contact, name: 窓口, includes: [officer] }
              - { id: member, name: 二重 }
            blocks:
              - id: kanto
                name: 関東
                councils:
                  - { id: tokyo, name: 東京 }
                  - { id: all, name: 全部 }
              - id: empty
                name: 空
                councils: []
            unions:
              - { id: ntt, name: NTT, councils: [tokio] }
              - { id: Bad_Id, name: 悪い, councils: all }
              - { id: none, name: なし, councils: [] }
            """
        #expect(try errors(["content/org.yaml": org]) == [
            "content/org.yaml:2:41: error: 'includes' forms a cycle: member → contact → officer → member; a role cannot include itself",
            "content/org.yaml:5:11: error: duplicate role id 'member'; ids must be unique among roles",
            "content/org.yaml:11:15: error: 'all' is reserved and cannot be a council id",
            "content/org.yaml:14:5: error: block 'empty' has no councils; list its councils as '- { id: tokyo, name: 東京都協議会 }'",
            "content/org.yaml:16:38: error: unknown council 'tokio' in union 'ntt'; did you mean 'tokyo' (東京)?",
            "content/org.yaml:17:11: error: union id 'Bad_Id' is not valid; use lower-case letters, digits and '-', starting with a letter or digit",
            "content/org.yaml:18:27: error: union 'none' has no councils; write 'councils: all' or a list of council ids",
        ])
    }

    @Test("site.yaml: unknown keys, a relative base_url, unknown language and zone")
    func siteChecks() throws {
        let site = """
            title: t
            base_url: /portal/
            language: fr
            timezone: Mars/Olympus
            feed_item: 5
            page_size: 0
            calendar_past_days: -1
            """
        #expect(try errors(["content/site.yaml": site]) == [
            "content/site.yaml:2:11: error: 'base_url' must be an absolute http(s) address, like https://portal.example.org/",
            "content/site.yaml:3:11: error: unknown language 'fr'; use ja or en",
            "content/site.yaml:4:11: error: unknown time zone 'Mars/Olympus'; use a name like Asia/Tokyo",
            "content/site.yaml:5:1: error: unknown key 'feed_item' in site.yaml; did you mean 'feed_items'?",
            "content/site.yaml:6:12: error: 'page_size' must be a whole number greater than 0",
            "content/site.yaml:7:21: error: 'calendar_past_days' must be a whole number ≥ 0, like 90",
        ])
    }

    @Test("slugs: file names outside a–z, 0–9, '-' and '_' are refused; other files are not notices")
    func slugRules() throws {
        let good = notice("title: t\ndate: 2026-11-20")
        #expect(try errors([
            "content/notices/Winter Seminar.md": good,
            "content/notices/2026/セミナー.md": good,
            "content/notices/memo.txt": "x",
            "content/notices/ok_name-1.md": good,
        ]) == [
            "content/notices/2026/セミナー.md:1:1: error: 'セミナー' cannot be part of a notice's address; name files and folders with lower-case letters a–z, digits, '-' and '_' only",
            "content/notices/Winter Seminar.md:1:1: error: 'Winter Seminar' cannot be part of a notice's address; name files and folders with lower-case letters a–z, digits, '-' and '_' only",
            "content/notices/memo.txt:1:1: error: 'memo.txt' is not a notice; a notice is a '.md' file, or a folder with an 'index.md' and its attachments",
        ])
    }

    @Test("foo.md beside foo/index.md is a duplicate slug")
    func duplicateSlug() throws {
        let good = notice("title: t\ndate: 2026-11-20")
        #expect(try errors(["content/notices/foo.md": good, "content/notices/foo/index.md": good]) == [
            "content/notices/foo/index.md:1:1: error: duplicate slug 'foo': 'content/notices/foo.md' has the same one; rename one of them",
        ])
    }

    @Test("a folder with no content/ is a content error")
    func noContent() throws {
        let site = try TestSite(["README.md": "x"], withDefaults: false)
        defer { site.remove() }
        try FileManager.default.removeItem(at: site.root.appendingPathComponent("content"))
        #expect(site.errors() == ["content:1:1: error: no 'content' folder here; run rentai in a site's folder or name one with --site"])
    }

    @Test("every error of every file is reported in one run")
    func allErrorsAtOnce() throws {
        let found = try errors([
            "content/notices/a.md": notice("title: t\ndate: 2026-11-20\ncouncel: tokyo"),
            "content/notices/b.md": notice("title: t\ndate: someday"),
            "content/notices/c.md": notice("date: 2026-11-20\nunion: kdi"),
            "content/site.yaml": TestSite.siteYAML + "\nfeed: 3",
        ])
        #expect(found.count == 5)
        #expect(Set(found.map { String($0.split(separator: ":")[0]) }) == [
            "content/notices/a.md", "content/notices/b.md", "content/notices/c.md", "content/site.yaml",
        ])
    }

    @Test("one bad value does not hide the other checks of the same notice")
    func independentChecks() throws {
        #expect(try noticeErrors(notice("title: t\ndate: 2026-11-20\npinned: maybe\nexpires: 2026-11-19\nevent: { start: 2026-12-15 13:30, end: 2026-12-15 12:00, locaton: 会館 }")) == [
            "content/notices/a.md:4:9: error: 'pinned' must be true or false",
            "content/notices/a.md:5:10: error: 'expires' must be later than 'date'",
            "content/notices/a.md:6:40: error: the event's 'end' is before its 'start'",
            "content/notices/a.md:6:58: error: unknown key 'locaton' in 'event'; did you mean 'location'?",
        ])
    }

    @Test("broken YAML in site.yaml is reported once, not also as an empty file")
    func brokenSiteYAML() throws {
        let found = try errors(["content/site.yaml": "title: [unclosed\n"])
        #expect(found.count == 1)
        #expect(found.first?.contains("invalid YAML") == true)
    }

    @Test("an attachment cannot be called index.html")
    func attachmentIndexHTML() throws {
        #expect(try errors([
            "content/notices/a/index.md": notice("title: t\ndate: 2026-11-20"),
            "content/notices/a/index.html": "<p>x</p>",
        ]) == ["content/notices/a/index.html:1:1: error: an attachment cannot be called 'index.html': it would replace the notice's page; rename it"])
    }

    @Test("a template naming a partial that does not exist is an error")
    func unknownPartial() throws {
        #expect(try errors(["templates/portal.mustache": "{{> head}}\n<p>{{> notice-entri}}</p>\n"]) == [
            "templates/portal.mustache:2:4: error: unknown partial 'notice-entri'; did you mean 'notice-entry'?",
        ])
    }
}
