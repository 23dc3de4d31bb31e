import Foundation
import Testing
@testable import RentaiCore

/// Portals and `all/` pages are filled into a skeleton rendered once per shape of page; the
/// skeleton is used only where it gives exactly what a full rendering gives.
@Suite("Page skeletons")
struct PageSkeletonTests {
    /// A partial no page uses, whose transform makes every page of the site render in full.
    static let renderInFull = ["templates/unused.mustache": "{{uppercased(site_title)}}"]

    /// Builds `files` twice, with skeletons and rendered in full, and returns both outputs.
    static func bothWays(_ files: [String: String]) throws -> (FolderSnapshot, FolderSnapshot) {
        let filled = try TestSite(files)
        defer { filled.remove() }
        let full = try TestSite(files.merging(renderInFull) { $1 })
        defer { full.remove() }
        var diagnostics = Diagnostics()
        #expect(!TemplateSet.load(paths: filled.paths, diagnostics: &diagnostics).usesTransforms)
        #expect(TemplateSet.load(paths: full.paths, diagnostics: &diagnostics).usesTransforms)
        guard case .built = try filled.build(), case .built = try full.build() else { throw TestFailure("a build failed") }
        return (FolderSnapshot(filled.output), FolderSnapshot(full.output))
    }

    @Test("every portal and all/ page, filled or not, is what a full rendering gives, whatever the template does",
          arguments: [
            [:],
            ["templates/portal.mustache": "{{> head}}<main id=\"main\"><h1>{{page_title}}</h1><ul>{{#upcoming}}<li>{{title}}</li>{{/upcoming}}</ul>{{{notices_html}}}</main>{{> foot}}"],
            ["templates/portal.mustache": "{{> head}}<main id=\"main\"><pre>{{coming_up_html}}</pre>{{{pinned_html}}}{{{notices_html}}}</main>{{> foot}}"],
            ["templates/all.mustache": "{{> head}}<main id=\"main\">{{#profile.block}}[{{profile.block}}]{{/profile.block}}<ol>{{#layers}}<li>{{name}} {{count}}</li>{{/layers}}</ol>{{{layers_html}}}</main>{{> foot}}"],
            ["templates/all.mustache": "{{> head}}<main id=\"main\">{{{profile.union}}} {{layer_indexes}}</main>{{> foot}}"],
          ] as [[String: String]])
    func asRenderedInFull(templates: [String: String]) throws {
        var files = BuildTests.notices.merging(templates) { $1 }
        // Names that HTML escaping changes, and names that it does not.
        files["content/org.yaml"] = TestSite.orgYAML.replacingOccurrences(of: "KDDI労働組合", with: "KDDI & \"Au\" 労組")
        let (filled, full) = try Self.bothWays(files)
        #expect(filled.paths == full.paths)
        // Layers' indexes carry each notice page's version, which every template, the unused
        // one too, goes into.
        func withoutVersions(_ data: Data?) -> String {
            String(decoding: data ?? Data(), as: UTF8.self).replacingOccurrences(of: #""version":"[0-9a-f]+""#, with: "", options: .regularExpression)
        }
        for path in full.paths where withoutVersions(filled.files[path]) != withoutVersions(full.files[path]) {
            Issue.record("\(path) differs from a full rendering")
        }
    }

    @Test("the built-in templates are filled in after one full rendering per shape; a loop over a list is not")
    func trusted() throws {
        let site = try TestSite([:])
        defer { site.remove() }
        var diagnostics = Diagnostics()
        let templates = TemplateSet.load(paths: site.paths, diagnostics: &diagnostics)
        let skeletons = PageSkeletons(templates: templates)
        func values(_ name: String, _ count: Int) -> [String: Any] {
            ["root": "../", "name": name, "href": "l/\(name)/index.html", "count_text": "\(count)件", "labels": Labels.table(for: .ja)]
        }
        for (name, count) in [("東京都協議会", 3), ("大阪府協議会", 12), ("全体", 1)] {
            #expect(skeletons.render(values(name, count), with: "layer-item") == templates.render(values(name, count), with: "layer-item"))
        }
        #expect(skeletons.isTrusted(values("x", 1), template: "layer-item"))
        // A value escaping would change is put in by a full rendering.
        #expect(!skeletons.isTrusted(values("<b>", 1), template: "layer-item"))
    }
}
