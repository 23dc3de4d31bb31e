import Foundation
import Testing
@testable import RentaiCore

@Suite("Who receives a notice (SPEC §3, §4)")
struct AudienceTests {
    static let organisation: Organisation = {
        let site = try! TestSite([:])
        defer { site.remove() }
        return try! site.load().organisation
    }()

    private func reached(_ targeting: Targeting) -> [String] {
        let notice = Notice(slug: "n", source: SourceLocation(path: "n.md"), title: "t",
                            date: SiteTime(instant: Date(timeIntervalSince1970: 0), isDateOnly: false),
                            targeting: targeting, body: .init(html: "", firstParagraph: ""))
        return AudienceResolver(organisation: Self.organisation).profiles(reachedBy: notice).map(\.path).sorted()
    }

    @Test("the site has a profile for every union, every council where it has members, and every role")
    func profiles() {
        #expect(Self.organisation.profiles.count == (3 + 2) * 3)
        #expect(!Self.organisation.profiles.contains(Profile(council: "kanagawa", union: "kddi", role: "member")))
    }

    @Test("a notice with none of the four keys reaches every profile")
    func everyone() {
        #expect(reached(Targeting()).count == 15)
    }

    @Test("an officer receives notices addressed to members, and a contact those addressed to officers")
    func includesChain() {
        #expect(reached(Targeting(unions: ["kddi"], roles: ["member"])) == [
            "osaka/kddi/contact", "osaka/kddi/member", "osaka/kddi/officer",
            "tokyo/kddi/contact", "tokyo/kddi/member", "tokyo/kddi/officer",
        ])
        #expect(reached(Targeting(unions: ["kddi"], roles: ["officer"])) == [
            "osaka/kddi/contact", "osaka/kddi/officer", "tokyo/kddi/contact", "tokyo/kddi/officer",
        ])
        #expect(reached(Targeting(unions: ["kddi"], roles: ["contact"])) == ["osaka/kddi/contact", "tokyo/kddi/contact"])
    }

    @Test("block and council together reach the block's councils and the listed one")
    func blockUnionCouncil() {
        let places = Set(reached(Targeting(blocks: ["kanto"], councils: ["osaka"], roles: ["contact"])).map { $0.split(separator: "/")[0] })
        #expect(places == ["tokyo", "kanagawa", "osaka"])
        let kanto = Set(reached(Targeting(blocks: ["kanto"])).map { $0.split(separator: "/")[0] })
        #expect(kanto == ["tokyo", "kanagawa"])
    }

    @Test("the three dimensions combine with AND")
    func andAcrossDimensions() {
        #expect(reached(Targeting(councils: ["kanagawa"], unions: ["kddi"])) == [])
        #expect(reached(Targeting(councils: ["tokyo"], unions: ["kddi"], roles: ["contact"])) == ["tokyo/kddi/contact"])
    }

    @Test("drafts and scheduled notices are unpublished; expired ones archived", arguments: [
        ("2026-11-20 09:00", nil as String?, false, false, NoticeStatus.active),
        ("2026-11-27 09:00", nil, false, false, .unpublished),
        ("2026-11-20 09:00", nil, true, false, .unpublished),
        ("2026-11-20 09:00", nil, true, true, .active),
        ("2026-11-20 09:00", "2026-11-26", false, false, .archived),
        ("2026-11-20 09:00", "2026-11-26 12:00", false, false, .archived),
        ("2026-11-20 09:00", "2026-11-27", false, false, .active),
    ])
    func status(date: String, expires: String?, draft: Bool, drafts: Bool, expected: NoticeStatus) {
        let zone = TimeZone(identifier: "Asia/Tokyo")!
        let notice = Notice(slug: "n", source: SourceLocation(path: "n.md"), title: "t",
                            date: TimeParser.parse(date, in: zone)!, expires: expires.flatMap { TimeParser.parse($0, in: zone) },
                            draft: draft, body: .init(html: "", firstParagraph: ""))
        #expect(NoticeStatus(of: notice, now: TestSite.time("2026-11-26 12:00"), includeDrafts: drafts) == expected)
    }
}
