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
        #expect(result.stderr.contains("site/content/notices/seminar.md:5:8: error: unknown union 'kdi'; did you mean 'kddi'?"))
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

    @Test("help explains each command with an example")
    func help() throws {
        for arguments in [["--help"], ["help", "build"], ["help", "check"]] {
            let result = try RentaiCommand.run(arguments)
            #expect(result.status == 0)
            #expect(result.stdout.contains("rentai "))
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
