import Foundation
import Testing

/// Issue 12, item 2: an incremental build killed at any moment leaves the published site entirely
/// as it was or entirely new (SPEC §5: "a reader never sees half a site"). Killed at the first
/// file moved, the old incremental build left a notice page with its new title among thousands of
/// portal, feed and index files with the old one.
///
/// The kills are placed by strace, which sends SIGKILL on entering the Nth call of a chosen
/// system call: at the first, a middle and the last of every kind of call the build makes to the
/// file system (making folders, writing, linking, swapping, removing), before and after the swap.
@Suite("An incremental build killed at any moment leaves the old site or the new one")
struct AtomicPublishTests {
    static let now = "2026-11-26 12:00"
    static let calls = ["openat", "mkdir", "link", "renameat2", "rename", "unlink", "rmdir"]

    /// The bytes of every file under `folder`, by path.
    static func snapshot(_ folder: URL) -> [String: Data] {
        var files: [String: Data] = [:]
        let root = folder.standardizedFileURL.path + "/"
        let enumerator = FileManager.default.enumerator(atPath: root)
        while let path = enumerator?.nextObject() as? String {
            var isFolder: ObjCBool = false
            if FileManager.default.fileExists(atPath: root + path, isDirectory: &isFolder), !isFolder.boolValue {
                files[path] = FileManager.default.contents(atPath: root + path)
            }
        }
        return files
    }

    /// The site's edits between the old site and the new: a notice for everyone added (every
    /// portal, feed and the directory change), one retitled, one removed.
    struct Edit {
        let site: URL
        let added: URL
        let retitled: URL
        let removed: URL
        let retitledText: String
        let removedText: String

        init(site: URL) throws {
            self.site = site
            let notices = site.appendingPathComponent("content/notices/2026")
            let files = try FileManager.default.contentsOfDirectory(atPath: notices.path).filter { $0.hasSuffix(".md") }.sorted()
            #expect(files.count >= 2)
            added = notices.appendingPathComponent("zz-atomic.md")
            retitled = notices.appendingPathComponent(files[0])
            removed = notices.appendingPathComponent(files[1])
            retitledText = try String(contentsOf: retitled, encoding: .utf8)
            removedText = try String(contentsOf: removed, encoding: .utf8)
        }

        func apply() throws {
            try "---\ntitle: 全組合員への緊急のお知らせ\ndate: 2026-11-25 10:00\n---\n本文です。\n".write(to: added, atomically: true, encoding: .utf8)
            let text = retitledText.replacingOccurrences(of: "\ntitle: ", with: "\ntitle: 【訂正】")
            #expect(text != retitledText)
            try text.write(to: retitled, atomically: true, encoding: .utf8)
            try FileManager.default.removeItem(at: removed)
        }

        func undo() throws {
            try? FileManager.default.removeItem(at: added)
            try retitledText.write(to: retitled, atomically: true, encoding: .utf8)
            try removedText.write(to: removed, atomically: true, encoding: .utf8)
        }
    }

    static func build(_ site: URL, _ output: URL, under prefix: [String] = []) throws -> RentaiCommand.Result {
        let arguments = ["build", "--site", site.path, "--output", output.path, "--now", now]
        guard !prefix.isEmpty else { return try RentaiCommand.run(arguments) }
        return try RentaiCommand.run(prefix + [RentaiCommand.binary.path] + arguments, executable: URL(fileURLWithPath: "/usr/bin/strace"))
    }

    @Test("killed at the first, a middle and the last of each kind of file system call")
    func killedAtManyPoints() throws {
        #expect(FileManager.default.isExecutableFile(atPath: "/usr/bin/strace"), "strace is needed: scripts/install-deps --judges installs it")
        let folder = try RentaiCommand.temporaryFolder(inMemory: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let site = folder.appendingPathComponent("site")
        try FileManager.default.createDirectory(at: site, withIntermediateDirectories: true)
        for part in ["content", "templates"] {
            try FileManager.default.copyItem(at: RentaiCommand.repository.appendingPathComponent(part), to: site.appendingPathComponent(part))
        }
        let output = folder.appendingPathComponent("public")
        let edit = try Edit(site: site)

        // The new site, as a build from nothing makes it (in a folder of its own).
        try edit.apply()
        #expect(try Self.build(site, folder.appendingPathComponent("reference")).status == 0)
        let new = Self.snapshot(folder.appendingPathComponent("reference"))
        try edit.undo()
        #expect(try Self.build(site, output).status == 0)
        let old = Self.snapshot(output)
        let differing = Set(old.keys).union(new.keys).filter { old[$0] != new[$0] }
        #expect(differing.count > 100, "the edit changes too little to show a mixed site: \(differing.count) files")

        // How many times the rebuild makes each call, to place kills along the whole of it.
        try edit.apply()
        let log = folder.appendingPathComponent("calls.log")
        #expect(try Self.build(site, output, under: ["-f", "-qq", "-o", log.path, "-e", "trace=" + Self.calls.joined(separator: ",")]).status == 0)
        #expect(Self.snapshot(output) == new)
        let traced = try String(contentsOf: log, encoding: .utf8)
        var counts: [String: Int] = [:]
        for line in traced.split(separator: "\n") {
            for call in Self.calls where line.contains(" \(call)(") { counts[call, default: 0] += 1 }
        }
        #expect(counts["link", default: 0] > 100 && counts["renameat2"] == 1, "\(counts)")

        var outcomes: [String: Int] = [:]
        for call in Self.calls {
            let count = counts[call, default: 0]
            for when in Set([1, max(1, count / 2), max(1, count)]) where count > 0 {
                try edit.undo()
                #expect(try Self.build(site, output).status == 0)
                #expect(Self.snapshot(output) == old, "the old site was not rebuilt before killing at \(call) #\(when)")
                try edit.apply()
                _ = try Self.build(site, output, under: ["-f", "-qq", "-o", "/dev/null", "-e", "trace=\(call)", "-e", "inject=\(call):signal=KILL:when=\(when)"])
                let after = Self.snapshot(output)
                let outcome = after == old ? "old" : after == new ? "new" : "mixed"
                outcomes[outcome, default: 0] += 1
                #expect(outcome != "mixed", "killed at \(call) #\(when): \(Set(after.keys).union(new.keys).filter { after[$0] != new[$0] && after[$0] != old[$0] }.sorted().prefix(5)) are neither old nor new")
                // The next build finishes the job and leaves nothing behind.
                #expect(try Self.build(site, output).status == 0)
                #expect(Self.snapshot(output) == new, "after the kill at \(call) #\(when), the next build did not make the new site")
                let leftovers = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasPrefix(".rentai-") }
                #expect(leftovers.isEmpty, "left behind after the kill at \(call) #\(when): \(leftovers)")
            }
        }
        // Kills fell on both sides of the swap.
        #expect(outcomes["old", default: 0] > 0 && outcomes["new", default: 0] > 0, "\(outcomes)")
    }
}
