import Foundation
import Testing

@Suite("The rentai command: exit statuses and messages (SPEC §5, §8)")
struct CommandLineTests {
    @Test("a wrong command line exits 64", arguments: [
        ["build", "--now", "next week"],
        ["build", "--now", "0001-01-01 00:00"],
        ["digest", "--since", "9999-12-31", "--out", "/tmp/never"],
        ["build", "--no-such-option"],
        ["frobnicate"],
    ])
    func wrongCommandLine(arguments: [String]) throws {
        let result = try RentaiCommand.run(arguments)
        #expect(result.status == 64, "\(result.stderr)")
    }

    @Test("content errors exit 1, printed as path:line:column: error:, and nothing is written")
    func contentErrors() throws {
        let folder = try RentaiCommand.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let content = folder.appendingPathComponent("site/content")
        try FileManager.default.createDirectory(at: content.appendingPathComponent("notices"), withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: RentaiCommand.repository.appendingPathComponent("content/org.yaml"), to: content.appendingPathComponent("org.yaml"))
        try FileManager.default.copyItem(at: RentaiCommand.repository.appendingPathComponent("content/site.yaml"), to: content.appendingPathComponent("site.yaml"))
        try "---\ntitle: セミナー\ndate: 2026-11-20\ncouncel: tokyo\nunion: kdi\n---\n本文\n"
            .write(to: content.appendingPathComponent("notices/seminar.md"), atomically: true, encoding: .utf8)

        let result = try RentaiCommand.run(["build", "--site", "site", "--now", "2026-11-26"], in: folder)
        #expect(result.status == 1)
        #expect(result.stderr.contains("site/content/notices/seminar.md:4:1: error: unknown key 'councel' in the front matter; did you mean 'council'?"))
        #expect(result.stderr.contains("site/content/notices/seminar.md:5:8: error: unknown union 'kdi'; did you mean 'kddi' (KDDI労働組合)?"))
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("site/public").path))

        let check = try RentaiCommand.run(["check", "--site", "site"], in: folder)
        #expect(check.status == 1)
        #expect(check.stderr == result.stderr.components(separatedBy: "rentai: ")[0] + "rentai: 2 errors\n")
    }

    @Test("a --site that does not exist is a content error")
    func missingSite() throws {
        let result = try RentaiCommand.run(["check", "--site", "/no/such/site"])
        #expect(result.status == 1)
        #expect(result.stderr.hasPrefix("/no/such/site:1:1: error: no site here"))
    }

    @Test("commands find the site upwards from the current folder, and reach from the notice's own folder (issue 13 item 15)")
    func siteFoundUpwards() throws {
        let folder = try RentaiCommand.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let site = folder.appendingPathComponent("site")
        let notices = site.appendingPathComponent("content/notices/2026")
        try FileManager.default.createDirectory(at: notices, withIntermediateDirectories: true)
        for name in ["site.yaml", "org.yaml"] {
            try FileManager.default.copyItem(at: RentaiCommand.repository.appendingPathComponent("content/" + name),
                                             to: site.appendingPathComponent("content/" + name))
        }
        try "---\ntitle: t\ndate: 2026-11-20\ncouncel: tokyo\n---\n本文\n".write(to: notices.appendingPathComponent("a.md"), atomically: true, encoding: .utf8)
        let check = try RentaiCommand.run(["check"], in: notices)
        #expect(check.status == 1)
        #expect(check.stderr.hasPrefix("../../../content/notices/2026/a.md:4:1: error: unknown key 'councel'"), "\(check.stderr)")

        try "---\ntitle: t\ndate: 2026-11-20\ncouncil: tokyo\n---\n本文\n".write(to: notices.appendingPathComponent("a.md"), atomically: true, encoding: .utf8)
        let reach = try RentaiCommand.run(["reach", notices.appendingPathComponent("a.md").path, "--now", "2026-11-26"], in: folder.deletingLastPathComponent())
        #expect(reach.status == 0, "\(reach.stderr)")
        #expect(reach.stdout.contains("councils: 1 — 東京都協議会"))
    }

    @Test("help explains each command with an example")
    func help() throws {
        let commands = ["build", "check", "publish", "digest", "notify", "diff", "audit", "links", "codeowners", "new", "reach", "serve"]
        for arguments in [["--help"], []] + commands.map({ ["help", $0] }) {
            let result = try RentaiCommand.run(arguments)
            #expect(result.status == 0)
            let text = result.stdout + result.stderr
            #expect(text.contains("rentai "))
            // Issue 13 item 17: no stray backslash, and no example's comment wrapped onto a line of its own.
            #expect(!text.contains("\\\n"), "\(arguments): a line ends with a backslash")
            let lines = text.components(separatedBy: "\n")
            for (index, line) in lines.enumerated().dropLast() where line.hasPrefix("  rentai ") && line.contains("#") {
                #expect(lines[index + 1].isEmpty || lines[index + 1].hasPrefix("  "), "\(arguments): '\(line)' wraps onto '\(lines[index + 1])'")
            }
        }
    }
}

