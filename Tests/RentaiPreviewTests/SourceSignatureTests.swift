import Foundation
import Testing
@testable import RentaiPreview

@Suite("Noticing changed files without file-system events")
struct SourceSignatureTests {
    @Test("a saved, added, removed or renamed file changes the signature; reading twice does not")
    func changes() throws {
        let site = try TinySite(files: ["content/notices/a.md": "---\ntitle: A\n---\n", "templates/portal.mustache": "x"])
        defer { site.remove() }
        let folders = [site.paths.content, site.paths.templates]
        let before = SourceSignature(of: folders)
        #expect(before == SourceSignature(of: folders))
        #expect(before.stamps.count == 4)

        // The same size, a later time: an edit of one character.
        let notice = site.root.appendingPathComponent("content/notices/a.md")
        try site.write("---\ntitle: B\n---\n", to: "content/notices/a.md")
        try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSinceNow: 5)], ofItemAtPath: notice.path)
        let edited = SourceSignature(of: folders)
        #expect(edited != before)

        try site.write("---\ntitle: C\n---\n", to: "content/notices/c.md")
        let added = SourceSignature(of: folders)
        #expect(added != edited)

        try FileManager.default.moveItem(at: notice, to: site.root.appendingPathComponent("content/notices/b.md"))
        #expect(SourceSignature(of: folders) != added)
    }

    @Test("hidden files (editors' swap files) and missing folders do not count")
    func ignoresHidden() throws {
        let site = try TinySite()
        defer { site.remove() }
        let folders = [site.paths.content, site.root.appendingPathComponent("no-such-folder")]
        let before = SourceSignature(of: folders)
        try site.write("swap", to: "content/.a.md.swp")
        try site.write("x", to: "content/.git/HEAD")
        #expect(SourceSignature(of: folders) == before)
    }
}
