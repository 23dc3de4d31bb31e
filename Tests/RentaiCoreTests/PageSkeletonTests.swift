import Foundation
import Testing
@testable import RentaiCore

/// Portal and archive pages are filled into a skeleton rendered once per shape of page; the
/// skeleton is used only where it gives exactly what a full rendering gives.
@Suite("Page skeletons")
struct PageSkeletonTests {
    static func site(archiveTemplate: String? = nil) throws -> TestSite {
        var files: [String: String] = [:]
        for day in 1...9 {
            files["content/notices/old-\(day).md"] = notice("title: 過去のお知らせ第\(day)号です\ndate: 2026-0\(day)-01\nexpires: 2026-0\(day)-20")
        }
        if let archiveTemplate { files["templates/archive.mustache"] = archiveTemplate }
        return try TestSite(files)
    }

    /// The render stage's input for `site` at the sample moment, its templates, and a maker of
    /// portals that share one set of skeletons and "coming up" boxes, as a build's do.
    static func portals(of site: TestSite) throws -> (RenderInput, TemplateSet, () -> PortalPages) {
        let loaded = try site.load()
        var diagnostics = Diagnostics()
        let templates = TemplateSet.load(paths: site.paths, diagnostics: &diagnostics)
        #expect(diagnostics.sorted.isEmpty)
        let now = TestSite.time("2026-11-26 12:00")
        let statuses = loaded.notices.map { NoticeStatus(of: $0, now: now, includeDrafts: false) }
        let listings = Listings(notices: loaded.notices, statuses: statuses, organisation: loaded.organisation)
        let input = RenderInput(settings: loaded.settings, organisation: loaded.organisation, notices: loaded.notices,
                                statuses: statuses, listings: listings, now: now)
        let context = PageContext(settings: loaded.settings, organisation: loaded.organisation)
        let shared = SharedEntries(entries: loaded.notices.indices.map { context.entry(loaded.notices[$0], status: statuses[$0], deadlineSoon: input.deadlineSoon[$0]) },
                                   feedItem: { _ in "" },
                                   roots: statuses.map { PortalPages.roots(for: $0, portal: "p/c/u/r/") },
                                   render: { templates.render($0, with: "notice-entry") })
        let skeletons = PageSkeletons()
        let boxes = ComingUpBoxes()
        return (input, templates, {
            PortalPages(context: context, input: input, shared: shared, templates: templates, skeletons: skeletons, comingUpBoxes: boxes)
        })
    }

    @Test("every archive page lists its own notices, with the built-in templates and with a template that loops over them",
          arguments: [nil, "{{> head}}<main id=\"main\"><h1>{{page_title}}</h1><ol>{{#notices}}<li>{{title}}</li>{{/notices}}</ol>{{> pagination}}</main>{{> foot}}"])
    func ownEntries(template: String?) throws {
        let site = try Self.site(archiveTemplate: template)
        defer { site.remove() }
        guard case .built = try site.build() else { Issue.record("the site did not build"); return }
        // page_size 2: nine archived notices on five pages, newest first.
        let pages = ["archive/index.html"] + (2...5).map { "archive/page/\($0)/index.html" }
        for (number, page) in pages.enumerated() {
            let html = try site.read("p/tokyo/ntt/member/" + page)
            let expected = (0..<2).map { 9 - number * 2 - $0 }.filter { $0 >= 1 }
            for day in 1...9 {
                #expect(html.contains("過去のお知らせ第\(day)号です") == expected.contains(day), "\(page), notice \(day)")
            }
            #expect(html.contains("（\(number + 1)ページ目）") == (number > 0), "\(page) title")
            #expect(html.contains("rel=\"next\"") == (number < 4), "\(page) next")
        }
    }

