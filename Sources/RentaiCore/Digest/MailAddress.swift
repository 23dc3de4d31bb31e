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
        let parts = address.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, parts[0].utf8.count <= 64, address.utf8.count <= 254 else { return false }
        let local = parts[0], domain = parts[1]
        let atext = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$%&'*+/=?^_`{|}~-")
        let localAtoms = local.split(separator: ".", omittingEmptySubsequences: false)
        guard localAtoms.allSatisfy({ !$0.isEmpty && $0.allSatisfy(atext.contains) }) else { return false }
        let labels = domain.split(separator: ".", omittingEmptySubsequences: false)
        guard labels.count >= 2 else { return false }
        let labelCharacters = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-")
        return labels.allSatisfy { label in
            !label.isEmpty && label.count <= 63 && label.allSatisfy(labelCharacters.contains)
                && label.first != "-" && label.last != "-"
        }
    }
}

import Foundation
