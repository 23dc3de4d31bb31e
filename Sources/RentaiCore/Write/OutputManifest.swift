import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What the last build left in an output folder: every file it made, with the key of what the
/// file was made from. Kept in the site's `.rentai-cache/`, outside the output, one manifest per
/// output folder. It is trusted only for the very folder it describes: the marker file a whole
/// build writes must still be the same file (a folder deleted or replaced by hand gets a whole
/// build again).
struct OutputManifest {
    static let format = "rentai-output-manifest 1"

    /// The identity of the output's marker file (device, inode, modification time).
    var marker: String
    /// What every file depended on (site.yaml, org.yaml, the secret, the program): when it
    /// changes the site is built whole, which also clears whatever else the folder gathered.
    var site: BuildKey
    /// By path inside the output.
    var keys: [String: BuildKey]

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
            var keys: [String: BuildKey] = [:]
            keys.reserveCapacity(bytes.count / 80)
            var start = header.count
            while start < bytes.count {
                var end = start
                while end < bytes.count, bytes[end] != 0x0A { end += 1 }
                // "<32 hex digits> <path>"
                guard end - start > 33, let key = BuildKey(hexBytes: UnsafeBufferPointer(rebasing: bytes[start..<(start + 32)])) else { return nil }
                keys[String(decoding: UnsafeBufferPointer(rebasing: bytes[(start + 33)..<end]), as: UTF8.self)] = key
                start = end + 1
            }
            return OutputManifest(marker: marker, site: site, keys: keys)
        }
    }

    /// Writes the manifest in one rename, so that a half-written one is never read.
    func write(for output: URL, cache: URL) throws {
        try CacheFolder.prepare(cache)
        // Bytes, not Strings: hundreds of thousands of lines.
        var bytes = Array((Self.format + "\nmarker \(marker)\nsite \(site)\n").utf8)
        bytes.reserveCapacity(bytes.count + keys.count * 90)
        let digits = Array("0123456789abcdef".utf8)
        func append(_ word: UInt64) {
            for shift in stride(from: 60, through: 0, by: -4) { bytes.append(digits[Int((word >> UInt64(shift)) & 0xF)]) }
        }
        for (path, key) in keys.sorted(by: { $0.key < $1.key }) {
            append(key.high)
            append(key.low)
            bytes.append(UInt8(ascii: " "))
            bytes.append(contentsOf: path.utf8)
            bytes.append(UInt8(ascii: "\n"))
        }
        try PlainFile.replace(Self.location(of: output, cache: cache).path, with: Data(bytes))
    }

    /// Forgets the output: the next build of it is a whole one. Done before an incremental
    /// build starts changing files, so that a build killed half-way is never trusted.
    static func forget(_ output: URL, cache: URL) {
        unlink(location(of: output, cache: cache).path)
    }
}
