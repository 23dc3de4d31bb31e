import Foundation
import Testing
@testable import RentaiCore

/// Incremental builds (issue 5): what the cache remembers must never change what is published.
/// After any sequence of edits an incremental build gives the very bytes of a clean build, it
/// touches no file whose bytes stay the same, and a template change reaches what it renders.
@Suite("Incremental builds")
struct IncrementalBuildTests {
    static let now = "2026-11-26 12:00"

    /// The notices every test starts from: each kind of targeting, active, archived, pinned,
    /// scheduled, a draft, with an event, a deadline and an attachment.
    static func startingSite() throws -> TestSite {
        try TestSite([
            "content/notices/zenkoku.md": notice("title: 全国統一行動のお知らせ\ndate: 2026-11-01\ntags: [action]"),
            "content/notices/kanto-seminar.md": notice("title: 関東ブロック冬季セミナー\ndate: 2026-11-10\nblock: kanto\ndeadline: 2026-12-05\nevent:\n  start: 2026-12-15 13:30\n  location: 東京"),
            "content/notices/tokyo-survey.md": notice("title: 東京都協議会 役員アンケート\ndate: 2026-11-12\ncouncil: tokyo\nrole: officer\ndeadline: 2026-12-01"),
            "content/notices/kddi-news.md": notice("title: KDDI労働組合 組合ニュース\ndate: 2026-10-20\nunion: kddi"),
            "content/notices/urgent.md": notice("title: 台風接近に伴う緊急連絡\ndate: 2026-11-20\npinned: true"),
            "content/notices/old-1.md": notice("title: 昨年度の総会報告について\ndate: 2025-06-01\nexpires: 2025-12-31"),
            "content/notices/old-2.md": notice("title: 大阪府協議会 夏季交流会\ndate: 2025-07-01\ncouncil: osaka\nexpires: 2025-09-01"),
            "content/notices/later.md": notice("title: 来年度の春闘方針について\ndate: 2027-01-10"),
            "content/notices/draft.md": notice("title: 下書きの案内文です\ndate: 2026-11-15\ndraft: true"),
            "content/notices/folder/index.md": notice("title: 資料付きの案内について\ndate: 2026-11-05\ncouncil: kanagawa"),
            "content/notices/folder/shiryo.pdf": "%PDF-1.4 資料",
        ])
    }

    static func options(_ site: TestSite, output: URL? = nil, now: String = now, incremental: Bool = true) -> BuildOptions {
        var options = BuildOptions(paths: site.paths, output: output, now: TestSite.time(now))
        options.incremental = incremental
        return options
    }

    @discardableResult
    static func build(_ options: BuildOptions) throws -> BuildSummary {
        switch try SiteBuild.build(options) {
        case .built(let summary): return summary
        case .failed(let diagnostics): throw TestFailure(diagnostics.map(\.description).joined(separator: "\n"))
        case .leaked(let leaks): throw TestFailure(leaks.map(\.description).joined(separator: "\n"))
        }
    }

    /// Each file's inode and modification time: a file left alone keeps both. Not the marker,
    /// which each build that publishes makes anew: it tells the next build which folder its
    /// manifest describes.
    static func stamps(_ folder: URL) -> [String: String] {
        var result: [String: String] = [:]
        for path in FolderSnapshot(folder).paths where path != StagingFolder.marker {
            var info = stat()
            stat(folder.appendingPathComponent(path).path, &info)
            result[path] = "\(info.st_ino) \(info.st_mtim.tv_sec).\(info.st_mtim.tv_nsec)"
        }
        return result
    }

    // MARK: Random edits

    /// One edit an officer might make; `apply` changes the site, `now` may move time on.
    struct Edit: Sendable {
        var name: String
        var apply: @Sendable (TestSite, inout LeakPropertyTests.Random) throws -> Void
    }

    static let targets = ["", "council: tokyo", "council: [tokyo, osaka]", "block: kinki", "union: kddi",
                          "role: officer", "council: kanagawa\nrole: contact", "union: ntt\ncouncil: osaka"]

    static func noticeFiles(_ site: TestSite) -> [String] {
        let folder = site.root.appendingPathComponent("content/notices")
        let enumerator = FileManager.default.enumerator(atPath: folder.path)
        var files: [String] = []
        while let path = enumerator?.nextObject() as? String { if path.hasSuffix(".md") { files.append(path) } }
        return files.sorted()
    }

