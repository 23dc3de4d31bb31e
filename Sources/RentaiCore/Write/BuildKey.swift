import Crypto
import Foundation

/// A fingerprint of everything an output file is made from: the sources of the notices it
/// shows, the templates, the site's settings, the time where the file depends on it. Two builds
/// that give a file the same key give it the same bytes, so an incremental build renders only
/// the files whose key changed (issue 5: keyed by content hashes of inputs and templates).
public struct BuildKey: Hashable, Sendable, CustomStringConvertible {
    let high: UInt64
    let low: UInt64

    /// No key: matches nothing a build computes.
    public static let none = BuildKey(high: 0, low: 0)

    public var description: String { String(format: "%016llx%016llx", high, low) }

    init(high: UInt64, low: UInt64) {
        self.high = high
        self.low = low
    }

    /// Reads the 32 hexadecimal digits `description` writes.
    init?(hex: String) {
        var utf8 = Array(hex.utf8)
        guard let key = utf8.withUnsafeMutableBufferPointer({ BuildKey(hexBytes: UnsafeBufferPointer($0)) }) else { return nil }
        self = key
    }

    /// Reads the 32 hexadecimal digits `description` writes, as bytes.
    init?(hexBytes: UnsafeBufferPointer<UInt8>) {
        guard hexBytes.count == 32 else { return nil }
        func word(_ range: Range<Int>) -> UInt64? {
            var value: UInt64 = 0
            for index in range {
                let byte = hexBytes[index]
                let digit: UInt8
                switch byte {
                case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
                case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
                default: return nil
                }
                value = value << 4 | UInt64(digit)
            }
            return value
        }
        guard let high = word(0..<16), let low = word(16..<32) else { return nil }
        self.init(high: high, low: low)
    }

    /// Builds a key from parts. Each part is written with its length, so that ("ab", "c") and
    /// ("a", "bc") give different keys. Small parts gather in a buffer and go to SHA-256
    /// together: a profile's calendar key has thousands of parts, and one SHA-256 update per part
    /// cost more than the hashing itself. The bytes hashed, and so the keys, are the same.
    struct Hasher {
        private var sha = SHA256()
        private var pending: [UInt8] = []

        init(_ kind: String) {
            pending.reserveCapacity(512)
            add(kind)
        }

        mutating func add(_ text: String) {
            add(text.utf8.count)
            pending.append(contentsOf: text.utf8)
            flushIfLarge()
        }

        mutating func add(_ data: Data) {
            add(data.count)
            if data.count > 4096 {
                flush()
                sha.update(data: data)
            } else {
                pending.append(contentsOf: data)
                flushIfLarge()
            }
        }

        /// Raw bytes, without their length: for a file fed a piece at a time, whose name (added
        /// before) and whole sequence of bytes make it what it is.
        mutating func add(bytes: UnsafeRawBufferPointer) {
            flush()
            sha.update(bufferPointer: bytes)
        }

        mutating func add(_ number: Int) {
            withUnsafeBytes(of: Int64(number).littleEndian) { pending.append(contentsOf: $0) }
        }

        mutating func add(_ flag: Bool) { add(flag ? 1 : 0) }

        mutating func add(_ date: Date) { add(Int(date.timeIntervalSince1970.rounded(.down))) }

        mutating func add(_ key: BuildKey) {
            withUnsafeBytes(of: key.high.littleEndian) { pending.append(contentsOf: $0) }
            withUnsafeBytes(of: key.low.littleEndian) { pending.append(contentsOf: $0) }
            flushIfLarge()
        }

        private mutating func flushIfLarge() {
            if pending.count >= 1 << 16 { flush() }
        }

        private mutating func flush() {
            pending.withUnsafeBytes { sha.update(bufferPointer: $0) }
            pending.removeAll(keepingCapacity: true)
        }

        func finalize() -> BuildKey {
            var sha = self.sha
            pending.withUnsafeBytes { sha.update(bufferPointer: $0) }
            let digest = Array(sha.finalize())
            func word(_ offset: Int) -> UInt64 { digest[offset..<(offset + 8)].reduce(0) { $0 << 8 | UInt64($1) } }
            return BuildKey(high: word(0), low: word(8))
        }
    }

    /// The key of some bytes as a whole: a notice's source, an attachment, an asset.
    static func of(_ kind: String, _ data: Data) -> BuildKey {
        var hasher = Hasher(kind)
        hasher.add(data)
        return hasher.finalize()
    }
}
