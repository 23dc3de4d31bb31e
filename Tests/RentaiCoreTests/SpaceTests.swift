import Foundation
import Testing
@testable import RentaiCore

/// SPEC §11, §14: who may publish to whom is decided by where a notice lives.
@Suite("Spaces: a union's, council's or block's folder bounds its notices")
struct SpaceTests {
    private func errors(_ files: [String: String]) throws -> [String] {
        let site = try TestSite(files)
        defer { site.remove() }
        return site.errors()
    }

    @Test("a union's space: union left out means that union; naming another is an error at the key")
    func unionSpace() throws {
        let site = try TestSite([
            "content/notices/unions/kddi/a.md": notice("title: 組合内のお知らせ\ndate: 2026-11-20"),
            "content/notices/unions/kddi/b.md": notice("title: 組合内・東京\ndate: 2026-11-20\nunion: kddi\ncouncil: tokyo"),
        ])
        defer { site.remove() }
        let loaded = try site.load()
        let reached = AudienceResolver(organisation: loaded.organisation).profiles(reachedBy: loaded.notices[0])
        #expect(Set(reached.map(\.union)) == ["kddi"])
        #expect(reached.count == 6)
        #expect(try errors(["content/notices/unions/kddi/a.md": notice("title: t\ndate: 2026-11-20\nunion: [kddi, ntt]")]) == [
            "content/notices/unions/kddi/a.md:4:15: error: 'ntt' reaches outside this space: a notice in unions/kddi/ is for KDDI労働組合 only; leave 'union' out or write 'kddi'",
        ])
    }

    @Test("a council's space cannot name its block or another council")
    func councilSpace() throws {
        #expect(try errors(["content/notices/councils/tokyo/a.md": notice("title: t\ndate: 2026-11-20\nblock: kanto\ncouncil: [tokyo, osaka]")]) == [
            "content/notices/councils/tokyo/a.md:4:8: error: a notice in councils/tokyo/ cannot name a block: 'kanto' reaches beyond 東京都協議会; leave 'block' out",
            "content/notices/councils/tokyo/a.md:5:18: error: 'osaka' reaches outside this space: a notice in councils/tokyo/ is for 東京都協議会 only; leave 'council' out or write 'tokyo'",
        ])
        let site = try TestSite(["content/notices/councils/tokyo/a.md": notice("title: t\ndate: 2026-11-20\nrole: officer")])
        defer { site.remove() }
        let loaded = try site.load()
        let reached = AudienceResolver(organisation: loaded.organisation).profiles(reachedBy: loaded.notices[0])
        #expect(Set(reached.map(\.council)) == ["tokyo"])
        #expect(Set(reached.map(\.role)) == ["officer", "contact"])
    }

    @Test("a block's space reaches its councils, and may name only those")
    func blockSpace() throws {
        #expect(try errors(["content/notices/blocks/kanto/a.md": notice("title: t\ndate: 2026-11-20\ncouncil: [kanagawa, osaka]")]) == [
            "content/notices/blocks/kanto/a.md:4:21: error: 'osaka' reaches outside this space: it is not a council of 関東ブロック; a notice in blocks/kanto/ may name only its councils",
        ])
        let site = try TestSite(["content/notices/blocks/kanto/a.md": notice("title: t\ndate: 2026-11-20")])
        defer { site.remove() }
        let loaded = try site.load()
        #expect(Set(AudienceResolver(organisation: loaded.organisation).profiles(reachedBy: loaded.notices[0]).map(\.council)) == ["tokyo", "kanagawa"])
    }

    @Test("an unknown id in a space folder's name is an error with a suggestion; a notice beside the folders too")
    func unknownSpace() throws {
        #expect(try errors([
            "content/notices/unions/kdi/a.md": notice("title: t\ndate: 2026-11-20"),
            "content/notices/councils/a.md": notice("title: t\ndate: 2026-11-20"),
        ]) == [
            "content/notices/councils/a.md:1:1: error: a notice in councils/ must be in the folder of its council, like councils/tokyo/a.md",
            "content/notices/unions/kdi/a.md:1:1: error: unknown union 'kdi' in the folder name unions/kdi/; did you mean 'kddi' (KDDI労働組合)?",
        ])
    }

    @Test("rentai codeowners gives each space's folder to its officers, after the office's default")
    func codeOwners() throws {
        let site = try TestSite([:])
        defer { site.remove() }
        let text = CodeOwners(organisation: try site.load().organisation, teamPrefix: "@joho/").text
        let lines = text.split(separator: "\n")
        #expect(lines.contains("*  @joho/federation-office"))
        #expect(lines.contains("/content/notices/unions/kddi/  @joho/union-kddi-officers"))
        #expect(lines.contains("/content/notices/councils/osaka/  @joho/council-osaka-officers"))
        #expect(lines.contains("/content/notices/blocks/kinki/  @joho/block-kinki-officers"))
        #expect(lines.firstIndex(of: "*  @joho/federation-office")! < lines.firstIndex(of: "/content/notices/unions/kddi/  @joho/union-kddi-officers")!)
    }
}
