import Foundation
import Testing
@testable import RentaiCore

/// Many random sites (random organisation, targeting and spaces), each built readable and
/// private, then checked by a checker written here, apart from the code under test: every
/// profile's own files refer only to published notices that reach it, and together with the
/// layers its `all/` page links they hold exactly those (SPEC §4, §11, §15).
@Suite("Random sites never leak")
struct LeakPropertyTests {
    /// SplitMix64: small, seeded, the same on every machine.
    struct Random {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E3779B97F4A7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58476D1CE4E5B9
            z = (z ^ (z >> 27)) &* 0x94D049BB133111EB
            return z ^ (z >> 31)
        }
        mutating func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }
        mutating func chance(_ percent: Int) -> Bool { below(100) < percent }
        /// Some of the items, at least one, in their order.
        mutating func subset<T>(_ items: [T]) -> [T] {
            var picked = items.indices.map { _ in chance(40) }
            if !picked.contains(true) { picked[below(items.count)] = true }
            return items.indices.filter { picked[$0] }.map { items[$0] }
        }
    }

    struct Org {
        var blocks: [(id: String, councils: [String])]
        var unions: [(id: String, councils: [String])]
        let roles = [("member", [String]()), ("officer", ["member"]), ("contact", ["officer"])]
        var councils: [String] { blocks.flatMap(\.councils) }

        var yaml: String {
            var text = "roles:\n"
            for (id, includes) in roles { text += "  - { id: \(id), name: \(id), includes: [\(includes.joined(separator: ", "))] }\n" }
            text += "blocks:\n"
            for block in blocks {
                text += "  - id: \(block.id)\n    name: \(block.id)\n    councils:\n"
                for council in block.councils { text += "      - { id: \(council), name: \(council)協議会 }\n" }
            }
            text += "unions:\n"
            for union in unions { text += "  - { id: \(union.id), name: \(union.id)労組, councils: [\(union.councils.joined(separator: ", "))] }\n" }
            return text
        }

        /// The profiles, and the rule of SPEC §4 spelt out plainly.
        var profiles: [(council: String, union: String, role: String)] {
            councils.flatMap { council in unions.filter { $0.councils.contains(council) }.flatMap { union in roles.map { (council, union.id, $0.0) } } }
        }

        func received(by role: String) -> Set<String> {
            var result: Set<String> = [role], frontier = [role]
            while let next = frontier.popLast() {
                for included in roles.first(where: { $0.0 == next })!.1 where result.insert(included).inserted { frontier.append(included) }
            }
            return result
        }
    }

    struct GeneratedNotice {
        var slug: String
        var title: String
        var blocks: [String]?, councils: [String]?, unions: [String]?, roles: [String]?
        var published: Bool
        var archived: Bool
        var text: String
    }

    static func generate(seed: UInt64) -> (Org, [GeneratedNotice]) {
        var random = Random(state: seed)
        var blocks: [(String, [String])] = []
        var councilNumber = 0
        for b in 0..<(2 + random.below(2)) {
            var councils: [String] = []
            for _ in 0..<(1 + random.below(3)) { councils.append("c\(councilNumber)"); councilNumber += 1 }
            blocks.append(("b\(b)", councils))
        }
        var org = Org(blocks: blocks.map { (id: $0.0, councils: $0.1) }, unions: [])
        for u in 0..<(2 + random.below(3)) {
            org.unions.append((id: "u\(u)", councils: random.chance(30) ? org.councils : random.subset(org.councils)))
        }
        var notices: [GeneratedNotice] = []
        for number in 0..<(6 + random.below(8)) {
            var notice = GeneratedNotice(slug: "", title: "お知らせ番号\(number)の件名", published: true, archived: false, text: "")
            var folder = "2026/"
            switch random.below(4) {
            case 0:
                let union = org.unions[random.below(org.unions.count)]
                folder = "unions/\(union.id)/"
                if random.chance(40) { notice.councils = [union.councils[random.below(union.councils.count)]] }
            case 1:
                let council = org.councils[random.below(org.councils.count)]
                folder = "councils/\(council)/"
                if random.chance(40) { notice.unions = [org.unions[random.below(org.unions.count)].id] }
            case 2:
                let block = org.blocks[random.below(org.blocks.count)]
                folder = "blocks/\(block.id)/"
                if random.chance(50) { notice.councils = [block.councils[random.below(block.councils.count)]] }
            default:
                if random.chance(40) { notice.blocks = [org.blocks[random.below(org.blocks.count)].id] }
                if random.chance(40) { notice.councils = [org.councils[random.below(org.councils.count)]] }
                if random.chance(40) { notice.unions = [org.unions[random.below(org.unions.count)].id] }
            }
            if random.chance(40) { notice.roles = [["member", "officer", "contact"][random.below(3)]] }
            notice.slug = folder + "n\(number)"
            var front = "title: \(notice.title)\n"
            switch random.below(6) {
            case 0: front += "date: 2026-12-20\n"; notice.published = false
            case 1: front += "date: 2026-11-01\ndraft: true\n"; notice.published = false
            case 2: front += "date: 2026-10-01\nexpires: 2026-11-01\n"; notice.archived = true
            default: front += "date: 2026-11-\(10 + number)\n"
            }
            for (key, ids) in [("block", notice.blocks), ("council", notice.councils), ("union", notice.unions), ("role", notice.roles)] {
                if let ids { front += "\(key): [\(ids.joined(separator: ", "))]\n" }
            }
            notice.text = "---\n\(front)---\n本文 \(number)\n"
            notices.append(notice)
        }
        return (org, notices)
    }

    /// Whom a generated notice reaches, with the space's defaults applied by hand.
    static func reaches(_ notice: GeneratedNotice, _ profile: (council: String, union: String, role: String), in org: Org) -> Bool {
        var councils = notice.councils, unions = notice.unions, blocks = notice.blocks
        let parts = notice.slug.split(separator: "/").map(String.init)
        switch parts[0] {
        case "unions": if unions == nil { unions = [parts[1]] }
        case "councils": if councils == nil && blocks == nil { councils = [parts[1]] }
        case "blocks": if councils == nil && blocks == nil { blocks = [parts[1]] }
        default: break
        }
        if councils != nil || blocks != nil {
            let places = (councils ?? []) + (blocks ?? []).flatMap { id in org.blocks.first { $0.id == id }!.councils }
            if !places.contains(profile.council) { return false }
        }
        if let unions, !unions.contains(profile.union) { return false }
        if let roles = notice.roles, org.received(by: profile.role).isDisjoint(with: roles) { return false }
        return true
    }

    @Test("every random site, readable and private, shows each profile exactly its notices", arguments: Array(UInt64(1)...UInt64(12)))
    func randomSite(seed: UInt64) throws {
        let (org, generated) = Self.generate(seed: seed)
        // A notice that reaches no one is an error by design; keep the others.
        let notices = generated.filter { notice in org.profiles.contains { Self.reaches(notice, $0, in: org) } }
        var files = ["content/org.yaml": org.yaml]
        for notice in notices { files["content/notices/\(notice.slug).md"] = notice.text }
        let site = try TestSite(files)
        defer { site.remove() }

        for secret in [nil, Data("seed-\(seed)".utf8)] {
            let addresses = SiteAddresses(secret: secret)
            let options = BuildOptions(paths: site.paths, now: TestSite.time("2026-11-26 12:00"), secret: secret)
            let result = try SiteBuild.build(options)
            guard case .built = result else { Issue.record("seed \(seed): \(result)"); return }
            for profile in org.profiles {
                let expected = Set(notices.filter { $0.published && Self.reaches($0, profile, in: org) }.map { addresses.noticeID($0.slug) })
                let folder = site.output.appendingPathComponent(addresses.portalFolder(Profile(council: profile.council, union: profile.union, role: profile.role)))
                func referred(in data: Data) -> Set<String> {
                    let text = String(decoding: data, as: UTF8.self)
                    return Set(notices.map { addresses.noticeID($0.slug) }.filter { text.contains("n/\($0)/") })
                }
                var own = Set<String>()
                for file in FolderSnapshot(folder).files.values { own.formUnion(referred(in: file)) }
                // The layers its all/ page links, each read through its index.json.
                var seen = own
                let all = try String(contentsOf: folder.appendingPathComponent("all/index.html"), encoding: .utf8)
                for link in all.components(separatedBy: "href=\"").dropFirst().map({ String($0.prefix { $0 != "\"" }) })
                    where link.contains("/l/") && link.hasSuffix("/index.html") {
                    let index = folder.appendingPathComponent("all/" + link).deletingLastPathComponent().appendingPathComponent("index.json")
                    seen.formUnion(referred(in: try Data(contentsOf: index)))
                }
                let mode = secret == nil ? "readable" : "private"
                let leaked = notices.filter { own.subtracting(expected).contains(addresses.noticeID($0.slug)) }.map(\.slug)
                #expect(leaked.isEmpty, "seed \(seed), \(mode), \(profile): its own files name \(leaked)")
                let names = notices.filter { expected.symmetricDifference(seen).contains(addresses.noticeID($0.slug)) }.map(\.slug)
                #expect(seen == expected, "seed \(seed), \(mode), \(profile): \(names) differ")
            }
        }
    }
}
