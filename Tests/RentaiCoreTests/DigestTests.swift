import Foundation
import Testing
@testable import RentaiCore

@Suite("Digests: the window, the reminders, the text (SPEC §10, §14)")
struct DigestTests {
    static let files: [String: String] = [
        "content/notices/at-since.md": notice("title: ちょうど開始時刻\ndate: 2026-11-19 12:00"),
        "content/notices/after-since.md": notice("title: 開始直後\ndate: 2026-11-19 12:01"),
        "content/notices/at-now.md": notice("title: ちょうど現在\ndate: 2026-11-26 12:00\nunion: kddi"),
        "content/notices/after-now.md": notice("title: 予約\ndate: 2026-11-26 12:01"),
        "content/notices/expired.md": notice("title: 期限切れ\ndate: 2026-11-20\nexpires: 2026-11-26"),
        "content/notices/deadline-edge.md": notice("title: 締切が窓の端\ndate: 2026-10-01\ndeadline: 2026-12-03 12:00"),
        "content/notices/deadline-beyond.md": notice("title: 締切が窓の外\ndate: 2026-10-01\ndeadline: 2026-12-03"),
        "content/notices/deadline-now.md": notice("title: 締切が現在\ndate: 2026-10-01\ndeadline: 2026-11-26 12:00"),
        "content/notices/event-soon.md": notice("title: まもなく開催\ndate: 2026-10-01\nevent: { start: 2026-11-27 13:30, location: 会館 }\nunion: ntt"),
    ]

    private func digest(_ profile: Profile, in site: LoadedSite) -> ProfileDigest {
        let window = DigestWindow(since: TestSite.time("2026-11-19 12:00"), now: TestSite.time("2026-11-26 12:00"), reminderDays: 7)
        let composer = DigestComposer(site: site, window: window)
        return composer.digest(forProfileAt: composer.profiles.firstIndex(of: profile)!)
    }

    @Test("new means published in (since, now] and active at now")
    func window() throws {
        let site = try TestSite(Self.files)
        defer { site.remove() }
        let loaded = try site.load()
        let result = digest(Profile(council: "tokyo", union: "kddi", role: "member"), in: loaded)
        #expect(result.new.map { loaded.notices[$0].slug } == ["at-now", "after-since"])
    }

    @Test("reminders: deadlines and event starts in (now, now + 7 days], a date-only deadline ending at 24:00")
    func reminders() throws {
        let site = try TestSite(Self.files)
        defer { site.remove() }
        let loaded = try site.load()
        let ntt = digest(Profile(council: "tokyo", union: "ntt", role: "member"), in: loaded)
        #expect(ntt.reminders.map { loaded.notices[$0.notice].slug } == ["event-soon", "deadline-edge"])
        #expect(ntt.noticeCount == 3)
        let kddi = digest(Profile(council: "tokyo", union: "kddi", role: "member"), in: loaded)
        #expect(kddi.reminders.map { loaded.notices[$0.notice].slug } == ["deadline-edge"])
    }

    @Test("the text is wrapped to 72 columns, links listed as numbered references")
    func text() throws {
        var files = Self.files
        files["content/notices/long.md"] = notice("title: 長いお知らせ\ndate: 2026-11-20\nsummary: " + String(repeating: "組合員の皆さまに、職場の声をお寄せいただくようお願いします。", count: 4))
        let site = try TestSite(files)
        defer { site.remove() }
        let loaded = try site.load()
        let window = DigestWindow(since: TestSite.time("2026-11-19 12:00"), now: TestSite.time("2026-11-26 12:00"), reminderDays: 7)
        let text = DigestText(site: loaded, window: window).text(for: digest(Profile(council: "tokyo", union: "ntt", role: "member"), in: loaded))
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        for line in lines where !line.hasPrefix("[") {
            #expect(TextWrapper.columns(line) <= 72, "\(line)")
            #expect(!(line.first.map(TextWrapper.noLineStart.contains) ?? false), "\(line)")
        }
        #expect(text.contains("[1] https://example.org/portal/n/long/"))
        #expect(text.contains("長いお知らせ [1]"))
    }
}

@Suite("The subscribers CSV (SPEC §10, §14)")
struct SubscriberListTests {
    private func problems(_ csv: String) throws -> [String] {
        let site = try TestSite([:])
        defer { site.remove() }
        let url = site.root.appendingPathComponent("members.csv")
        try Data(csv.utf8).write(to: url)
        return try SubscriberList(url: url, displayPath: "members.csv", organisation: try site.load().organisation).check()
    }

    @Test("every bad row is reported with its line; a duplicate on its second line")
    func badRows() throws {
        let csv = """
            email,name,council,union,role
            taro@example.org,山田 太郎,tokyo,kddi,member
            hanako@example,佐藤 花子,tokyo,kddi,member
            jiro@example.org,"鈴木, 次郎",tokio,kddi,member
            TARO@example.org,山田 太郎,osaka,ntt,officer
            saburo@example.org,高橋 三郎,kanagawa,kddi,member
            shiro@example.org,伊藤 四郎,tokyo
            """
        #expect(try problems(csv) == [
            "members.csv:3: error: 'hanako@example' is not a mail address",
            "members.csv:4: error: unknown council 'tokio'; did you mean 'tokyo' (東京都協議会)?",
            "members.csv:5: error: duplicate address 'taro@example.org'; it is already on line 2",
            "members.csv:6: error: KDDI労働組合 has no members in 神奈川県協議会: 'kanagawa/kddi' is not a profile",
            "members.csv:7: error: the row has 3 columns, but needs at least 5 (email,name,council,union,role)",
        ])
    }

    @Test("a BOM, extra columns, quoted fields and CRLF are fine; a missing column in the header is not")
    func format() throws {
        #expect(try problems("\u{FEFF}name,email,council,union,role,memo\r\n\"山田 \"\"太郎\"\"\",taro@example.org,tokyo,kddi,member,備考\r\n") == [])
        #expect(try problems("email,name,council,union\n") == [
            "members.csv:1: error: the header lacks 'role'; the first line must be 'email,name,council,union,role'",
        ])
    }
}
