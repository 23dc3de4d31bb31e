/// A mail address, with the display name it may carry: `情報労連 <noreply@example.org>`.
public struct MailAddress: Sendable, Hashable {
    public var name: String?
    /// The addr-spec, `local@domain`.
    public var address: String

    /// Reads `Name <local@domain>` or a bare `local@domain`; nil when it is not a plain,
    /// deliverable address (RFC 5322 dot-atoms, a domain with a dot).
    public static func parse(_ text: String) -> MailAddress? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if trimmed.hasSuffix(">"), let open = trimmed.lastIndex(of: "<") {
            let address = String(trimmed[trimmed.index(after: open)..<trimmed.index(before: trimmed.endIndex)])
            var name = trimmed[..<open].trimmingCharacters(in: .whitespaces)
            if name.hasPrefix("\""), name.hasSuffix("\""), name.count >= 2 { name = String(name.dropFirst().dropLast()) }
            guard isValid(address) else { return nil }
            return MailAddress(name: name.isEmpty ? nil : name, address: address)
        }
        guard isValid(trimmed) else { return nil }
        return MailAddress(name: nil, address: trimmed)
    }

    public static func isValid(_ address: String) -> Bool {
        let bytes = Array(address.utf8)
        guard bytes.count <= 254, let at = bytes.lastIndex(of: UInt8(ascii: "@")),
              bytes.firstIndex(of: UInt8(ascii: "@")) == at, at > 0, at <= 64 else { return false }
        // The local part: dot-separated runs of atext (RFC 5322 §3.2.3).
        var previousDot = true
        for byte in bytes[..<at] {
            if byte == UInt8(ascii: ".") {
                if previousDot { return false }
                previousDot = true
            } else {
                guard byte < 128, atext[Int(byte)] else { return false }
                previousDot = false
            }
        }
        if previousDot { return false }
        // The domain: at least two labels of letters, digits and inner hyphens.
        var labels = 0, length = 0, previous: UInt8 = UInt8(ascii: ".")
        for byte in bytes[(at + 1)...] {
            if byte == UInt8(ascii: ".") {
                guard length > 0, previous != UInt8(ascii: "-") else { return false }
                labels += 1
                length = 0
            } else {
                let isLetterOrDigit = (byte >= 0x30 && byte <= 0x39) || (byte | 0x20 >= 0x61 && byte | 0x20 <= 0x7A)
                guard isLetterOrDigit || (byte == UInt8(ascii: "-") && length > 0) else { return false }
                length += 1
                guard length <= 63 else { return false }
            }
            previous = byte
        }
        guard length > 0, previous != UInt8(ascii: "-") else { return false }
        return labels + 1 >= 2
    }

    /// Which ASCII bytes are atext.
    private static let atext: [Bool] = (0..<128).map { byte in
        let scalar = Unicode.Scalar(UInt8(byte))
        return ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar)
            || "!#$%&'*+/=?^_`{|}~-".unicodeScalars.contains(scalar)
    }
}

import Foundation
