import Foundation
@testable import RentaiCore

/// A tiny site written inline in a test, Hugo-style: file paths and their text side by side.
/// `site.yaml` and `org.yaml` default to a small federation of 3 councils, 2 unions, 3 roles.
struct TestSite {
    let root: URL

    static let siteYAML = """
        title: テスト連合
        base_url: https://example.org/portal/
        language: ja
        timezone: Asia/Tokyo
        feed_items: 3
        page_size: 2
        """

    static let orgYAML = """
        roles:
          - { id: member, name: 組合員 }
          - { id: officer, name: 役員, includes: [member] }
          - { id: contact, name: 窓口, includes: [officer] }
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

    init(_ files: [String: String], withDefaults: Bool = true) throws {
        root = FileManager.default.temporaryDirectory
            .appendingPathComponent("rentai-test-\(UUID().uuidString)", isDirectory: true)
        var all = files
        if withDefaults {
            if all["content/site.yaml"] == nil { all["content/site.yaml"] = Self.siteYAML }
            if all["content/org.yaml"] == nil { all["content/org.yaml"] = Self.orgYAML }
        }
        for (path, text) in all {
            try write(Data(text.utf8), to: path)
        }
        try FileManager.default.createDirectory(at: root.appendingPathComponent("content/notices"), withIntermediateDirectories: true)
    }

    func write(_ data: Data, to path: String) throws {
        let url = root.appendingPathComponent(path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try data.write(to: url)
    }

    var paths: SitePaths { SitePaths(site: root.path) }
    var output: URL { root.appendingPathComponent("public") }

    static func time(_ text: String) -> Date {
        TimeParser.parse(text, in: TimeZone(identifier: "Asia/Tokyo")!)!.instant
    }

    func build(now: String = "2026-11-26 12:00", drafts: Bool = false, output: URL? = nil) throws -> BuildResult {
        try SiteBuild.build(BuildOptions(paths: paths, output: output, now: Self.time(now), includeDrafts: drafts))
    }

    /// The errors of `rentai check`, as printed, with the temporary folder cut from each path.
    func errors() -> [String] {
        let (_, diagnostics) = SiteBuild.check(BuildOptions(paths: paths, now: Self.time("2026-11-26 12:00")))
        return diagnostics.map { $0.description.replacingOccurrences(of: root.path + "/", with: "") }
    }

    func load() throws -> LoadedSite {
        var diagnostics = Diagnostics()
        guard let site = SiteLoader(paths: paths).load(diagnostics: &diagnostics) else {
            throw TestFailure(diagnostics.sorted.map(\.description).joined(separator: "\n"))
        }
        return site
    }

    func read(_ path: String) throws -> String {
        try String(contentsOf: output.appendingPathComponent(path), encoding: .utf8)
    }

    func exists(_ path: String) -> Bool {
        FileManager.default.fileExists(atPath: output.appendingPathComponent(path).path)
    }

    func remove() {
        try? FileManager.default.removeItem(at: root)
    }
}

struct TestFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// A notice file from its front matter lines and body.
func notice(_ frontMatter: String, body: String = "本文です。") -> String {
    "---\n\(frontMatter)\n---\n\(body)\n"
}
