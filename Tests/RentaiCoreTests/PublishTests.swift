import Foundation
import Testing
@testable import RentaiCore

@Suite("rentai publish: schedule, deploy passes, state (SPEC §17; issue 15)")
struct PublishTests {
    let tokyo = TimeZone(identifier: "Asia/Tokyo")!

    @Test("the latest scheduled digest at or before now, daily and weekly", arguments: [
        ("daily 07:00", "2026-11-26 12:00", "2026-11-26 07:00"),
        ("daily 07:00", "2026-11-26 06:59", "2026-11-25 07:00"),
        ("daily 07:00", "2026-11-26 07:00", "2026-11-26 07:00"),
        ("weekly mon 07:00", "2026-11-26 12:00", "2026-11-23 07:00"),   // a Thursday: the Monday before
        ("weekly thu 13:00", "2026-11-26 12:00", "2026-11-19 13:00"),
        ("weekly thu 12:00", "2026-11-26 12:00", "2026-11-26 12:00"),
    ])
    func schedule(text: String, now: String, latest: String) throws {
        let schedule = try #require(DigestSchedule(text))
        #expect(schedule.latest(atOrBefore: TestSite.time(now), in: tokyo) == TestSite.time(latest))
    }

    @Test("schedules and deploy targets that cannot be read are nil", arguments: ["weekly 07:00", "daily 7", "hourly 07:00", "weekly mo 07:00", "daily 24:00"])
    func badSchedule(text: String) {
        #expect(DigestSchedule(text) == nil)
    }

    @Test("deploy: what links nothing first, then notices' pages, then what links them, then removals; a dry run compares contents")
    func passes() throws {
        let rsync = try #require(Deploy("rsync host:/srv/www/portal"))
        let passes = rsync.passes(from: URL(fileURLWithPath: "/site/public"))
        #expect(passes.count == 4)
        // What links nothing, then notices' pages, then what links them, then removals.
        #expect(["*.html", "*.xml", "*.ics", "*.json"].allSatisfy(passes[0].contains) && !passes[0].contains("--delete"))
        #expect(passes[1].contains("/n/***") && !passes[1].contains("--delete"))
        #expect(!passes[2].contains("--exclude *.html") && !passes[2].contains("--delete") && !passes[2].contains("/n/***"))
        #expect(passes[3].contains("--delete"))
        #expect(passes.allSatisfy { $0.suffix(2) == ["/site/public/", "host:/srv/www/portal/"] })
        #expect(rsync.passes(from: URL(fileURLWithPath: "/site/public"), dryRun: true).allSatisfy { $0.contains("--checksum") && $0.contains("--dry-run") })
        let rclone = try #require(Deploy("rclone cdn:bucket/portal"))
        #expect(rclone.passes(from: URL(fileURLWithPath: "/p")).map { $0[3] } == ["copy", "copy", "copy", "sync"])
        #expect(Deploy("scp host:/x") == nil && Deploy("rsync") == nil)
    }

    @Test("site.yaml's publish section is checked like the rest")
    func settingsChecked() throws {
        let site = try TestSite(["content/site.yaml": TestSite.siteYAML + "\npublish:\n  deploy: ftp://x\n  digest: weekly 07:00\n  subscriber: a.csv\n"])
        defer { site.remove() }
        #expect(site.errors() == [
            "content/site.yaml:8:11: error: 'deploy' must be 'rsync <folder or host:path>' or 'rclone <remote:path>', like \"rsync /srv/www/portal/\"",
            "content/site.yaml:9:11: error: 'digest' must be 'daily HH:MM' or 'weekly <mon…sun> HH:MM', like \"weekly mon 07:00\"",
            "content/site.yaml:10:3: error: unknown key 'subscriber' in 'publish'; did you mean 'subscribers'?",
        ])
    }

    @Test("the state is written whole, in the site's zone, keeps itself out of git, and reads back")
    func state() throws {
        let site = try TestSite([:])
        defer { site.remove() }
        #expect(try PublishState.read(site.paths) == nil)
        let state = PublishState(lastPublish: TestSite.time("2026-11-26 12:00"), lastDigest: TestSite.time("2026-11-23 07:00"))
        try state.write(site.paths, zone: tokyo)
        let text = try String(contentsOf: site.root.appendingPathComponent(".rentai-state/state.json"), encoding: .utf8)
        #expect(text.contains("\"last_publish\": \"2026-11-26T12:00:00+09:00\""))
        #expect(try PublishState.read(site.paths) == state)
        #expect(FileManager.default.fileExists(atPath: site.root.appendingPathComponent(".rentai-state/.gitignore").path))
    }
}

