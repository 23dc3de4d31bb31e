import Foundation
import Testing

/// Golden copies of one calendar, one digest and one message of the sample site, as of
/// 2026-11-26 12:00. After a deliberate change (of the code or of the sample content),
/// regenerate with `RENTAI_RECORD=1 swift test --filter SampleGoldenTests` and review the diff.
@Suite("Golden files: a calendar, a digest and a message of the sample site")
struct SampleGoldenTests {
    static let snapshots = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Snapshots")
    static let since = "2026-11-19 12:00"
    static let now = "2026-11-26 12:00"

    private func compare(_ actual: Data, with name: String) throws {
        let golden = Self.snapshots.appendingPathComponent(name)
        if ProcessInfo.processInfo.environment["RENTAI_RECORD"] == "1" {
            try actual.write(to: golden)
            return
        }
        let expected = try Data(contentsOf: golden)
        #expect(actual == expected, "\(name) differs from its golden copy; built:\n\(String(decoding: actual, as: UTF8.self))")
    }

    @Test("the calendar of 東京 / NTT労働組合 / 役員")
    func calendar() throws {
        let folder = try RentaiCommand.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let result = try RentaiCommand.run(["build", "--output", folder.appendingPathComponent("public").path, "--now", Self.now])
        #expect(result.status == 0, "\(result.stderr)")
        try compare(Data(contentsOf: folder.appendingPathComponent("public/p/tokyo/ntt/officer/calendar.ics")), with: "calendar-tokyo-ntt-officer.ics")
    }

    @Test("the digest of 富山 / NTT労働組合 / 役員, and the first message of members.csv")
    func digestAndMessage() throws {
        let folder = try RentaiCommand.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let texts = try RentaiCommand.run(["digest", "--since", Self.since, "--now", Self.now, "--out", folder.appendingPathComponent("texts").path])
        #expect(texts.status == 0, "\(texts.stderr)")
        try compare(Data(contentsOf: folder.appendingPathComponent("texts/toyama/ntt/officer.txt")), with: "digest-toyama-ntt-officer.txt")

        let mails = try RentaiCommand.run(["digest", "--since", Self.since, "--now", Self.now, "--subscribers", "members.csv",
                                           "--out", folder.appendingPathComponent("outbox").path])
        #expect(mails.status == 0, "\(mails.stderr)")
        try compare(Data(contentsOf: folder.appendingPathComponent("outbox/000001.eml")), with: "message-000001.eml")
    }
}
