import Foundation
import Testing
@testable import RentaiCore

/// Layers (SPEC §15): where a notice is filed, which layers a profile reads, and what a profile's
/// own files list once its layers are merged.
@Suite("Layers: what grows with history, written once")
struct LayerTests {
    static let organisation = AudienceTests.organisation

    static func notice(_ slug: String, _ targeting: Targeting = Targeting(), date: String = "2026-11-20 09:00",
                       pinned: Bool = false, expires: String? = nil) -> Notice {
        Notice(slug: slug, source: SourceLocation(path: "\(slug).md"), title: slug, date: SiteTime(instant: TestSite.time(date), isDateOnly: false),
               targeting: targeting, pinned: pinned, expires: expires.map { SiteTime(instant: TestSite.time($0), isDateOnly: false) },
               body: .init(html: "", firstParagraph: ""))
    }

    @Test("a notice is filed in every layer made of one atom of each of its dimensions",
          arguments: [
            (Targeting(), ["all/all/all"]),
            (Targeting(blocks: ["kanto", "kinki"]), ["block-kanto/all/all", "block-kinki/all/all"]),
            (Targeting(blocks: ["kinki"], councils: ["tokyo"]), ["block-kinki/all/all", "council-tokyo/all/all"]),
            (Targeting(councils: ["tokyo", "osaka"], unions: ["kddi"]), ["council-osaka/kddi/all", "council-tokyo/kddi/all"]),
            (Targeting(unions: ["ntt", "kddi"], roles: ["officer", "contact"]),
             ["all/kddi/contact", "all/kddi/officer", "all/ntt/contact", "all/ntt/officer"]),
          ])
    func filed(targeting: Targeting, layers: [String]) {
        #expect(LayerFiling.layers(of: targeting).map(\.path).sorted() == layers)
    }

    @Test("a profile reads its place, union and role, each as itself or everyone: at most 3 × 2 × (1 + its roles) layers")
    func read() {
        let contact = LayerFiling.layers(readBy: Profile(council: "tokyo", union: "kddi", role: "contact"), in: Self.organisation)
        #expect(contact.count == 3 * 2 * (1 + 3))
        #expect(contact.contains(Layer(place: .block("kanto"), union: "kddi", role: "member")))
        let member = LayerFiling.layers(readBy: Profile(council: "osaka", union: "ntt", role: "member"), in: Self.organisation)
        #expect(member.count == 3 * 2 * 2)
        #expect(!member.contains { $0.role == "officer" || $0.union == "kddi" || $0.place == .block("kanto") || $0.place == .council("tokyo") })
    }

    @Test("only layers that hold a notice and that someone reads are kept; each lists its notices newest first")
    func written() {
        let notices = [
            Self.notice("everyone", date: "2026-11-01 09:00"),
            Self.notice("kddi-nagano", Targeting(councils: ["tokyo", "kanagawa"], unions: ["kddi"]), date: "2026-11-03 09:00"),
            Self.notice("later", date: "2026-11-05 09:00"),
        ]
        let filing = LayerFiling(notices: notices, newestFirst: [2, 1, 0], organisation: Self.organisation)
        // KDDI has no members in Kanagawa: nobody reads council-kanagawa/kddi/all.
        #expect(filing.layers.map(\.path) == ["all/all/all", "council-tokyo/kddi/all"])
        #expect(filing.notices == [[2, 0], [1]])
        let tokyoKDDI = Self.organisation.profiles.firstIndex(of: Profile(council: "tokyo", union: "kddi", role: "member"))!
        #expect(filing.readBy[tokyoKDDI] == [0, 1])
        let osakaKDDI = Self.organisation.profiles.firstIndex(of: Profile(council: "osaka", union: "kddi", role: "member"))!
        #expect(filing.readBy[osakaKDDI] == [0])
    }

    @Test("a profile's portal, feed and calendar come from its layers merged: newest first, a notice in two layers once")
    func merged() throws {
        var settings = SiteSettings(title: "t", baseURL: "https://example.org/", pageSize: 2)
        settings.feedItems = 3
        let notices = [
            Self.notice("a-old", date: "2026-10-01 09:00", expires: "2026-11-01 00:00"),
            Self.notice("b-both", Targeting(blocks: ["kanto"], councils: ["tokyo"]), date: "2026-11-10 09:00"),
            Self.notice("c-pinned", date: "2026-11-02 09:00", pinned: true),
            Self.notice("d-kddi", Targeting(unions: ["kddi"]), date: "2026-11-12 09:00"),
            Self.notice("e-all", date: "2026-11-11 09:00"),
        ]
        let now = TestSite.time("2026-11-26 12:00")
        let statuses = notices.map { NoticeStatus(of: $0, now: now, includeDrafts: false) }
        let listings = SiteListings(notices: notices, statuses: statuses, organisation: Self.organisation, settings: settings, now: now)
        let profile = try #require(Self.organisation.profiles.firstIndex(of: Profile(council: "tokyo", union: "kddi", role: "member")))
        let lists = listings.lists(forProfileAt: profile)
        func slugs(_ indexes: [Int]) -> [String] { indexes.map { notices[$0].slug } }
        #expect(slugs(lists.pinned) == ["c-pinned"])
        #expect(slugs(lists.latest) == ["d-kddi", "e-all"])
        #expect(slugs(lists.feed) == ["d-kddi", "e-all", "b-both"])
        let layers = lists.layers.map { listings.filing.layers[$0].path }
        #expect(layers == ["all/all/all", "all/kddi/all", "block-kanto/all/all", "council-tokyo/all/all"])
    }
}
