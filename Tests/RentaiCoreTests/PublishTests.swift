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

    @Test("deploy: non-pages first, then pages, then removals; a dry run compares contents")
    func passes() throws {
        let rsync = try #require(Deploy("rsync host:/srv/www/portal"))
        let passes = rsync.passes(from: URL(fileURLWithPath: "/site/public"))
        #expect(passes.count == 3)
        #expect(passes[0].contains("*.html") && !passes[0].contains("--delete"))
        #expect(!passes[1].contains("*.html") && !passes[1].contains("--delete"))
        #expect(passes[2].contains("--delete"))
        #expect(passes.allSatisfy { $0.suffix(2) == ["/site/public/", "host:/srv/www/portal/"] })
        #expect(rsync.passes(from: URL(fileURLWithPath: "/site/public"), dryRun: true).allSatisfy { $0.contains("--checksum") && $0.contains("--dry-run") })
        let rclone = try #require(Deploy("rclone cdn:bucket/portal"))
        #expect(rclone.passes(from: URL(fileURLWithPath: "/p")).map { $0[3] } == ["copy", "copy", "sync"])
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
