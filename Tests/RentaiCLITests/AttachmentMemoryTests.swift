import Foundation
import Testing

/// Issue 12, item 3: an attachment is hashed and copied a piece at a time, so that the memory a
/// build or a check needs does not grow with an attachment's size (a 1 GiB one used to take
/// 1.06 GB even on a rebuild with nothing changed).
@Suite("Attachments are streamed")
struct AttachmentMemoryTests {
    /// Runs the binary (with absolute paths in `arguments`) and returns its exit status and its
    /// own peak resident memory, in bytes. Through a small Python process: `posix_spawn` here
    /// shares this test runner's memory until `exec`, and Linux keeps the highest mark across
    /// `exec`, so a child spawned from a runner of 200 MiB would report at least 200 MiB.
    static func runMeasuringPeak(_ arguments: [String]) throws -> (status: Int32, peak: Int) {
        let script = """
            import os, subprocess, sys
            p = subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            _, status, usage = os.wait4(p.pid, 0)
            print(os.waitstatus_to_exitcode(status), usage.ru_maxrss * 1024)
            """
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script, RentaiCommand.binary.path] + arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        let words = output.split(whereSeparator: \.isWhitespace).compactMap { Int($0) }
        guard process.terminationStatus == 0, words.count == 2 else { throw CocoaError(.executableLoad) }
        return (Int32(words[0]), words[1])
    }

    @Test("a build, a rebuild and a check of a site with a 512 MiB attachment stay far under its size")
    func bigAttachment() throws {
        let folder = try RentaiCommand.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let site = folder.appendingPathComponent("site")
        let notice = site.appendingPathComponent("content/notices/2026/big")
        try FileManager.default.createDirectory(at: notice, withIntermediateDirectories: true)
        for name in ["site.yaml", "org.yaml"] {
            try FileManager.default.copyItem(at: RentaiCommand.repository.appendingPathComponent("content/" + name),
                                             to: site.appendingPathComponent("content/" + name))
        }
        try "---\ntitle: 大きな資料のご案内\ndate: 2026-11-20\n---\n[資料](video.bin)\n"
            .write(to: notice.appendingPathComponent("index.md"), atomically: true, encoding: .utf8)
        // Sparse: 512 MiB to read, none of it on the disk.
        let attachment = notice.appendingPathComponent("video.bin").path
        #expect(FileManager.default.createFile(atPath: attachment, contents: nil))
        #expect(truncate(attachment, 512 << 20) == 0)

        let output = folder.appendingPathComponent("public").path
        for command in [["build"], ["build"], ["check"]] {
            var arguments = command + ["--site", site.path, "--now", "2026-11-26 12:00"]
            if command == ["build"] { arguments += ["--output", output] }
            let (status, peak) = try Self.runMeasuringPeak(arguments)
            #expect(status == 0, "\(command)")
            #expect(peak < 200 << 20, "\(command): \(peak >> 20) MiB at its peak")
        }
        let copied = try FileManager.default.attributesOfItem(atPath: output + "/n/2026/big/video.bin")[.size] as? Int
        #expect(copied == 512 << 20)
    }
}
