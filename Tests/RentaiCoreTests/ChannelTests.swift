import Foundation
import Testing
@testable import RentaiCore

/// Channels (SPEC §16; issue 14): how channels.yaml is checked, the firewall, when reminders fall,
/// and the words of a message.
@Suite("Channels: checked, firewalled, timed and worded")
struct ChannelTests {
    static let channels = """
        channels:
          - { id: tokyo-kddi, name: KDDI 東京, council: tokyo, union: kddi, url_env: TOKYO_KDDI }
          - { id: tokyo-all, name: 東京 全組合, council: tokyo, url_env: TOKYO_ALL }
          - { id: officers, name: 役員, role: officer, url_key: officers }
          - { id: everyone, name: 全体, url_key: everyone }
        """

    private func errors(_ channels: String) throws -> [String] {
        let site = try TestSite(["content/channels.yaml": channels])
        defer { site.remove() }
        return site.errors()
    }

    @Test("check reports every problem of channels.yaml at its place, with suggestions by id or by name")
    func checked() throws {
        #expect(try errors("""
            channels:
              - { id: a, name: A, councel: tokyo, url_env: A }
              - { id: a, name: B, council: 東京都協議会, url_env: B }
              - { id: c, name: C, union: kddi, council: kanagawa, url_env: C }
              - { id: d, name: D, url_env: D, url_key: d }
              - { id: e, name: E }
            """) == [
            "content/channels.yaml:2:23: error: unknown key 'councel' in a channel; did you mean 'council'?",
            "content/channels.yaml:3:11: error: duplicate channel id 'a'; ids must be unique among channels",
            "content/channels.yaml:3:32: error: unknown council '東京都協議会' in channel 'a'; did you mean 'tokyo' (東京都協議会)?",
            "content/channels.yaml:4:5: error: channel 'c' reaches no one: no union has members in the places it names with the roles it names",
            "content/channels.yaml:5:44: error: channel 'd' has both 'url_env' and 'url_key'; keep one",
            "content/channels.yaml:6:5: error: channel 'e' says nowhere where its address is: add 'url_env: VARIABLE' (an environment variable) or 'url_key: KEY' (a key of --channels-file); never the URL itself",
        ])
        #expect(try errors(Self.channels) == [])
    }

    @Test("a notice goes only to channels whose every member it reaches")
    func firewall() throws {
        let site = try TestSite([
            "content/channels.yaml": Self.channels,
            "content/notices/a.md": notice("title: KDDI東京\ndate: 2026-11-20\ncouncil: tokyo\nunion: kddi"),
            "content/notices/b.md": notice("title: 東京の役員\ndate: 2026-11-20\ncouncil: tokyo\nrole: officer"),
            "content/notices/c.md": notice("title: 全体\ndate: 2026-11-20"),
        ])
        defer { site.remove() }
        let loaded = try site.load()
        let reach = ChannelReach(channels: loaded.channels, organisation: loaded.organisation)
        func reached(_ slug: String) -> [String] {
            reach.split(loaded.notices.first { $0.slug == slug }!).reached.map { loaded.channels[$0].id }
        }
        #expect(reached("a") == ["tokyo-kddi"])
        // Officers of Tokyo only: the channel of all Tokyo members holds members it is not for.
        #expect(reached("b") == [])
        #expect(reached("c") == ["tokyo-kddi", "tokyo-all", "officers", "everyone"])
    }

    @Test("each reminder falls in exactly one window, whatever the schedule; deadlines and all-day events at 09:00")
    func remindersOnce() throws {
        let site = try TestSite([
            "content/channels.yaml": Self.channels,
            "content/notices/a.md": notice("title: 調査\ndate: 2026-11-01\ndeadline: 2026-12-10"),
            "content/notices/b.md": notice("title: 集会\ndate: 2026-11-01\nevent: { start: 2026-12-15 13:30 }"),
            "content/notices/c.md": notice("title: 終日\ndate: 2026-11-01\nevent: { start: 2026-12-12 }"),
        ])
        defer { site.remove() }
        let loaded = try site.load()
        // Windows of 7 hours from 1 December to 16 December: every reminder once, at its moment.
        var start = TestSite.time("2026-12-01 00:00")
        var seen: [String: Int] = [:]
        while start < TestSite.time("2026-12-16 00:00") {
            let end = start.addingTimeInterval(7 * 3600)
            for message in NotifyPlan(site: loaded, since: start, now: end).messages() where message.kind != .new {
                let key = ChannelMessage.key(message.kind, slug: loaded.notices[message.notice].slug) + " " + loaded.channels[message.channel].id
                seen[key, default: 0] += 1
            }
            start = end
        }
        #expect(seen.values.allSatisfy { $0 == 1 })
        #expect(Set(seen.keys.map { $0.split(separator: " ")[0] }) == [
            "reminder:a:deadline:7", "reminder:a:deadline:1", "reminder:b:event:7", "reminder:b:event:1",
            "reminder:c:event:7", "reminder:c:event:1",
        ])
        let plan = NotifyPlan(site: loaded, since: TestSite.time("2026-12-03 08:59"), now: TestSite.time("2026-12-03 09:00"))
        #expect(plan.messages().map { ChannelMessage.key($0.kind, slug: loaded.notices[$0.notice].slug) }.first == "reminder:a:deadline:7")
        let timed = NotifyPlan(site: loaded, since: TestSite.time("2026-12-08 13:29"), now: TestSite.time("2026-12-08 13:30"))
        #expect(timed.messages().first.map { ChannelMessage.key($0.kind, slug: loaded.notices[$0.notice].slug) } == "reminder:b:event:7")
    }

    @Test("titles say how far off it is; the body fits 1,000 characters, the summary cut with 「…」, the address whole")
    func words() throws {
        let long = String(repeating: "長い要約です。", count: 300)
        let site = try TestSite([
            "content/notices/a.md": notice("title: 調査\ndate: 2026-11-01\nfrom: 本部\ndeadline: 2026-12-10\nsummary: \(long)"),
        ])
        defer { site.remove() }
        let loaded = try site.load()
        let text = ChannelText(settings: loaded.settings)
        let notice = loaded.notices[0]
        #expect(text.title(notice, kind: .deadline(daysBefore: 7)) == "締切まであと7日: 調査")
        #expect(text.title(notice, kind: .deadline(daysBefore: 0)) == "本日締切: 調査")
        #expect(text.title(notice, kind: .event(daysBefore: 1)) == "開催まであと1日: 調査")
        let body = text.body(notice)
        #expect(body.count == 1_000)
        #expect(body.hasPrefix("発信: 本部\n掲載: 2026年11月1日(日)\n締切: 2026年12月10日(木)\n\n長い要約です。"))
        #expect(body.hasSuffix("…\n\nhttps://example.org/portal/n/a/"))
        var english = loaded.settings
        english.language = .en
        #expect(ChannelText(settings: english).title(notice, kind: .event(daysBefore: 0)) == "Today: 調査")
        #expect(ChannelText(settings: english).title(notice, kind: .deadline(daysBefore: 3)) == "Deadline in 3 days: 調査")
    }

    @Test("random sites: every channel posted to lies inside the notice's audience; every channel left out does not",
          arguments: Array(UInt64(1)...UInt64(12)))
    func noLeak(seed: UInt64) throws {
        let (org, generated) = LeakPropertyTests.generate(seed: seed)
        let notices = generated.filter { notice in org.profiles.contains { LeakPropertyTests.reaches(notice, $0, in: org) } }
        // Channels with random keys, written apart from the code under test.
        var random = LeakPropertyTests.Random(state: seed &* 7919)
        var yaml = "channels:\n"
        var channels: [LeakPropertyTests.GeneratedNotice] = []
        for number in 0..<12 {
            var channel = LeakPropertyTests.GeneratedNotice(slug: "2026/ch\(number)", title: "", published: true, archived: false, text: "")
            if random.chance(30) { channel.blocks = [org.blocks[random.below(org.blocks.count)].id] }
            if random.chance(50) { channel.councils = [org.councils[random.below(org.councils.count)]] }
            if random.chance(50) { channel.unions = [org.unions[random.below(org.unions.count)].id] }
            if random.chance(40) { channel.roles = [["member", "officer", "contact"][random.below(3)]] }
            guard org.profiles.contains(where: { LeakPropertyTests.reaches(channel, $0, in: org) }) else { continue }
            yaml += "  - id: ch\(number)\n    name: ch\(number)\n    url_env: CH\(number)\n"
            for (key, ids) in [("block", channel.blocks), ("council", channel.councils), ("union", channel.unions), ("role", channel.roles)] {
                if let ids { yaml += "    \(key): [\(ids.joined(separator: ", "))]\n" }
            }
            channels.append(channel)
        }
        var files = ["content/org.yaml": org.yaml, "content/channels.yaml": yaml]
        for notice in notices { files["content/notices/\(notice.slug).md"] = notice.text }
        let site = try TestSite(files)
        defer { site.remove() }
        let loaded = try site.load()
        let messages = NotifyPlan(site: loaded, since: TestSite.time("2026-10-01 00:00"), now: TestSite.time("2026-11-26 12:00")).messages()
        let posted = Set(messages.filter { $0.kind == .new }.map { "\(loaded.notices[$0.notice].slug) \(loaded.channels[$0.channel].id)" })
        for notice in notices where notice.published && !notice.archived {
            for (number, channel) in channels.enumerated() {
                let id = loaded.channels[number].id
                let members = org.profiles.filter { LeakPropertyTests.reaches(channel, $0, in: org) }
                let inside = members.allSatisfy { LeakPropertyTests.reaches(notice, $0, in: org) }
                #expect(posted.contains("\(notice.slug) \(id)") == inside, "seed \(seed): \(notice.slug) → \(id)")
            }
        }
    }
}

@Suite("Reminders at their own moment (review of issue 14)")
struct ReminderMomentTests {
    @Test("a notice that expires later on the day of its deadline still gets that day's 09:00 reminder; an expired one none")
    func currentAtTheMoment() throws {
        let site = try TestSite([
            "content/site.yaml": TestSite.siteYAML + "\nreminder_days: [0]\n",
            "content/channels.yaml": ChannelTests.channels,
            "content/notices/a.md": notice("title: 当日締切\ndate: 2026-11-01\ndeadline: 2026-12-10\nexpires: 2026-12-10 12:00"),
            "content/notices/b.md": notice("title: 先に終了\ndate: 2026-11-01\ndeadline: 2026-12-10\nexpires: 2026-12-10 08:00"),
        ])
        defer { site.remove() }
        let loaded = try site.load()
        // Run after the notice expired: the 09:00 reminder of a is still due in this window.
        let messages = NotifyPlan(site: loaded, since: TestSite.time("2026-12-10 00:00"), now: TestSite.time("2026-12-10 18:00")).messages()
        let keys = Set(messages.map { ChannelMessage.key($0.kind, slug: loaded.notices[$0.notice].slug) })
        #expect(keys == ["reminder:a:deadline:0"])
    }
}
