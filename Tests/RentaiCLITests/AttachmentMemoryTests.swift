import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// Issue 12, item 3: an attachment is hashed and copied a piece at a time, so that the memory a
/// build or a check needs does not grow with an attachment's size (a 1 GiB one used to take
/// 1.06 GB even on a rebuild with nothing changed).
@Suite("Attachments are streamed")
struct AttachmentMemoryTests {
    /// Runs the binary (with absolute paths in `arguments`) and returns its exit status and its
    /// own peak resident memory, in bytes, which only `wait4` tells for one child.
    static func runMeasuringPeak(_ arguments: [String]) throws -> (status: Int32, peak: Int) {
        var pid: pid_t = 0
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        let argv = ([RentaiCommand.binary.path] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        guard posix_spawn(&pid, RentaiCommand.binary.path, &actions, nil, argv, environ) == 0 else { throw CocoaError(.executableLoad) }
        var exit: Int32 = 0
        var usage = rusage()
        _ = wait4(pid, &exit, 0, &usage)
        return ((exit >> 8) & 0xFF, Int(usage.ru_maxrss) * 1024)
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
