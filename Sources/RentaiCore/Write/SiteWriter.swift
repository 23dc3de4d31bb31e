import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The write stage. Every file of the site passes through `emit` with the key of what it is
/// made from, and is rendered only when the output does not already hold it:
/// - a **whole** build (no output yet, or no manifest that still describes it) writes every
///   file into a staging folder that replaces the output in one swap;
/// - an **incremental** build renders only the files whose key changed, writes those whose
///   bytes changed into a staging folder, and moves them into the output at the end; every
///   other file keeps its bytes and its modification time (so rsync and CDNs upload only what
///   changed), and files the site no longer has are removed.
/// Either way every rendered file is audited before anything reaches the output, and nothing
/// reaches it when a file fails the audit or a write fails.
final class SiteWriter: @unchecked Sendable {
    let output: URL
    let cache: URL
    let site: BuildKey
    private let previous: OutputManifest?
    private let makeStaging: (URL) throws -> StagingFolder
    /// Returns the leaks in a file about to be written.
    private let audit: (String, [UInt8], [FilePiece]) -> [AuditLeak]

    private let lock = NSLock()
    private var staging: StagingFolder?
    private var keys: [String: BuildKey] = [:]
    private var changed: [String] = []
    private var foundLeaks: [AuditLeak] = []
    private var unchangedCount = 0
    private var removed = 0
    /// Whether some file's key differs from the manifest's.
    private var keysChanged = false

    var isIncremental: Bool { previous != nil }

    init(output: URL, cache: URL, site: BuildKey, makeStaging: @escaping (URL) throws -> StagingFolder,
         audit: @escaping (String, [UInt8], [FilePiece]) -> [AuditLeak]) {
        self.output = output
        self.cache = cache
        self.site = site
        self.makeStaging = makeStaging
        self.audit = audit
        previous = OutputManifest.read(for: output, cache: cache, site: site)
    }

    /// Writes the file at `path` unless the output already holds it as `key` makes it.
    func emit(_ path: String, key: BuildKey, render: () throws -> Data) throws {
        try emit(path, key: key, assemble: { RenderedFile(try render()) })
    }

    /// The same, for a file made partly of pieces shared with other files.
    func emit(_ path: String, key: BuildKey, assemble: () throws -> RenderedFile) throws {
        lock.withLock { keys[path] = key }
        if let previous, previous.keys[path] == key {
            lock.withLock { unchangedCount += 1 }
            return
        }
        lock.withLock { keysChanged = true }
        let file = try assemble()
        let data = file.data
        if SiteAudit.FileCheck.reads(path) {
            let leaks = audit(path, data, file.pieces)
            if !leaks.isEmpty { lock.withLock { foundLeaks += leaks } }
        }
        // Made again, yet the same bytes (a body edit leaves the portal's summary as it was):
        // the file on disk stays untouched.
        if previous != nil, Self.holds(output.appendingPathComponent(path).path, data) {
            lock.withLock { unchangedCount += 1 }
            return
        }
        if previous == nil {
            try stagingFolder().write(data, to: path)
            lock.withLock { changed.append(path) }
        } else {
            // A changed file waits beside the others under a number, not in a copy of its
            // folders: making and removing thousands of folders per rebuild is what a file
            // system charges most for.
            let number = lock.withLock { () -> Int in
                changed.append(path)
                return changed.count
            }
            try stagingFolder().write(data, to: Self.waitingName(number))
        }
    }

    func emit(_ path: String, key: BuildKey, text: () -> String) throws {
        try emit(path, key: key) { Data(text().utf8) }
    }

    /// Copies a file the officers or the site gave (attachments, assets) as is.
    func emit(_ path: String, key: BuildKey, copying source: URL) throws {
        try emit(path, key: key) { try Data(contentsOf: source) }
    }

    var leaks: [AuditLeak] { lock.withLock { SiteAudit.settled(foundLeaks) } }
    var writtenCount: Int { lock.withLock { changed.count } }
    var unchanged: Int { lock.withLock { unchangedCount } }
    var removedCount: Int { lock.withLock { removed } }

    /// Puts what was written in place of the output, and records the new manifest.
    func publish() throws {
        if previous == nil {
            let staging = try stagingFolder()
            try staging.publish()
        } else {
            try applyChanges()
        }
        guard let marker = OutputManifest.markerIdentity(of: output) else { return }
        let manifest = OutputManifest(marker: marker, site: site, keys: lock.withLock { keys })
        // Every key met its match and nothing is missing: the manifest is the same.
        let same = !lock.withLock({ keysChanged }) && previous?.keys.count == manifest.keys.count && previous?.marker == manifest.marker
        if !same {
            try manifest.write(for: output, cache: cache)
        }
    }

    /// Leaves the output as it was.
    func discard() {
        lock.withLock { staging }?.discard()
    }

    private func stagingFolder() throws -> StagingFolder {
        try lock.withLock {
            if let staging { return staging }
            let made = try makeStaging(output)
            staging = made
            return made
        }
    }

    /// Removes the files this build did not make, then moves each changed file into the output.
    /// The manifest is forgotten first: a build killed half-way leaves an output that the next
    /// build rebuilds whole, never one it trusts wrongly.
    private func applyChanges() throws {
        guard let previous else { return }
        let keys = lock.withLock { self.keys }
        let changed = lock.withLock { self.changed }.enumerated().map { (path: $0.element, waiting: Self.waitingName($0.offset + 1)) }
            .sorted { $0.path < $1.path }
        let gone = previous.keys.keys.filter { keys[$0] == nil }.sorted()
        guard !changed.isEmpty || !gone.isEmpty else {
            discard()
            return
        }
        OutputManifest.forget(output, cache: cache)
        // Removals first: a file may take the place of a folder the site no longer has.
        var emptied = Set<String>()
        for path in gone {
            if unlink(output.appendingPathComponent(path).path) == 0 { lock.withLock { removed += 1 } }
            var parts = path.split(separator: "/").dropLast()
            while !parts.isEmpty {
                emptied.insert(parts.joined(separator: "/"))
                parts = parts.dropLast()
            }
        }
        // Deepest first; rmdir leaves a folder that still holds something.
        for folder in emptied.sorted(by: { $0.count > $1.count }) {
            rmdir(output.appendingPathComponent(folder).path)
        }
        if let staging = lock.withLock({ staging }) {
            var folders = Set<String>()
            for (path, waiting) in changed {
                let target = output.appendingPathComponent(path)
                let folder = target.deletingLastPathComponent().path
                if folders.insert(folder).inserted {
                    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
                }
                guard rename(staging.url.appendingPathComponent(waiting).path, target.path) == 0 else {
                    throw PlainFile.WriteError(path: target.path, code: errno)
                }
            }
            staging.discard()
        }
    }

    /// Where the `number`th changed file of an incremental build waits in the staging folder.
    private static func waitingName(_ number: Int) -> String { "changed-\(number)" }

    /// Whether the file at `path` holds exactly `data`.
    private static func holds(_ path: String, _ data: [UInt8]) -> Bool {
        var info = stat()
        guard stat(path, &info) == 0, Int(info.st_size) == data.count else { return false }
        return FileManager.default.contents(atPath: path)?.elementsEqual(data) == true
    }
}