    static let edits: [Edit] = [
        Edit(name: "retitle") { site, random in
            let files = noticeFiles(site)
            let file = files[random.below(files.count)]
            let url = site.root.appendingPathComponent("content/notices/" + file)
            var text = try String(contentsOf: url, encoding: .utf8)
            text = text.replacingOccurrences(of: "title: ", with: "title: 改訂\(random.below(100))・")
            try site.write(Data(text.utf8), to: "content/notices/" + file)
        },
        Edit(name: "rewrite a body") { site, random in
            let files = noticeFiles(site)
            let file = files[random.below(files.count)]
            let url = site.root.appendingPathComponent("content/notices/" + file)
            let text = try String(contentsOf: url, encoding: .utf8) + "\n追記 \(random.below(1000))。\n"
            try site.write(Data(text.utf8), to: "content/notices/" + file)
        },
        Edit(name: "add a notice") { site, random in
            let target = targets[random.below(targets.count)]
            let day = 1 + random.below(28)
            let expires = random.chance(30) ? "\nexpires: 2026-11-\(String(format: "%02d", min(28, day + 1 + random.below(10))))" : ""
            let pinned = random.chance(20) ? "\npinned: true" : ""
            let deadline = random.chance(40) ? "\ndeadline: 2026-12-\(String(format: "%02d", 1 + random.below(28)))" : ""
            let front = "title: 追加のお知らせ第\(random.below(10_000))号\ndate: 2026-11-\(String(format: "%02d", day))\(target.isEmpty ? "" : "\n" + target)\(expires)\(pinned)\(deadline)"
            try site.write(Data(notice(front).utf8), to: "content/notices/added-\(random.below(1_000_000)).md")
        },
        Edit(name: "delete a notice") { site, random in
            let files = noticeFiles(site)
            guard files.count > 3 else { return }
            let file = files[random.below(files.count)]
            try FileManager.default.removeItem(at: site.root.appendingPathComponent("content/notices/" + (file.hasSuffix("/index.md") ? String(file.dropLast("/index.md".count)) : file)))
        },
        Edit(name: "retarget") { site, random in
            let files = noticeFiles(site)
            let file = files[random.below(files.count)]
            let url = site.root.appendingPathComponent("content/notices/" + file)
            var lines = try String(contentsOf: url, encoding: .utf8).components(separatedBy: "\n")
            lines.removeAll { line in ["council:", "block:", "union:", "role:"].contains { line.hasPrefix($0) } }
            let target = targets[random.below(targets.count)]
            if !target.isEmpty { lines.insert(target, at: 1) }
            try site.write(Data(lines.joined(separator: "\n").utf8), to: "content/notices/" + file)
        },
        Edit(name: "change page size") { site, random in
            let yaml = TestSite.siteYAML.replacingOccurrences(of: "page_size: 2", with: "page_size: \(1 + random.below(4))")
            try site.write(Data(yaml.utf8), to: "content/site.yaml")
        },
        Edit(name: "override a template") { site, random in
            let name = ["notice", "portal", "foot", "notice-entry", "layer", "all", "coming-up-item"][random.below(7)]
            let builtin = BuiltinFiles.templates[name]!
            let changed = builtin.replacingOccurrences(of: "</", with: "<!-- v\(random.below(100)) --></", options: [], range: builtin.range(of: "</"))
            try site.write(Data(changed.utf8), to: "templates/\(name).mustache")
        },
        Edit(name: "add an attachment") { site, random in
            guard FileManager.default.fileExists(atPath: site.root.appendingPathComponent("content/notices/folder/index.md").path) else { return }
            try site.write(Data("資料 \(random.below(1000))".utf8), to: "content/notices/folder/extra-\(random.below(3)).txt")
        },
    ]

    @Test("after random edits an incremental build equals a clean one, byte for byte",
          arguments: [1, 2, 3, 4] as [UInt64])
    func equalsClean(seed: UInt64) throws {
        let site = try Self.startingSite()
        defer { site.remove() }
        var random = LeakPropertyTests.Random(state: seed)
        let clean = site.root.appendingPathComponent("clean")
        var now = Self.now
        try Self.build(Self.options(site, now: now))
        for step in 0..<12 {
            let edit = Self.edits[random.below(Self.edits.count)]
            let settings = FileManager.default.contents(atPath: site.root.appendingPathComponent("content/site.yaml").path)
            try edit.apply(site, &random)
            let settingsChanged = settings != FileManager.default.contents(atPath: site.root.appendingPathComponent("content/site.yaml").path)
            // Time moves on now and then: notices expire, deadlines pass.
            if random.chance(25) { now = "2026-12-\(String(format: "%02d", 1 + random.below(20))) 09:00" }
            let summary = try Self.build(Self.options(site, now: now))
            // site.yaml (like org.yaml) is read by every page: the site is built whole.
            #expect(summary.incremental == !settingsChanged, "step \(step) (\(edit.name))")
            try? FileManager.default.removeItem(at: clean)
            try Self.build(Self.options(site, output: clean, now: now, incremental: false))
            let incremental = FolderSnapshot(site.output)
            let whole = FolderSnapshot(clean)
            #expect(incremental.paths == whole.paths, "seed \(seed), step \(step) (\(edit.name)): other files")
            for path in whole.paths where incremental.files[path] != whole.files[path] {
                Issue.record("seed \(seed), step \(step) (\(edit.name)): \(path) differs from a clean build")
            }
        }
    }