@Suite("Publish finishes a digest it began before any later one (review of issue 15)")
struct PendingDigestTests {
    @Test("a digest refused halfway is finished for its own window the next day, then the next one goes out")
    func pendingFirst() throws {
        let members = "email,name,council,union,role\na@example.org,A,tokyo,ntt,member\nb@example.org,B,osaka,kddi,member\n"
        func siteYAML(_ sendmail: String) -> String {
            TestSite.siteYAML + "\ndigest:\n  from: \"t <t@example.org>\"\n  sendmail: \"\(sendmail)\"\npublish:\n  digest: daily 07:00\n  subscribers: members.csv\n"
        }
        let site = try TestSite([
            "content/site.yaml": siteYAML("cat > /dev/null"),
            "members.csv": members,
            "content/notices/a.md": notice("title: 全員へ\ndate: 2026-11-24 09:00"),
        ])
        defer { site.remove() }
        func publish(_ now: String) throws -> [String] {
            var said: [String] = []
            try PublishRun(PublishOptions(paths: site.paths, now: TestSite.time(now))) { said.append($0) }.run()
            return said
        }
        _ = try publish("2026-11-24 12:00")   // the first publish: records the moment
        // The next day's digest: the mail system refuses the second message.
        let count = site.root.appendingPathComponent("calls").path
        try site.write(Data(siteYAML("echo x >> \(count); [ $(wc -l < \(count)) -lt 2 ] && cat > /dev/null").utf8), to: "content/site.yaml")
        try site.write(Data(notice("title: 二日目\ndate: 2026-11-24 18:00").utf8), to: "content/notices/b.md")
        #expect(throws: PublishFailure.self) { try publish("2026-11-25 12:00") }
        let state = try #require(try PublishState.read(site.paths))
        #expect(state.pendingDigest == TestSite.time("2026-11-25 07:00"))
        // A day later, the mail system works again: the 25th's window is finished first, in its own
        // folder (its sent.log skips the member who had it), then the 26th's goes out.
        try site.write(Data(siteYAML("cat > /dev/null").utf8), to: "content/site.yaml")
        let said = try publish("2026-11-26 12:00")
        #expect(said.contains { $0.hasPrefix("digest for (2026-11-24T12:00:00+09:00, 2026-11-25T07:00:00+09:00]: 1 sent, 1 already sent before") }, "\(said)")
        #expect(said.contains { $0.hasPrefix("digest for (2026-11-25T07:00:00+09:00, 2026-11-26T07:00:00+09:00]") }, "\(said)")
        let after = try #require(try PublishState.read(site.paths))
        #expect(after.pendingDigest == nil && after.lastDigest == TestSite.time("2026-11-26 07:00"))
    }
}

@Suite("diff sees what org.yaml's roles change (review of issue 15)")
struct DiffRolesTests {
    @Test("officers no longer receiving members' notices retarget every notice for members")
    func includesChanged() throws {
        let notices = ["content/notices/a.md": notice("title: 組合員へ\ndate: 2026-11-20\nrole: member")]
        let before = try TestSite(notices)
        var changed = notices
        changed["content/org.yaml"] = TestSite.orgYAML.replacingOccurrences(of: "{ id: officer, name: 役員, includes: [member] }", with: "{ id: officer, name: 役員 }")
        let after = try TestSite(changed)
        defer { before.remove(); after.remove() }
        let changes = SiteDiff(before: try before.load(), after: try after.load(), now: TestSite.time("2026-11-26 12:00")).changes()
        #expect(changes.map(\.slug) == ["a"])
        #expect(changes.first?.kind == .retargeted && (changes.first?.lost.count ?? 0) > 0)
    }
}
