import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What the last build left in an output folder: every file it made, with the key of what the
/// file was made from and the file's size and modification time as written. Kept in the site's
/// `.rentai-cache/`, outside the output, one manifest per output folder. It is trusted only for
/// the very folder it describes: the marker file a build writes must still be the same file (a
/// folder deleted or replaced by hand gets a whole build again), and a file whose size or time
/// differs from the manifest's was changed by hand and is written again.
struct OutputManifest {
    static let format = "rentai-output-manifest 2"

    struct Entry: Equatable {
        var key: BuildKey
        var stamp: FileStamp
    }

    /// The identity of the output's marker file (device, inode, modification time).
    var marker: String
    /// What every file depended on (site.yaml, org.yaml, the secret, the program): when it
    /// changes the site is built whole, which also clears whatever else the folder gathered.
    var site: BuildKey
    /// By path inside the output.
    var entries: [String: Entry]

    /// Where the manifest of `output` lives, in the site's cache folder.
    static func location(of output: URL, cache: URL) -> URL {
        var hasher = BuildKey.Hasher("output")
        hasher.add(output.standardizedFileURL.path)
        return cache.appendingPathComponent("output-\(hasher.finalize().description.prefix(16)).manifest")
    }

    /// The marker's identity, or nil when the output has none (not built by rentai, or gone).
    static func markerIdentity(of output: URL) -> String? {
        var info = stat()
        guard stat(output.appendingPathComponent(StagingFolder.marker).path, &info) == 0 else { return nil }
        return "\(info.st_dev):\(info.st_ino):\(info.st_mtim.tv_sec).\(info.st_mtim.tv_nsec)"
    }

    /// Reads the manifest of `output` when it still describes that folder; nil otherwise.
    /// Read as bytes: a large site's manifest has hundreds of thousands of lines.
    static func read(for output: URL, cache: URL, site: BuildKey) -> OutputManifest? {
        guard let marker = markerIdentity(of: output),
              let data = FileManager.default.contents(atPath: location(of: output, cache: cache).path) else { return nil }
        let header = Array("\(format)\nmarker \(marker)\nsite \(site)\n".utf8)
        return data.withUnsafeBytes { (buffer: UnsafeRawBufferPointer) -> OutputManifest? in
            let bytes = buffer.bindMemory(to: UInt8.self)
            guard bytes.count >= header.count, bytes.prefix(header.count).elementsEqual(header) else { return nil }
            var entries: [String: Entry] = [:]
            entries.reserveCapacity(bytes.count / 100)
            var start = header.count
            // "<32 hex digits> <size> <seconds>.<nanoseconds> <path>"
            func number(_ position: inout Int, until end: Int, stop: UInt8) -> Int64? {
                var value: Int64 = 0, digits = 0
                while position < end, bytes[position] != stop {
                    let digit = Int64(bytes[position]) - 48
                    guard (0...9).contains(digit), digits < 18 else { return nil }
                    value = value * 10 + digit
                    digits += 1
                    position += 1
                }
                guard position < end, digits > 0 else { return nil }
                position += 1
                return value
            }
            while start < bytes.count {
                var end = start
                while end < bytes.count, bytes[end] != 0x0A { end += 1 }
                guard end - start > 33, bytes[start + 32] == UInt8(ascii: " "),
                      let key = BuildKey(hexBytes: UnsafeBufferPointer(rebasing: bytes[start..<(start + 32)])) else { return nil }
                var position = start + 33
                guard let size = number(&position, until: end, stop: UInt8(ascii: " ")),
                      let seconds = number(&position, until: end, stop: UInt8(ascii: ".")),
                      let nanoseconds = number(&position, until: end, stop: UInt8(ascii: " ")),
                      position < end else { return nil }
                let path = String(decoding: UnsafeBufferPointer(rebasing: bytes[position..<end]), as: UTF8.self)
                entries[path] = Entry(key: key, stamp: FileStamp(size: size, seconds: seconds, nanoseconds: nanoseconds))
                start = end + 1
            }
            return OutputManifest(marker: marker, site: site, entries: entries)
        }
    }

    /// The paths whose file in `output` is no longer as the manifest says (changed or removed
    /// since, by hand or by another program), looked at on every core.
    func damaged(in output: URL) -> Set<String> {
        let paths = Array(entries.keys)
        // Paths looked up from the output's folder, not from the root: tens of thousands of them.
        let root = open(output.path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard root >= 0 else { return Set(paths) }
        defer { close(root) }
        let slices = max(1, min(paths.count / 512, ProcessInfo.processInfo.activeProcessorCount * 4))
        let found = Locked<Set<String>>([])
        DispatchQueue.concurrentPerform(iterations: slices) { slice in
            var damaged: [String] = []
            for index in stride(from: slice, to: paths.count, by: slices) {
                let path = paths[index]
                if FileStamp(path, in: root) != entries[path]?.stamp { damaged.append(path) }
            }
            if !damaged.isEmpty { found.withLock { $0.formUnion(damaged) } }
        }
        return found.withLock { $0 }
    }

    /// Writes the manifest in one rename, so that a half-written one is never read.
    func write(for output: URL, cache: URL) throws {
        try CacheFolder.prepare(cache)
        // Bytes, not Strings: hundreds of thousands of lines.
        var bytes = Array((Self.format + "\nmarker \(marker)\nsite \(site)\n").utf8)
        bytes.reserveCapacity(bytes.count + entries.count * 110)
        let digits = Array("0123456789abcdef".utf8)
        func append(_ word: UInt64) {
            for shift in stride(from: 60, through: 0, by: -4) { bytes.append(digits[Int((word >> UInt64(shift)) & 0xF)]) }
        }
        for (path, entry) in entries.sorted(by: { $0.key < $1.key }) {
            append(entry.key.high)
            append(entry.key.low)
            bytes.append(contentsOf: " \(entry.stamp.size) \(entry.stamp.seconds).\(entry.stamp.nanoseconds) ".utf8)
            bytes.append(contentsOf: path.utf8)
            bytes.append(UInt8(ascii: "\n"))
        }
        try PlainFile.replace(Self.location(of: output, cache: cache).path, with: Data(bytes))
    }

    /// Forgets the output: the next build of it is a whole one.
    static func forget(_ output: URL, cache: URL) {
        unlink(location(of: output, cache: cache).path)
    }
}

/// What the last build left in an output folder, as far as it can be trusted: its manifest, when
/// it still describes the folder, and the files that are no longer as it left them.
struct LastOutput {
    var manifest: OutputManifest
    var damaged: Set<String>

    static func read(output: URL, cache: URL, site: BuildKey) -> LastOutput? {
        guard let manifest = OutputManifest.read(for: output, cache: cache, site: site) else { return nil }
        return LastOutput(manifest: manifest, damaged: manifest.damaged(in: output))
    }
}