    /// One kind of edit, what it does, and how many notice files the rebuild must read.
    struct KindOfEdit: Sendable, CustomStringConvertible {
        var description: String
        var apply: @Sendable (TestSite) throws -> Void
        /// nil: every notice (the cache of parsed notices holds only for unchanged settings).
        var noticesRead: Int?
    }

    static let kindsOfEdit: [KindOfEdit] = [
        KindOfEdit(description: "a notice added", apply: { site in
            try site.write(Data(notice("title: 神奈川県協議会 新年会のご案内\ndate: 2026-11-21\ncouncil: kanagawa\nevent: { start: 2027-01-15 18:00 }").utf8),
                           to: "content/notices/new-year.md")
        }, noticesRead: 1),
        KindOfEdit(description: "a notice edited", apply: { site in
            try site.write(Data(notice("title: 全国統一行動のお知らせ（改訂）\ndate: 2026-11-01\ntags: [action]", body: "改訂しました。").utf8),
                           to: "content/notices/zenkoku.md")
        }, noticesRead: 1),
        KindOfEdit(description: "a notice retargeted", apply: { site in
            try site.write(Data(notice("title: KDDI労働組合 組合ニュース\ndate: 2026-10-20\nunion: kddi\ncouncil: osaka").utf8),
                           to: "content/notices/kddi-news.md")
        }, noticesRead: 1),
        KindOfEdit(description: "a notice removed", apply: { site in
            try FileManager.default.removeItem(at: site.root.appendingPathComponent("content/notices/kanto-seminar.md"))
        }, noticesRead: 0),
        KindOfEdit(description: "an attachment changed", apply: { site in
            try site.write(Data("%PDF-1.4 資料（改訂）".utf8), to: "content/notices/folder/shiryo.pdf")
        }, noticesRead: 1),
        KindOfEdit(description: "org.yaml changed: a union in one more council", apply: { site in
            try site.write(Data(TestSite.orgYAML.replacingOccurrences(of: "councils: [tokyo, osaka]", with: "councils: [tokyo, kanagawa, osaka]").utf8),
                           to: "content/org.yaml")
        }, noticesRead: nil),
        KindOfEdit(description: "site.yaml changed", apply: { site in
            try site.write(Data(TestSite.siteYAML.replacingOccurrences(of: "page_size: 2", with: "page_size: 1").utf8), to: "content/site.yaml")
        }, noticesRead: nil),
        KindOfEdit(description: "a template changed", apply: { site in
            try site.write(Data(BuiltinFiles.templates["notice-entry"]!.replacingOccurrences(of: "</article>", with: "<!-- 改 --></article>").utf8),
                           to: "templates/notice-entry.mustache")
        }, noticesRead: 0),
    ]

    @Test("after each kind of edit, a rebuild reads only the notices that changed and equals a clean build", arguments: kindsOfEdit)
    func eachKindOfEdit(_ edit: KindOfEdit) throws {
        let site = try Self.startingSite()
        defer { site.remove() }
        let first = try Self.build(Self.options(site))
        #expect(first.noticesRead == Self.noticeFiles(site).count)
        try edit.apply(site)
        let rebuilt = try Self.build(Self.options(site))
        let notices = Self.noticeFiles(site).count
        #expect(rebuilt.noticesRead == edit.noticesRead ?? notices, "\(edit)")
        let clean = site.root.appendingPathComponent("clean")
        try Self.build(Self.options(site, output: clean, incremental: false))
        let incremental = FolderSnapshot(site.output)
        let whole = FolderSnapshot(clean)
        #expect(incremental.paths == whole.paths, "\(edit): other files")
        for path in whole.paths where incremental.files[path] != whole.files[path] {
            Issue.record("\(edit): \(path) differs from a clean build")
        }
    }

