import Foundation
import RentaiCore
import Testing
@testable import RentaiPreview

/// A site of two councils, two unions and two roles written to a temporary folder, with a built
/// output of a few files: enough for routing and "view as", without running a build.
struct TinySite {
    let root: URL

    static let siteYAML = """
        title: Test portal
        base_url: https://example.org/portal/
        language: en

        """

    static let orgYAML = """
        roles:
          - id: member
            name: Member
          - id: officer
            name: Officer
            includes: [member]
        blocks:
          - id: kanto
            name: Kanto
            councils:
              - { id: tokyo, name: Tokyo }
              - { id: nagano, name: Nagano }
        unions:
          - id: ntt
            name: NTT Union
            councils: all
          - id: kddi
            name: KDDI Union
            councils: [tokyo]

        """

    init(files: [String: String] = [:]) throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("rentai-preview-\(UUID().uuidString)", isDirectory: true)
        let all = files.merging(["content/site.yaml": Self.siteYAML, "content/org.yaml": Self.orgYAML]) { own, _ in own }
        for (path, text) in all { try write(text, to: path) }
    }

    func write(_ text: String, to path: String) throws {
        let url = root.appendingPathComponent(path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url)
    }

    var paths: SitePaths { SitePaths(site: root.path) }

    func site(secret: String? = nil) throws -> PreviewSite {
        let frame = try #require(SiteLoader(paths: paths, addresses: SiteAddresses(secret: secret.map { Data($0.utf8) })).loadFrame())
        return PreviewSite(settings: frame.settings, organisation: frame.organisation)
    }

    func remove() {
        try? FileManager.default.removeItem(at: root)
    }
}
