import Foundation
import Testing

/// `rentai diff` over a small git history (SPEC §17; issue 15): golden JSON and Markdown covering
/// every kind of change and every flag, and the profile counts agreeing with `rentai reach
/// --list` at both revisions. Regenerate the golden files with `RENTAI_RECORD=1 swift test
/// --filter DiffTests` and review them.
@Suite("rentai diff: who a change reaches")
struct DiffTests {
    static let snapshots = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Snapshots")
    static let now = "2026-11-26 12:00"

    static let org = """
        roles:
          - { id: member, name: 組合員 }
          - { id: officer, name: 役員, includes: [member] }
        blocks:
          - id: kanto
            name: 関東ブロック
            councils:
              - { id: tokyo, name: 東京都協議会 }
              - { id: kanagawa, name: 神奈川県協議会 }
          - id: kinki
            name: 近畿ブロック
            councils:
              - { id: osaka, name: 大阪府協議会 }
        unions:
          - { id: ntt, name: NTT労働組合, councils: all }
          - { id: kddi, name: KDDI労働組合, councils: [tokyo, osaka] }
        """

    static func notice(_ front: String, body: String = "本文です。") -> String { "---\n\(front)\n---\n\(body)\n" }

    /// The site at the base revision, then the edits of the working tree (nil: removed).
    static let base: [String: String] = [
        "content/site.yaml": "title: テスト\nbase_url: https://example.org/\n",
        "content/org.yaml": org,
        "content/notices/a-edited.md": notice("title: 本文の修正\ndate: 2026-11-20\ncouncil: tokyo"),
        "content/notices/b-wider.md": notice("title: 東京から関東へ\ndate: 2026-11-20\ncouncil: tokyo"),
        "content/notices/c-everyone.md": notice("title: NTTから全員へ\ndate: 2026-11-20\nunion: ntt"),
        "content/notices/d-removed.md": notice("title: 削除されるお知らせ\ndate: 2026-11-20"),
        "content/notices/f-draft.md": notice("title: 下書きから公開へ\ndate: 2026-11-20\ndraft: true\ncouncil: osaka"),
        "content/notices/g-postponed.md": notice("title: 公開日を先へ\ndate: 2026-11-20\ncouncil: osaka"),
        "content/notices/unions/kddi/h-moved.md": notice("title: 移動するお知らせ\ndate: 2026-11-20\ncouncil: tokyo"),
        "content/notices/i-kddi.md": notice("title: KDDIのお知らせ\ndate: 2026-11-20\nunion: kddi"),
        // Not edited, yet retargeted by org.yaml: KDDI gains members in 神奈川.
        "content/notices/j-org.md": notice("title: 全員へのお知らせ\ndate: 2026-11-20"),
        "content/notices/k-same.md": notice("title: 変わらないお知らせ\ndate: 2026-11-20\ncouncil: osaka\nunion: ntt"),
    ]
    static let edits: [String: String?] = [
        "content/org.yaml": org.replacingOccurrences(of: "councils: [tokyo, osaka]", with: "councils: [tokyo, kanagawa, osaka]"),
        "content/notices/a-edited.md": notice("title: 本文の修正\ndate: 2026-11-20\ncouncil: tokyo", body: "本文を直しました。"),
        "content/notices/b-wider.md": notice("title: 東京から関東へ\ndate: 2026-11-20\nblock: kanto"),
        "content/notices/c-everyone.md": notice("title: NTTから全員へ\ndate: 2026-11-20"),
        "content/notices/d-removed.md": nil,
        "content/notices/e-added.md": notice("title: 新しいお知らせ\ndate: 2026-11-25\ncouncil: kanagawa\nrole: officer"),
        "content/notices/f-draft.md": notice("title: 下書きから公開へ\ndate: 2026-11-20\ncouncil: osaka"),
        "content/notices/g-postponed.md": notice("title: 公開日を先へ\ndate: 2026-12-20\ncouncil: osaka"),
        "content/notices/unions/kddi/h-moved.md": nil,
        "content/notices/councils/tokyo/h-moved.md": notice("title: 移動するお知らせ\ndate: 2026-11-20"),
    ]

