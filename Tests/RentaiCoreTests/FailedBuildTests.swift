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
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: site.root.path).filter { $0.hasPrefix(".rentai-") }
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
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: site.root.path).filter { $0.hasPrefix(".rentai-") }
        #expect(leftovers.isEmpty, "a staging folder was left behind: \(leftovers)")
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

    override func write(_ data: Data, to path: String) throws {
        let full = lock.withLock { () -> Bool in
            remaining -= 1
            return remaining < 0
        }
        if full { throw DiskFull() }
        try super.write(data, to: path)
    }
}