    @Test("every page of every profile, filled or not, is what a full rendering gives, whatever the portal template does",
          arguments: [
            nil,
            "{{> head}}<main id=\"main\"><h1>{{page_title}}</h1><ul>{{#upcoming}}<li>{{title}}</li>{{/upcoming}}</ul>{{{notices_html}}}</main>{{> foot}}",
            "{{> head}}<main id=\"main\"><pre>{{coming_up_html}}</pre>{{{pinned_html}}}{{{notices_html}}}{{> pagination}}</main>{{> foot}}",
            "{{> head}}<main id=\"main\">{{#profile.block}}[{{profile.block}}]{{/profile.block}}{{^prev_href}}first{{/prev_href}}{{page_count}}{{{notices_html}}}</main>{{> foot}}",
            "{{> head}}<main id=\"main\"><h1>{{uppercased(profile.union)}} {{lowercased(page_title)}}</h1>{{{notices_html}}}</main>{{> foot}}",
          ])
    func everyPageAsRenderedInFull(portalTemplate: String?) throws {
        var files = BuildTests.notices
        for day in 1...5 {
            files["content/notices/old-\(day).md"] = notice("title: 過去のお知らせ第\(day)号です\ndate: 2026-0\(day)-01\nexpires: 2026-0\(day)-20")
        }
        if let portalTemplate { files["templates/portal.mustache"] = portalTemplate }
        let site = try TestSite(files)
        defer { site.remove() }
        let (input, templates, portal) = try Self.portals(of: site)
        for profile in input.listings.profiles.indices {
            for page in portal().pages(for: profile, keys: RenderKeys(site: .none, input: input)) {
                let filled = page.assemble(templates).data
                #expect(filled == page.assembleInFull(templates).data, "\(page.path)")
            }
        }
    }

    @Test("templates that call transforms are rendered in full: a transform may treat a stand-in unlike its value",
          arguments: ["{{uppercased(profile.union)}}", "{{#odd(page_number)}}odd{{/odd(page_number)}}"])
    func transformsRenderedInFull(call: String) throws {
        var files = BuildTests.notices
        for day in 1...7 {
            files["content/notices/old-\(day).md"] = notice("title: 過去のお知らせ第\(day)号です\ndate: 2026-0\(day)-01\nexpires: 2026-0\(day)-20")
        }
        // A name that upper case changes, unlike the stand-in's (were it not mixed case).
        files["content/org.yaml"] = TestSite.orgYAML.replacingOccurrences(of: "KDDI労働組合", with: "Kddi労組")
        files["templates/archive.mustache"] = "{{> head}}<main id=\"main\"><h1>\(call)</h1>{{{notices_html}}}{{> pagination}}</main>{{> foot}}"
        let site = try TestSite(files)
        defer { site.remove() }
        var diagnostics = Diagnostics()
        #expect(TemplateSet.load(paths: site.paths, diagnostics: &diagnostics).usesTransforms)
        let plain = try TestSite([:])
        defer { plain.remove() }
        #expect(!TemplateSet.load(paths: plain.paths, diagnostics: &diagnostics).usesTransforms)
        guard case .built = try site.build() else { Issue.record("the site did not build"); return }
        for page in ["archive/index.html", "archive/page/2/index.html", "archive/page/3/index.html"] {
            let html = try site.read("p/tokyo/kddi/member/" + page)
            if call.hasPrefix("{{upper") { #expect(html.contains("<h1>KDDI労組</h1>"), "\(page)") }
            if call.hasPrefix("{{#odd") { #expect(html.contains("<h1>odd</h1>") == (page != "archive/page/2/index.html"), "\(page)") }
        }
    }

    @Test("a skeleton gives the bytes of a full rendering")
    func sameBytes() throws {
        let site = try Self.site()
        defer { site.remove() }
        let (input, templates, portal) = try Self.portals(of: site)
        // Two profiles: the second's pages are filled into skeletons the first's made.
        var pages: [PortalPages.Page] = []
        for profile in [0, 1] {
            pages += portal().pages(for: profile, keys: RenderKeys(site: .none, input: input))
        }
        let skeletons = pages[0].skeletons
        #expect(pages.count == 2 * (1 + 5))  // a portal page and five archive pages each
        for page in pages {
            #expect(page.assemble(templates).data == page.assembleInFull(templates).data, "\(page.path)")
        }
        // The built-in templates are filled in, not rendered again.
        #expect(pages.allSatisfy { skeletons.isTrusted($0) })
    }
}