    /// git with a fixed author and time, so that the base's hash is the same on every machine.
    @discardableResult
    static func git(_ arguments: [String], in folder: URL) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["git"] + arguments
        process.currentDirectoryURL = folder
        var environment = ProcessInfo.processInfo.environment
        for (key, value) in ["GIT_AUTHOR_NAME": "rentai", "GIT_AUTHOR_EMAIL": "rentai@example.org", "GIT_COMMITTER_NAME": "rentai",
                             "GIT_COMMITTER_EMAIL": "rentai@example.org", "GIT_AUTHOR_DATE": "2026-11-26T12:00:00+09:00",
                             "GIT_COMMITTER_DATE": "2026-11-26T12:00:00+09:00", "GIT_CONFIG_NOSYSTEM": "1", "HOME": folder.path] {
            environment[key] = value
        }
        process.environment = environment
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw CocoaError(.executableLoad) }
        return String(decoding: data, as: UTF8.self)
    }

    static func write(_ files: [String: String?], in folder: URL) throws {
        for (path, text) in files {
            let url = folder.appendingPathComponent(path)
            guard let text else {
                try FileManager.default.removeItem(at: url)
                continue
            }
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try text.write(to: url, atomically: true, encoding: .utf8)
        }
    }

    /// A repository whose HEAD is the base, and whose working tree has the edits.
    static func history() throws -> URL {
        let folder = try RentaiCommand.temporaryFolder().appendingPathComponent("site")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try write(base, in: folder)
        try git(["init", "-q", "-b", "main"], in: folder)
        try git(["add", "-A"], in: folder)
        try git(["commit", "-q", "-m", "base"], in: folder)
        try write(edits, in: folder)
        return folder
    }

    private func compare(_ actual: String, with name: String) throws {
        let golden = Self.snapshots.appendingPathComponent(name)
        if ProcessInfo.processInfo.environment["RENTAI_RECORD"] == "1" {
            try Data(actual.utf8).write(to: golden)
            return
        }
        #expect(actual == (try String(contentsOf: golden, encoding: .utf8)), "\(name) differs from its golden copy:\n\(actual)")
    }

    @Test("every kind of change and every flag, as JSON and as Markdown for a pull request")
    func golden() throws {
        let site = try Self.history()
        defer { try? FileManager.default.removeItem(at: site.deletingLastPathComponent()) }
        let json = try RentaiCommand.run(["diff", "--format", "json", "--now", Self.now], in: site)
        #expect(json.status == 0, "\(json.stderr)")
        try compare(json.stdout, with: "diff.json")
        let markdown = try RentaiCommand.run(["diff", "--format", "markdown", "--now", Self.now], in: site)
        #expect(markdown.status == 0, "\(markdown.stderr)")
        try compare(markdown.stdout, with: "diff.md")
        // Each flag occurs.
        for flag in ["everyone", "wider-place", "space-moved", "vanished", "appeared", "draft-removed"] {
            #expect(json.stdout.contains("\"\(flag)\""), "no notice flagged \(flag)")
        }
        #expect(json.stdout.contains("{\"slug\":\"j-org\",\"change\":\"retargeted\""))
        #expect(!json.stdout.contains("k-same"))
    }

    @Test("the profile counts agree with rentai reach --list at both revisions")
    func countsAgreeWithReach() throws {
        let site = try Self.history()
        defer { try? FileManager.default.removeItem(at: site.deletingLastPathComponent()) }
        let json = try RentaiCommand.run(["diff", "--format", "json", "--now", Self.now], in: site)
        let report = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let notices = try #require(report["notices"] as? [[String: Any]])
        // The base, checked out apart by git.
        let baseCopy = site.deletingLastPathComponent().appendingPathComponent("base")
        try Self.git(["clone", "-q", site.path, baseCopy.path], in: site.deletingLastPathComponent())
        func reachCount(_ slug: String, in folder: URL) throws -> Int? {
            let file = folder.appendingPathComponent("content/notices/\(slug).md")
            guard FileManager.default.fileExists(atPath: file.path) else { return nil }
            let result = try RentaiCommand.run(["reach", file.path, "--list", "--now", Self.now], in: folder)
            let line = result.stdout.split(separator: "\n").first { $0.hasPrefix("profiles: ") }
            let listed = result.stdout.split(separator: "\n").filter { $0.split(separator: "/").count == 3 && !$0.contains(" ") }.count
            #expect(line.map { Int($0.dropFirst("profiles: ".count)) } == listed)
            return listed
        }
        #expect(notices.count == 11)
        for notice in notices {
            let slug = try #require(notice["slug"] as? String)
            let before = try #require(notice["before"] as? [String: Any]), after = try #require(notice["after"] as? [String: Any])
            #expect(try reachCount(slug, in: baseCopy) ?? 0 == before["profiles"] as? Int, "\(slug) before")
            #expect(try reachCount(slug, in: site) ?? 0 == after["profiles"] as? Int, "\(slug) after")
        }
    }
}
