import Foundation
import Testing
@testable import RentaiCore

/// The rendered output of a tiny site, compared file by file with `Snapshots/tiny-site/`.
/// After a deliberate change, regenerate with `RENTAI_RECORD=1 swift test --filter GoldenTests`
/// and review the diff. A file the build makes that has no golden copy fails the test too.
@Suite("Golden files: the pages and feeds of a tiny site")
struct GoldenTests {
    static let snapshots = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Snapshots/tiny-site", isDirectory: true)

    static let files: [String: String] = [
        "content/site.yaml": """
            title: 情報労連 テスト
            base_url: https://portal.example.org/members
            page_size: 2
            feed_items: 2
            """,
        "content/org.yaml": """
            roles:
              - { id: member, name: 組合員 }
              - { id: officer, name: 役員, includes: [member] }
            blocks:
              - id: kanto-shinetsu
                name: 関東信越ブロック支部
                councils:
                  - { id: tokyo, name: 東京都協議会 }
            unions:
              - { id: kddi, name: KDDI労働組合, councils: all }
            """,
        "content/notices/2026/seminar/index.md": notice("""
            title: 冬季セミナー開催のご案内
            date: 2026-11-20 09:00
            block: kanto-shinetsu
            from: 関東信越ブロック支部
            summary: 12月15日に東京で開催します。
            deadline: 2026-12-10
            event: { start: 2026-12-15 13:30, end: 2026-12-15 17:00, location: 情報労連会館 }
            tags: [seminar]
            """, body: "## 内容\n\n| 時間 | 内容 |\n|:--|:--|\n| 13:30 | 開会 |\n\n[プログラム](program.pdf)"),
        "content/notices/2026/seminar/program.pdf": "%PDF-1.4\n%test\n",
        "content/notices/2026/survey.md": notice("title: 役員アンケート <ご協力を>\ndate: 2026-11-21T10:00:00+09:00\nrole: officer\ndeadline: 2026-11-30 17:00",
                                                 body: "役員の皆さまへ\nアンケートにご協力ください。"),
        "content/notices/2026/urgent.md": notice("title: 安否確認のお願い\ndate: 2026-11-02\npinned: true"),
        "content/notices/2026/meeting.md": notice("title: 定期大会の報告\ndate: 2026-11-10 18:00\nfrom: 本部", body: "# 報告\n\n大会は**無事**終了しました。"),
        "content/notices/2026/old.md": notice("title: 夏季休業のお知らせ\ndate: 2026-08-01\nexpires: 2026-09-01"),
    ]

    @Test("every output file matches its golden copy, and there are no others")
    func goldenFiles() throws {
        let site = try TestSite(Self.files, withDefaults: false)
        defer { site.remove() }
        guard case .built = try site.build(now: "2026-11-26 12:00") else { Issue.record("build failed"); return }
        var built = FolderSnapshot(site.output)
        built.files = built.files.filter { !$0.key.hasPrefix("assets/") }

        if ProcessInfo.processInfo.environment["RENTAI_RECORD"] == "1" {
            try? FileManager.default.removeItem(at: Self.snapshots)
            for (path, data) in built.files {
                let url = Self.snapshots.appendingPathComponent(path)
                try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try data.write(to: url)
            }
            return
        }
        let golden = FolderSnapshot(Self.snapshots)
        #expect(built.paths == golden.paths, "the build made other files than the golden copy holds")
        for path in built.paths where built.files[path] != golden.files[path] {
            let actual = String(decoding: built.files[path] ?? Data(), as: UTF8.self)
            Issue.record("\(path) differs from its golden copy; built:\n\(actual)")
        }
    }
}