    @Test("a rebuild with nothing changed writes nothing and touches no file")
    func nothingChanged() throws {
        let site = try Self.startingSite()
        defer { site.remove() }
        let first = try Self.build(Self.options(site))
        #expect(!first.incremental)
        let before = Self.stamps(site.output)
        let second = try Self.build(Self.options(site))
        #expect(second.incremental)
        #expect(second.filesWritten == 0)
        #expect(second.filesRemoved == 0)
        #expect(second.filesUnchanged == first.filesWritten)
        #expect(Self.stamps(site.output) == before)
    }

    @Test("editing one notice rewrites its page and the lists that show it, nothing else")
    func oneNotice() throws {
        let site = try Self.startingSite()
        defer { site.remove() }
        try Self.build(Self.options(site))
        let before = Self.stamps(site.output)
        try site.write(Data(notice("title: 東京都協議会 役員アンケート（再送）\ndate: 2026-11-12\ncouncil: tokyo\nrole: officer\ndeadline: 2026-12-01").utf8),
                       to: "content/notices/tokyo-survey.md")
        let summary = try Self.build(Self.options(site))
        let after = Self.stamps(site.output)
        let touched = Set(after.keys.filter { after[$0] != before[$0] })
        #expect(summary.filesWritten == touched.count)
        #expect(touched.contains("n/tokyo-survey/index.html"))
        #expect(touched.contains("p/tokyo/ntt/officer/index.html"))
        #expect(touched.contains("p/tokyo/kddi/contact/calendar.ics"))
        // Only Tokyo's officers and contacts see it.
        for path in touched where path.hasPrefix("p/") {
            #expect(path.hasPrefix("p/tokyo/") && !path.contains("/member/"), "\(path) was rewritten")
        }
        #expect(!touched.contains("index.html"))
        #expect(!touched.contains("assets/style.css"))
    }

    @Test("a template change re-renders the pages made with it, and only those")
    func templateChange() throws {
        let site = try Self.startingSite()
        defer { site.remove() }
        try Self.build(Self.options(site))
        let before = Self.stamps(site.output)
        let template = BuiltinFiles.templates["notice"]!.replacingOccurrences(of: "</article>", with: "<p>印刷してご活用ください</p></article>")
        #expect(template != BuiltinFiles.templates["notice"]!)
        try site.write(Data(template.utf8), to: "templates/notice.mustache")
        try Self.build(Self.options(site))
        let after = Self.stamps(site.output)
        let touched = Set(after.keys.filter { after[$0] != before[$0] })
        let noticePages = Set(after.keys.filter { $0.hasPrefix("n/") && $0.hasSuffix("/index.html") })
        // And the layers' indexes, which carry each notice page's version for phones' saved copies.
        let layerIndexes = Set(after.keys.filter { $0.hasPrefix("l/") && $0.hasSuffix("/index.json") })
        #expect(!layerIndexes.isEmpty)
        #expect(touched == noticePages.union(layerIndexes))
        #expect(try site.read("n/zenkoku/index.html").contains("印刷してご活用ください"))

        // A partial every page uses reaches every page.
        try site.write(Data(BuiltinFiles.templates["foot"]!.replacingOccurrences(of: "</footer>", with: "<p>連帯</p></footer>").utf8),
                       to: "templates/foot.mustache")
        try Self.build(Self.options(site))
        for path in after.keys where path.hasSuffix(".html") {
            #expect(try site.read(path).contains("<p>連帯</p>"), "\(path) lacks the new footer")
        }
    }

    @Test("files the site no longer has are removed, with their emptied folders")
    func removal() throws {
        let site = try Self.startingSite()
        defer { site.remove() }
        try Self.build(Self.options(site))
        #expect(site.exists("n/folder/shiryo.pdf"))
        try FileManager.default.removeItem(at: site.root.appendingPathComponent("content/notices/folder"))
        let summary = try Self.build(Self.options(site))
        // The page, its attachment, and Kanagawa's layer, which held nothing else.
        #expect(summary.filesRemoved == 2 + 2)
        #expect(!site.exists("l/council-kanagawa/all/all/index.html"))
        #expect(!FileManager.default.fileExists(atPath: site.output.appendingPathComponent("n/folder").path))
    }

