import Foundation
import Testing
@testable import RentaiCore

/// SPEC §5: every kind of bad input fails the build and leaves `public/` byte for byte as it was.
@Suite("A failed build leaves the published site untouched")
struct FailedBuildTests {
    static let cases: [(String, String, String)] = [
        ("unknown key", "content/notices/bad.md", notice("title: t\ndate: 2026-11-20\ncouncel: tokyo")),
        ("unknown id", "content/notices/bad.md", notice("title: t\ndate: 2026-11-20\ncouncil: tokio")),
        ("missing title", "content/notices/bad.md", notice("date: 2026-11-20")),
        ("missing date", "content/notices/bad.md", notice("title: t")),
        ("bad date", "content/notices/bad.md", notice("title: t\ndate: 2026-11-20 9am")),
        ("reaches no one", "content/notices/bad.md", notice("title: t\ndate: 2026-11-20\ncouncil: kanagawa\nunion: kddi")),
        ("duplicate id", "content/org.yaml", TestSite.orgYAML + "\n  - { id: ntt, name: 二重, councils: all }"),
        ("includes cycle", "content/org.yaml", TestSite.orgYAML.replacingOccurrences(of: "{ id: member, name: 組合員 }", with: "{ id: member, name: 組合員, includes: [contact] }")),
        ("invalid YAML", "content/site.yaml", "title: [t\n"),
        ("bad slug", "content/notices/Bad.md", notice("title: t\ndate: 2026-11-20")),
        ("expires before date", "content/notices/bad.md", notice("title: t\ndate: 2026-11-20\nexpires: 2026-11-01")),
    ]

    @Test("bad input fails the build and public/ is unchanged", arguments: cases.map(\.0))
    func failedBuildKeepsPublic(name: String) throws {
        let (_, path, text) = Self.cases.first { $0.0 == name }!
        let site = try TestSite(["content/notices/good.md": notice("title: よい知らせ\ndate: 2026-11-20")])
        defer { site.remove() }
        guard case .built = try site.build() else { Issue.record("the good site did not build"); return }
        let before = FolderSnapshot(site.output)
        #expect(!before.files.isEmpty)

        try site.write(Data(text.utf8), to: path)
        guard case .failed(let diagnostics) = try site.build() else { Issue.record("\(name): the build succeeded"); return }
        #expect(!diagnostics.isEmpty)
        #expect(FolderSnapshot(site.output) == before)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: site.root.path).filter { $0.hasPrefix(".rentai-") && $0 != ".rentai-cache" }
        #expect(leftovers.isEmpty, "a staging folder was left behind: \(leftovers)")
    }

    @Test("a build that fails while writing also leaves public/ as it was and no staging folder")
    func writeFailureKeepsPublic() throws {
        let site = try TestSite(BuildTests.notices)
        defer { site.remove() }
        _ = try site.build()
        let before = FolderSnapshot(site.output)
        let options = BuildOptions(paths: site.paths, now: TestSite.time("2026-11-27 12:00"))
        #expect(throws: DiskFull.self) {
            try SiteBuild.build(options) { try FailingStagingFolder(replacing: $0, failAfter: 10) }
        }
        #expect(FolderSnapshot(site.output) == before)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: site.root.path).filter { $0.hasPrefix(".rentai-") && $0 != ".rentai-cache" }
        #expect(leftovers.isEmpty, "a staging folder was left behind: \(leftovers)")
    }
}

@Suite("The output folder is replaced only when nothing would be lost")
struct OutputFolderTests {
    @Test("an output that is the site, holds it, or lies in its content is refused", arguments: [".", "..", "content", "content/notices/out", "templates"])
    func refusesTheSite(relative: String) throws {
        let site = try TestSite(["content/notices/a.md": notice("title: t\ndate: 2026-11-20")])
        defer { site.remove() }
        let output = site.root.appendingPathComponent(relative).standardizedFileURL
        let before = FolderSnapshot(site.root)
        #expect(throws: OutputCheck.Refusal.self) { try site.build(output: output) }
        #expect(FolderSnapshot(site.root) == before)
    }

    @Test("a folder of other files is refused; an empty one, or one rentai wrote, is replaced")
    func refusesForeignFolders() throws {
        let site = try TestSite(["content/notices/a.md": notice("title: t\ndate: 2026-11-20")])
        defer { site.remove() }
        let foreign = site.root.appendingPathComponent("mine")
        try site.write(Data("大事なメモ".utf8), to: "mine/notes.txt")
        #expect(throws: OutputCheck.Refusal.self) { try site.build(output: foreign) }
        #expect(FileManager.default.fileExists(atPath: foreign.appendingPathComponent("notes.txt").path))

        try site.write(Data(), to: "fresh/.gitkeep")
        guard case .built = try site.build(output: site.root.appendingPathComponent("fresh")) else { Issue.record("empty folder refused"); return }
        guard case .built = try site.build(output: site.root.appendingPathComponent("fresh")) else { Issue.record("own output refused"); return }
        #expect(FileManager.default.fileExists(atPath: site.root.appendingPathComponent("fresh/.gitkeep").path))
    }

    @Test("a staging folder left by a killed build is removed by the next build")
    func leftoversRemoved() throws {
        let site = try TestSite(["content/notices/a.md": notice("title: t\ndate: 2026-11-20")])
        defer { site.remove() }
        try site.write(Data("x".utf8), to: ".rentai-staging-public-DEADBEEF/index.html")
        _ = try site.build()
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: site.root.path).filter { $0.hasPrefix(".rentai-") && $0 != ".rentai-cache" }
        #expect(leftovers.isEmpty)
    }
}

struct DiskFull: Error {}

/// A staging folder whose disk fills up after a few files.
final class FailingStagingFolder: StagingFolder, @unchecked Sendable {
    private let lock = NSLock()
    private var remaining: Int

    init(replacing output: URL, failAfter files: Int) throws {
        remaining = files
        try super.init(replacing: output)
    }

    override func write(_ data: [UInt8], to path: String) throws -> FileStamp {
        let full = lock.withLock { () -> Bool in
            remaining -= 1
            return remaining < 0
        }
        if full { throw DiskFull() }
        return try super.write(data, to: path)
    }
}
