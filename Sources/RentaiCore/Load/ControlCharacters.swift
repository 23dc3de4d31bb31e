extension String {
    /// Without the control characters that no page, feed or calendar may carry (NUL, ESC, the C1
    /// range…); tabs and line breaks stay.
    var withoutControlCharacters: String {
        guard unicodeScalars.contains(where: \.isForbiddenControl) else { return self }
        return String(String.UnicodeScalarView(unicodeScalars.filter { !$0.isForbiddenControl }))
    }

    /// Control characters written visibly (`\u{1B}`), for messages quoting what a user wrote:
    /// a terminal must not obey an escape sequence hidden in a notice or a CSV row.
    public var escapingControlCharacters: String {
        guard unicodeScalars.contains(where: { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) }) else { return self }
        var result = ""
        for scalar in unicodeScalars {
            if scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) {
                result += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
            } else {
                result.unicodeScalars.append(scalar)
            }
        }
        return result
    }
}

extension String {
    /// Without white space (and line breaks) at either end, as `trimmingCharacters(in:
    /// .whitespacesAndNewlines)` gives, without going through NSString for every value read.
    var trimmingWhiteSpace: String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }) else { return "" }
        let last = scalars.lastIndex(where: { !$0.properties.isWhitespace })!
        if first == scalars.startIndex && last == scalars.index(before: scalars.endIndex) { return self }
        return String(scalars[first...last])
    }
}

extension String {
    /// The invisible characters that can make text read as something else: the bidirectional
    /// overrides, embeddings, isolates and marks (U+202E turns 「cod.exe」 around) and zero-width
    /// spaces (U+200B can split a word a reader sees whole). Joiners stay: emoji need them.
    var invisibleFormatting: [Unicode.Scalar] { unicodeScalars.filter(\.isInvisibleFormatting) }

    var withoutInvisibleFormatting: String {
        guard unicodeScalars.contains(where: \.isInvisibleFormatting) else { return self }
        return String(String.UnicodeScalarView(unicodeScalars.filter { !$0.isInvisibleFormatting }))
    }
}

extension Unicode.Scalar {
    var isInvisibleFormatting: Bool {
        switch value {
        case 0x202A...0x202E, 0x2066...0x2069, 0x200E, 0x200F, 0x061C, 0x200B, 0x2060, 0xFEFF, 0x180E: true
        default: false
        }
    }

    var isForbiddenControl: Bool {
        switch value {
        case 0x09, 0x0A, 0x0D: false
        case 0x00...0x1F, 0x7F...0x9F: true
        default: false
        }
    }
}
