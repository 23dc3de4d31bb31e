import Foundation

/// The bytes of what builds remember between runs (`.rentai-cache/`): lengths and values one
/// after the other, little-endian. A cache is read on every build of a site with years of
/// notices; Codable's JSON took longer to read than the rest of a rebuild with nothing changed.
/// Anything unexpected reads as nil, and the cache is then ignored.
struct CacheWriter {
    private(set) var bytes: [UInt8] = []

    mutating func int(_ value: Int64) {
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }

    mutating func int(_ value: Int) { int(Int64(value)) }

    mutating func double(_ value: Double) { int(Int64(bitPattern: value.bitPattern)) }

    mutating func bool(_ value: Bool) { bytes.append(value ? 1 : 0) }

    mutating func string(_ value: String) {
        int(value.utf8.count)
        bytes.append(contentsOf: value.utf8)
    }

    /// A missing value and an empty one differ: -1 stands for missing.
    mutating func string(_ value: String?) {
        guard let value else { return int(-1) }
        string(value)
    }

    mutating func strings(_ values: [String]?) {
        guard let values else { return int(-1) }
        int(values.count)
        for value in values { string(value) }
    }
}

struct CacheReader {
    private let bytes: [UInt8]
    private var position = 0

    init(_ data: Data) { bytes = [UInt8](data) }

    var isAtEnd: Bool { position == bytes.count }

    mutating func int() -> Int64? {
        guard position + 8 <= bytes.count else { return nil }
        var value: UInt64 = 0
        for offset in (0..<8).reversed() { value = value << 8 | UInt64(bytes[position + offset]) }
        position += 8
        return Int64(bitPattern: value)
    }

    mutating func count() -> Int? { int().flatMap { $0 >= -1 && $0 <= Int64(bytes.count) ? Int($0) : nil } }

    mutating func double() -> Double? { int().map { Double(bitPattern: UInt64(bitPattern: $0)) } }

    mutating func bool() -> Bool? {
        guard position < bytes.count else { return nil }
        position += 1
        return bytes[position - 1] != 0
    }

    mutating func string() -> String? {
        guard let length = count(), length >= 0, position + length <= bytes.count else { return nil }
        defer { position += length }
        return String(decoding: bytes[position..<(position + length)], as: UTF8.self)
    }

    /// nil: the bytes are wrong; .some(nil): the value was missing.
    mutating func optionalString() -> String?? {
        guard let length = count() else { return nil }
        if length == -1 { return .some(nil) }
        guard position + length <= bytes.count else { return nil }
        defer { position += length }
        return .some(String(decoding: bytes[position..<(position + length)], as: UTF8.self))
    }

    mutating func strings() -> [String]?? {
        guard let count = count() else { return nil }
        if count == -1 { return .some(nil) }
        var values: [String] = []
        values.reserveCapacity(count)
        for _ in 0..<count {
            guard let value = string() else { return nil }
            values.append(value)
        }
        return .some(values)
    }
}
