import Foundation
import Testing
@testable import RentaiCore

/// `rentai digest --send` and its rerun (SPEC §10, §14; issue 12): a rerun of the same window
/// never sends a member a second digest, whatever changed in between, and says whom it skipped.
/// The MTA here is a shell script that records each recipient and refuses one call on purpose;
/// Tests/judges/test_delivery.py does the same through msmtp and a real SMTP server.
@Suite("Digests sent once per member and window")
struct DeliveryTests {
    static let members = """
        email,name,council,union,role
        a@example.org,A,tokyo,ntt,member
        b@example.org,B,tokyo,kddi,member
        c@example.org,C,osaka,ntt,officer
        d@example.org,D,osaka,kddi,member
        e@example.org,E,kanagawa,ntt,member
        """

    /// A site whose every member has a digest, and a sendmail that appends each recipient to
    /// `delivered` and refuses its `refuse`th call of all (0: none).
    static func site(refuse: Int) throws -> TestSite {
        let script = """
            n=$(cat "$(dirname "$0")/calls" 2>/dev/null || echo 0); n=$((n + 1)); echo $n > "$(dirname "$0")/calls"
            [ "$n" -eq \(refuse) ] && { echo "452 4.3.1 mailbox full, try later"; exit 75; }
            grep -m1 '^To:' | sed 's/.*<\\(.*\\)>.*/\\1/' >> "$(dirname "$0")/delivered"
            """
        let site = try TestSite([
            "content/notices/all.md": notice("title: 全員へのお知らせです\ndate: 2026-11-25 13:00"),
            "members.csv": members,
            "mta/sendmail.sh": script,
        ])
        let sendmail = "sh '\(site.root.appendingPathComponent("mta/sendmail.sh").path)'"
        try site.write(Data((TestSite.siteYAML + "\ndigest:\n  from: \"連合 <noreply@example.org>\"\n  sendmail: \"\(sendmail)\"").utf8),
                       to: "content/site.yaml")
        return site
    }

    static func send(_ site: TestSite, since: String = "2026-11-25 12:00") throws -> DigestResult {
        try DigestRun.run(DigestOptions(
            paths: site.paths, since: TestSite.time(since), now: TestSite.time("2026-11-26 12:00"),
            out: site.root.appendingPathComponent("outbox"),
            subscribers: (site.root.appendingPathComponent("members.csv"), "members.csv"), send: true))
    }

    static func delivered(_ site: TestSite) throws -> [String] {
        try String(contentsOf: site.root.appendingPathComponent("mta/delivered"), encoding: .utf8).split(separator: "\n").map(String.init)
    }

    /// What may change between a failed run and its rerun, as a `git pull` or an officer would.
    static let changes: [(String, @Sendable (TestSite) throws -> Void)] = [
        ("a notice for tokyo/kddi published within the window", { site in
            try site.write(Data(notice("title: 東京KDDIの新しいお知らせ\ndate: 2026-11-26 10:00\ncouncil: tokyo\nunion: kddi").utf8),
                           to: "content/notices/new.md")
        }),
        ("a member added at the top of the list", { site in
            try site.write(Data(members.replacingOccurrences(of: "role\n", with: "role\nz@example.org,Z,tokyo,ntt,member\n").utf8),
                           to: "members.csv")
        }),
    ]

    @Test("a rerun after a refusal sends the rest, and no member twice, whatever changed in between",
          arguments: changes.indices)
    func rerun(change: Int) throws {
        let site = try Self.site(refuse: 3)
        defer { site.remove() }
        guard case .deliveryFailed(let first, _, let recipient, let reason) = try Self.send(site) else {
            Issue.record("the third message was not refused")
            return
        }
        #expect(first.sent == 2)
        #expect(reason.contains("mailbox full"))
        let before = try Self.delivered(site)
        #expect(before.count == 2 && !before.contains(recipient))

        try Self.changes[change].1(site)
        guard case .written(let second) = try Self.send(site) else {
            Issue.record("the rerun did not finish")
            return
        }
        let all = try Self.delivered(site)
        #expect(Set(all).count == all.count, "\(Self.changes[change].0): someone got two digests: \(all)")
        #expect(Set(second.alreadySent) == Set(before), "the rerun says whom it skipped")
        let expected = change == 1 ? 6 : 5
        #expect(all.count == expected, "\(all)")
        // sent.log: one line per message delivered, its file and recipient.
        let log = try String(contentsOf: site.root.appendingPathComponent("outbox/sent.log"), encoding: .utf8)
            .split(separator: "\n")
        #expect(log.count == expected)
        #expect(Set(log.map { String($0.split(separator: " ")[1]) }) == Set(all))
    }

    @Test("a folder holds one digest: a run for another window skips its members too, and says why")
    func otherWindow() throws {
        let site = try Self.site(refuse: 0)
        defer { site.remove() }
        guard case .written(let summary) = try Self.send(site) else { Issue.record("the first run failed"); return }
        #expect(summary.sent == 5 && summary.earlierWindow == nil)
        guard case .written(let again) = try Self.send(site, since: "2026-11-24 12:00") else { Issue.record("the second run failed"); return }
        #expect(again.sent == 0 && again.alreadySent.count == 5)
        #expect(again.earlierWindow == "2026-11-25T12:00:00+09:00 2026-11-26T12:00:00+09:00")
        #expect(try Self.delivered(site).count == 5)
    }
}
