import Foundation
import Testing
@testable import RentaiCore

/// Builds the repository's sample site with the real binary and checks, for every profile, that
/// its portal, feed and layers list exactly the notices that reach it. Who should be reached is
/// worked out here from the front matter alone, with the rule of SPEC §4 written out plainly,
/// not with the code that built the site.
@Suite("The sample site, end to end")
struct SampleSiteTests {
    static let now = "2026-11-26 12:00"

    struct Built {
        let output: URL
        let site: LoadedSite
    }

    static func build() throws -> Built {
        let output = try RentaiCommand.temporaryFolder().appendingPathComponent("public")
        let result = try RentaiCommand.run(["build", "--site", ".", "--output", output.path, "--now", now])
        guard result.status == 0 else { throw TestFailure(result.stderr) }
        var diagnostics = Diagnostics()
        guard let site = SiteLoader(paths: SitePaths(site: RentaiCommand.repository.path)).load(diagnostics: &diagnostics) else {
            throw TestFailure("\(diagnostics.sorted)")
        }
        return Built(output: output, site: site)
    }

    /// SPEC §4 spelt out: place (councils ∪ blocks' councils), union, role with includes; AND.
    static func reaches(_ notice: Notice, council: String, union: String, role: String, in org: Organisation) -> Bool {
        let t = notice.targeting
        if t.blocks != nil || t.councils != nil {
            let places = (t.councils ?? []) + (t.blocks ?? []).flatMap { block in org.blocks.first { $0.id == block }!.councilIDs }
            if !places.contains(council) { return false }
        }
        if let unions = t.unions, !unions.contains(union) { return false }
        if let roles = t.roles {
            var received: Set<String> = [role], frontier = [role]
            while let next = frontier.popLast() {
                for included in org.roles.first(where: { $0.id == next })!.includes where received.insert(included).inserted {
                    frontier.append(included)
                }
            }
            if received.isDisjoint(with: roles) { return false }
        }
        return true
    }

    /// Slugs of the notice pages linked from an HTML file, outside its "coming up" section.
    static func listedSlugs(_ url: URL) throws -> Set<String> {
        var html = try String(contentsOf: url, encoding: .utf8)
        if let start = html.range(of: "<aside class=\"coming-up\""), let end = html.range(of: "</aside>", range: start.upperBound..<html.endIndex) {
            html.removeSubrange(start.lowerBound..<end.upperBound)
        }
        var slugs = Set<String>()
        for part in html.components(separatedBy: "href=\"").dropFirst() {
            var href = part.prefix { $0 != "\"" }
            while href.hasPrefix("../") { href = href.dropFirst(3) }
            guard href.hasPrefix("n/"), href.hasSuffix("/index.html") else { continue }
            slugs.insert(String(href.dropFirst(2).dropLast("/index.html".count)))
        }
        return slugs
    }

    static func pages(_ folder: URL) -> [URL] {
        var pages = [folder.appendingPathComponent("index.html")]
        var number = 2
        while FileManager.default.fileExists(atPath: folder.appendingPathComponent("page/\(number)/index.html").path) {
            pages.append(folder.appendingPathComponent("page/\(number)/index.html"))
            number += 1
        }
        return pages
    }

    /// The layers an `all/` page links, as folders.
    static func linkedLayers(_ url: URL) throws -> [URL] {
        let html = try String(contentsOf: url, encoding: .utf8)
        return html.components(separatedBy: "href=\"").dropFirst().map { String($0.prefix { $0 != "\"" }) }
            .filter { $0.contains("/l/") && $0.hasSuffix("/index.html") }
            .map { url.deletingLastPathComponent().appendingPathComponent($0).deletingLastPathComponent().standardized }
    }