@Suite("Write errors name the file, the cause and what to do (issue 12, item 6)")
struct WriteErrorTests {
    @Test("an output that cannot be made says where and why, and publishes nothing")
    func outputUnderAFile() throws {
        let folder = try RentaiCommand.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let blocker = folder.appendingPathComponent("not-a-folder")
        try "x".write(to: blocker, atomically: true, encoding: .utf8)
        let result = try RentaiCommand.run(["build", "--site", ".", "--output", blocker.path + "/public", "--now", "2026-11-26 12:00"])
        #expect(result.status == 1)
        #expect(result.stderr.contains(blocker.path), "\(result.stderr)")
        #expect(result.stderr.contains("Not a directory"), "\(result.stderr)")
        #expect(!result.stderr.contains("The operation could not be completed"), "\(result.stderr)")
    }
}

@Suite("The sample site speaks to members (issue 13 items 1 and 10)")
struct SampleContentTests {
    @Test("no sample notice tells members about folders, files or commands")
    func noDeveloperText() throws {
        let notices = RentaiCommand.repository.appendingPathComponent("content/notices")
        let files = FileManager.default.enumerator(at: notices, includingPropertiesForKeys: nil)?
            .compactMap { $0 as? URL }.filter { $0.pathExtension == "md" } ?? []
        #expect(!files.isEmpty)
        for file in files {
            let body = try String(contentsOf: file, encoding: .utf8).components(separatedBy: "\n---\n").dropFirst().joined()
            for word in ["content/", "notices/", ".md", "rentai ", "フォルダ", "yaml"] {
                #expect(!body.contains(word), "\(file.lastPathComponent) tells members about '\(word)'")
            }
        }
    }

    @Test("a weekly digest reminds a week ahead: reminder_window_days defaults to 14")
    func reminderWindowDefault() throws {
        let folder = try RentaiCommand.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let content = folder.appendingPathComponent("content")
        try FileManager.default.createDirectory(at: content.appendingPathComponent("notices"), withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: RentaiCommand.repository.appendingPathComponent("content/org.yaml"), to: content.appendingPathComponent("org.yaml"))
        try "title: t\nbase_url: https://example.org/\ndigest:\n  from: \"t <a@example.org>\"\n"
            .write(to: content.appendingPathComponent("site.yaml"), atomically: true, encoding: .utf8)
        // Due 10 days after the digest: reminded only with the 14-day default.
        try "---\ntitle: 調査のお願い\ndate: 2026-11-01\ndeadline: 2026-12-06\ncouncil: tokyo\n---\n本文\n"
            .write(to: content.appendingPathComponent("notices/a.md"), atomically: true, encoding: .utf8)
        let result = try RentaiCommand.run(["digest", "--since", "2026-11-19 12:00", "--now", "2026-11-26 12:00", "--out", "out"], in: folder)
        #expect(result.status == 0, "\(result.stderr)")
        let text = try String(contentsOf: folder.appendingPathComponent("out/tokyo/ntt/member.txt"), encoding: .utf8)
        #expect(text.contains("調査のお願い"))
        #expect(text.contains("締切や開催が近いもの1件"))
    }
}

@Suite("rentai notify and reach with channels (issue 14)")
struct NotifyCommandTests {
    @Test("reach --list names the channels a notice goes to and those left out")
    func reachLists() throws {
        let result = try RentaiCommand.run(["reach", "content/notices/unions/kddi/2026-11-remote-work-forum.md", "--list", "--now", "2026-11-26 12:00"])
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(lines.contains("channels: 1 — KDDI労組 東京 LINEグループ"))
        #expect(lines.contains("channel tokyo-kddi-line"))
        #expect(lines.contains("not channel federation-ntfy"))
    }

    @Test("without --send, notify writes each message for review; with --send and no address, it names the channel and sends nothing")
    func reviewAndMissingAddress() throws {
        let folder = try RentaiCommand.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let out = folder.appendingPathComponent("out").path
        let review = try RentaiCommand.run(["notify", "--since", "2026-11-19 12:00", "--now", "2026-11-26 12:00", "--out", out])
        #expect(review.status == 0, "\(review.stderr)")
        #expect(review.stdout.hasPrefix("rentai: wrote 7 messages (5 new, 2 reminders) for 4 channels"))
        let first = try String(contentsOfFile: out + "/000001.txt", encoding: .utf8)
        #expect(first.hasPrefix("channel: osaka-ntt-teams\nkey: reminder:2026/11-kinki-aichi-youth-exchange:deadline:7\ntitle: 締切まであと7日: "))
        let send = try RentaiCommand.run(["notify", "--since", "2026-11-19 12:00", "--now", "2026-11-26 12:00", "--out", out, "--send"])
        #expect(send.status == 1)
        #expect(send.stderr.contains("content/channels.yaml:7:5: error: channel 'tokyo-kddi-line' (KDDI労組 東京 LINEグループ): the environment variable RENTAI_CHANNEL_TOKYO_KDDI is not set"))
        #expect(send.stderr.contains("give one with --channels-file"))
        #expect(send.stderr.hasSuffix("nothing was sent\n"))
        #expect(!FileManager.default.fileExists(atPath: out + "/sent.log"))
    }
}