    @Test("a published file changed or removed since the last build is written again (issue 12, item 7)")
    func repairsTheOutput() throws {
        let site = try Self.startingSite()
        defer { site.remove() }
        try Self.build(Self.options(site))
        // A page truncated (a full disk, a careless hand), a feed deleted, an attachment
        // overwritten with other bytes of the same size.
        #expect(truncate(site.output.appendingPathComponent("n/zenkoku/index.html").path, 100) == 0)
        try FileManager.default.removeItem(at: site.output.appendingPathComponent("p/tokyo/ntt/officer/feed.xml"))
        let attachment = site.output.appendingPathComponent("n/folder/shiryo.pdf")
        let size = try Data(contentsOf: attachment).count
        try Data(repeating: UInt8(ascii: "x"), count: size).write(to: attachment)

        let summary = try Self.build(Self.options(site))
        #expect(summary.incremental)
        #expect(summary.filesWritten == 3)
        #expect(summary.filesRepaired == 3)
        let clean = site.root.appendingPathComponent("clean")
        try Self.build(Self.options(site, output: clean, incremental: false))
        #expect(FolderSnapshot(site.output).files == FolderSnapshot(clean).files)
        // Repaired, it is trusted again.
        let again = try Self.build(Self.options(site))
        #expect(again.filesWritten == 0 && again.filesRepaired == 0)
    }

    @Test("a file may take the place of a folder the site no longer has, and the other way round")
    func fileAndFolderSwap() throws {
        let site = try TestSite([
            "content/notices/docs.md": notice("title: 資料のご案内について\ndate: 2026-11-01"),
            "content/notices/docs/guide.md": notice("title: 手引きのご案内について\ndate: 2026-11-02"),
        ])
        defer { site.remove() }
        try Self.build(Self.options(site))
        #expect(site.exists("n/docs/guide/index.html"))
        // n/docs/guide becomes an attachment: a file where a folder was.
        try FileManager.default.removeItem(at: site.root.appendingPathComponent("content/notices/docs.md"))
        try FileManager.default.removeItem(at: site.root.appendingPathComponent("content/notices/docs"))
        try site.write(Data(notice("title: 資料のご案内について\ndate: 2026-11-01").utf8), to: "content/notices/docs/index.md")
        try site.write(Data("手引き".utf8), to: "content/notices/docs/guide")
        #expect(try Self.build(Self.options(site)).incremental)
        #expect(try site.read("n/docs/guide") == "手引き")
        // And back: a folder where a file was.
        try FileManager.default.removeItem(at: site.root.appendingPathComponent("content/notices/docs"))
        try site.write(Data(notice("title: 資料のご案内について\ndate: 2026-11-01").utf8), to: "content/notices/docs.md")
        try site.write(Data(notice("title: 手引きのご案内について\ndate: 2026-11-02").utf8), to: "content/notices/docs/guide.md")
        #expect(try Self.build(Self.options(site)).incremental)
        #expect(try site.read("n/docs/guide/index.html").contains("手引きのご案内について"))
        let clean = site.root.appendingPathComponent("clean")
        try Self.build(Self.options(site, output: clean, incremental: false))
        #expect(FolderSnapshot(site.output).files == FolderSnapshot(clean).files)
    }

    @Test("an output replaced or half-updated is rebuilt whole, never trusted")
    func distrust() throws {
        let site = try Self.startingSite()
        defer { site.remove() }
        try Self.build(Self.options(site))
        // Deleted by hand: the marker is gone, so the manifest no longer describes the folder.
        try FileManager.default.removeItem(at: site.output)
        let afterDeletion = try Self.build(Self.options(site))
        #expect(!afterDeletion.incremental)
        #expect(site.exists("index.html"))
        // The cache deleted: no manifest to trust.
        OutputManifest.forget(site.output, cache: site.paths.cache)
        #expect(try !Self.build(Self.options(site)).incremental)
        #expect(try Self.build(Self.options(site)).incremental)
        // --clean
        #expect(try !Self.build(Self.options(site, incremental: false)).incremental)
    }

    @Test("a failed incremental build leaves the output and its manifest as they were")
    func failure() throws {
        let site = try Self.startingSite()
        defer { site.remove() }
        try Self.build(Self.options(site))
        let before = Self.stamps(site.output)
        let snapshot = FolderSnapshot(site.output)
        try site.write(Data(notice("title: 壊れた\ndate: 2026-13-45").utf8), to: "content/notices/broken.md")
        guard case .failed = try SiteBuild.build(Self.options(site)) else {
            Issue.record("a broken notice built")
            return
        }
        #expect(Self.stamps(site.output) == before)
        #expect(FolderSnapshot(site.output) == snapshot)
        try FileManager.default.removeItem(at: site.root.appendingPathComponent("content/notices/broken.md"))
        let summary = try Self.build(Self.options(site))
        #expect(summary.incremental && summary.filesWritten == 0)
    }
}
