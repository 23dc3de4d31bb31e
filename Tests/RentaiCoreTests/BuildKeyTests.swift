import Crypto
import Foundation
import Testing
@testable import RentaiCore

/// Build keys are SHA-256 of their parts, each with its length: buffering the small parts must
/// not change a single key, or every output would be rebuilt (and a key could be wrong).
@Suite("Build keys")
struct BuildKeyTests {
    /// The key of `parts` hashed one by one, as the bytes the contract describes.
    static func reference(_ kind: String, _ parts: [Any]) -> BuildKey {
        var bytes: [UInt8] = []
        func number(_ value: Int) { withUnsafeBytes(of: Int64(value).littleEndian) { bytes += $0 } }
        func text(_ value: String) { number(value.utf8.count); bytes += Array(value.utf8) }
        text(kind)
        for part in parts {
            switch part {
            case let value as String: text(value)
            case let value as Data: number(value.count); bytes += Array(value)
            case let value as Int: number(value)
            case let value as BuildKey:
                withUnsafeBytes(of: value.high.littleEndian) { bytes += $0 }
                withUnsafeBytes(of: value.low.littleEndian) { bytes += $0 }
            default: Issue.record("unexpected part \(part)")
            }
        }
        let digest = Array(SHA256.hash(data: bytes))
        func word(_ offset: Int) -> UInt64 { digest[offset..<(offset + 8)].reduce(0) { $0 << 8 | UInt64($1) } }
        return BuildKey(high: word(0), low: word(8))
    }

    @Test("a key is SHA-256 of its parts with their lengths, however many parts and however large",
          arguments: [3, 5_000, 20_000])
    func sameAsHashingTheParts(count: Int) {
        var parts: [Any] = []
        var hasher = BuildKey.Hasher("calendar")
        for index in 0..<count {
            switch index % 4 {
            case 0:
                let key = BuildKey(high: UInt64(index) &* 0x9E37_79B9_7F4A_7C15, low: UInt64(index))
                hasher.add(key); parts.append(key)
            case 1: hasher.add("東京 \(index)"); parts.append("東京 \(index)")
            case 2:
                // Now and then a part too large for the buffer.
                let data = Data(repeating: UInt8(index % 251), count: index % 50 == 2 ? 10_000 : index % 7)
                hasher.add(data); parts.append(data)
            default: hasher.add(index); parts.append(index)
            }
        }
        #expect(hasher.finalize() == Self.reference("calendar", parts))
    }
}