    @Test("every profile's portal, feed and layers list exactly the notices that reach it")
    func everyProfileSeesExactlyItsNotices() throws {
        let built = try Self.build()
        defer { try? FileManager.default.removeItem(at: built.output.deletingLastPathComponent()) }
        let org = built.site.organisation
        let settings = built.site.settings
        let now = TestTime.parse(Self.now)
        func newestFirst(_ a: Notice, _ b: Notice) -> Bool { (a.date.instant, b.slug) > (b.date.instant, a.slug) }
        var checked = 0
        for council in org.councils {
            for union in org.unions where union.councilIDs.contains(council.id) {
                for role in org.roles {
                    let reached = built.site.notices.filter {
                        !$0.draft && $0.date.instant <= now && Self.reaches($0, council: council.id, union: union.id, role: role.id, in: org)
                    }
                    let active = reached.filter { ($0.expires?.instant ?? .distantFuture) > now }.sorted(by: newestFirst)
                    let folder = built.output.appendingPathComponent("p/\(council.id)/\(union.id)/\(role.id)")
                    let profile = "\(council.id)/\(union.id)/\(role.id)"
                    // The portal: every pinned active notice, then the newest page_size others.
                    let expectedPortal = active.filter(\.pinned) + active.filter { !$0.pinned }.prefix(settings.pageSize)
                    #expect(try Self.listedSlugs(folder.appendingPathComponent("index.html")) == Set(expectedPortal.map(\.slug)), "portal of \(profile)")
                    // Its layers, every page of each: everything that ever reached it, once or more.
                    var inLayers = Set<String>()
                    for layer in try Self.linkedLayers(folder.appendingPathComponent("all/index.html")) {
                        for page in Self.pages(layer) { inLayers.formUnion(try Self.listedSlugs(page)) }
                    }
                    #expect(inLayers == Set(reached.map(\.slug)), "layers of \(profile)")

                    let feed = try String(contentsOf: folder.appendingPathComponent("feed.xml"), encoding: .utf8)
                    let guids = feed.components(separatedBy: "<guid isPermaLink=\"true\">").dropFirst().map { String($0.prefix { $0 != "<" }) }
                    let expected = active.prefix(settings.feedItems).map { settings.baseURL + "n/\($0.slug)/" }
                    #expect(guids == Array(expected), "feed of \(profile)")
                    checked += 1
                }
            }
        }
        #expect(checked == org.profiles.count)
        #expect(checked > 300)
    }

    @Test("the sample site covers every case of SPEC §7")
    func sampleCoversEveryCase() throws {
        var diagnostics = Diagnostics()
        let site = try #require(SiteLoader(paths: SitePaths(site: RentaiCommand.repository.path)).load(diagnostics: &diagnostics))
        let notices = site.notices
        let now = TestTime.parse(Self.now)
        #expect(site.organisation.blocks.count == 9)
        #expect(site.organisation.councils.count == 47)
        #expect(site.organisation.block("kanto-shinetsu")?.councilIDs.count == 10)
        #expect(site.organisation.roles.map(\.id) == ["member", "officer", "contact"])
        #expect(notices.count >= 12)
        #expect(notices.contains { $0.targeting.isEveryone })
        #expect(notices.contains { $0.targeting.blocks != nil && $0.deadline != nil && $0.event != nil })
        #expect(notices.contains { $0.targeting.roles == ["officer"] && $0.deadline != nil })
        #expect(notices.contains { $0.targeting.unions != nil })
        #expect(notices.contains { $0.pinned })
        #expect(notices.contains { ($0.expires?.instant ?? .distantFuture) <= now })
        #expect(notices.contains { $0.date.instant > now })
        #expect(notices.contains { $0.draft })
        #expect(notices.contains { !$0.attachments.isEmpty })
        #expect(notices.contains { $0.event?.isAllDay == true })
        #expect(notices.contains { !$0.tags.isEmpty && $0.from != nil })
    }
}

enum TestTime {
    static func parse(_ text: String) -> Date {
        TimeParser.parse(text, in: TimeZone(identifier: "Asia/Tokyo")!)!.instant
    }
}

struct TestFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
