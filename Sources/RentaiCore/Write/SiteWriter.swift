import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The write stage. Every file of the site passes through `emit` with the key of what it is
/// made from, and is rendered only when the output does not already hold it:
/// - a **whole** build (no output yet, or no manifest that still describes it) writes every
///   file into a staging folder;
/// - an **incremental** build renders only the files whose key changed (or whose published file
///   was changed by hand since), writes those whose bytes changed into a staging folder, and
///   links every other file of the output there under the same path: each keeps its bytes and
///   its modification time (so rsync and CDNs upload only what changed), and files the site no
///   longer has are simply not there.
/// Either way the staging folder then takes the output's place in one step (a reader sees the
/// old site or the new one, never a mix), every rendered file is audited before, and nothing
/// reaches the output when a file fails the audit or a write fails.
final class SiteWriter: @unchecked Sendable {
    let output: URL
    let cache: URL
    let site: BuildKey
    /// The last build's manifest, when it still describes the output.
    private let manifest: OutputManifest?
    /// Its files that are no longer as it left them: made again whatever their key.
    private let damaged: Set<String>
    private let makeStaging: (URL) throws -> StagingFolder
    /// Returns the leaks in a file about to be written.
    private let audit: (String, [UInt8], [FilePiece]) -> [AuditLeak]

    private let lock = NSLock()
    private var staging: StagingFolder?
    /// Every file of the new site, as the next manifest lists it.
    private var entries: [String: OutputManifest.Entry] = [:]
    /// The output's files that stay as they are.
    private var kept: [String] = []
    private var writtenPaths: [String] = []
    private var foundLeaks: [AuditLeak] = []
    /// Whether some file's key differs from the manifest's.
    private var keysChanged = false
    private var removed = 0

    var isIncremental: Bool { manifest != nil }

    /// `last`: what the last build left in the output (nil for a whole build).
    init(output: URL, cache: URL, site: BuildKey, last: LastOutput?, makeStaging: @escaping (URL) throws -> StagingFolder,
         audit: @escaping (String, [UInt8], [FilePiece]) -> [AuditLeak]) {
        self.output = output
        self.cache = cache
        self.site = site
        self.makeStaging = makeStaging
        self.audit = audit
        manifest = last?.manifest
        damaged = last?.damaged ?? []
        // Even a build with nothing to write clears what a killed one left.
        StagingFolder.removeLeftovers(of: output.standardizedFileURL)
    }

    /// Writes the file at `path` unless the output already holds it as `key` makes it.
    func emit(_ path: String, key: BuildKey, render: () throws -> Data) throws {
        try emit(path, key: key, assemble: { RenderedFile(try render()) })
    }

    func emit(_ path: String, key: BuildKey, text: () -> String) throws {
        try emit(path, key: key) { Data(text().utf8) }
    }

    /// The same, for a file made partly of pieces shared with other files.
    func emit(_ path: String, key: BuildKey, assemble: () throws -> RenderedFile) throws {
        if keeps(path, key: key) { return }
        let file = try assemble()
        let data = file.data
        if SiteAudit.FileCheck.reads(path) {
            let leaks = audit(path, data, file.pieces)
            if !leaks.isEmpty { lock.withLock { foundLeaks += leaks } }
        }
        // Made again, yet the same bytes (a body edit leaves the portal's summary as it was):
        // the file on disk stays as it is.
        if manifest != nil, let stamp = Self.stamp(ifHolding: data, at: output.appendingPathComponent(path).path) {
            keep(path, OutputManifest.Entry(key: key, stamp: stamp))
            return
        }
        let stamp = try stagingFolder().write(data, to: path)
        lock.withLock {
            entries[path] = OutputManifest.Entry(key: key, stamp: stamp)
            writtenPaths.append(path)
        }
    }

    /// Copies a file the officers gave (an attachment) as is, a piece at a time: an attachment may
    /// be gigabytes, and memory must not grow with it. It is not audited (it is the officers' own
    /// file) and is copied only when its key changed.
    func emit(_ path: String, key: BuildKey, copying source: URL) throws {
        if keeps(path, key: key) { return }
        let stamp = try stagingFolder().copy(source, to: path)
        lock.withLock {
            entries[path] = OutputManifest.Entry(key: key, stamp: stamp)
            writtenPaths.append(path)
        }
    }

    /// Whether the output's file at `path` is made from `key` and still as the last build left it.
    private func keeps(_ path: String, key: BuildKey) -> Bool {
        guard let entry = manifest?.entries[path], entry.key == key, !damaged.contains(path) else {
            lock.withLock { keysChanged = true }
            return false
        }
        keep(path, entry)
        return true
    }

    private func keep(_ path: String, _ entry: OutputManifest.Entry) {
        lock.withLock {
            entries[path] = entry
            kept.append(path)
        }
    }

    var leaks: [AuditLeak] { lock.withLock { SiteAudit.settled(foundLeaks) } }
    var writtenCount: Int { lock.withLock { writtenPaths.count } }
    var unchanged: Int { lock.withLock { kept.count } }
    var removedCount: Int { lock.withLock { removed } }
    /// Files of the site that had been changed or removed in the output since the last build, and
    /// were written again.
    var repairedCount: Int { lock.withLock { writtenPaths.filter(damaged.contains).count } }

    /// Puts the new site in place of the output in one step, and records the new manifest.
    func publish() throws {
        let (entries, kept, written) = lock.withLock { (self.entries, self.kept, self.writtenPaths.count) }
        if let manifest {
            let removed = manifest.entries.keys.filter { entries[$0] == nil }.count
            lock.withLock { self.removed = removed }
            guard written > 0 || removed > 0 else {
                // The output already is the new site; only keys may have changed.
                if lock.withLock({ keysChanged }) {
                    try OutputManifest(marker: manifest.marker, site: site, entries: entries).write(for: output, cache: cache)
                }
                return
            }
            try stagingFolder().link(kept, from: output)
        }
        // The manifest is written right after the swap, for the new marker: a build killed
        // between the two leaves a manifest that no longer matches, and the next build is a
        // whole one; killed while removing the old site, an incremental one.
        try stagingFolder().publish { [output, cache, site] in
            guard let marker = OutputManifest.markerIdentity(of: output) else { return }
            try OutputManifest(marker: marker, site: site, entries: entries).write(for: output, cache: cache)
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

    /// The stamp of the file at `path` when it holds exactly `data`; nil otherwise.
    private static func stamp(ifHolding data: [UInt8], at path: String) -> FileStamp? {
        guard let stamp = FileStamp(path: path), stamp.size == Int64(data.count),
              FileManager.default.contents(atPath: path)?.elementsEqual(data) == true else { return nil }
        return stamp
    }
}
