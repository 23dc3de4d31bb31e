import Foundation

/// Header text as RFC 2047 encoded-words, so that Japanese survives every mail server:
/// `=?UTF-8?B?…?=`, each word at most 75 characters and never splitting a character, folded
/// onto continuation lines so that no header line passes 78 characters.
public enum EncodedWord {
    /// The UTF-8 bytes one encoded-word carries: 39 bytes make 52 base64 characters, a word of
    /// 64, so that even `Subject: ` and the first word fit in 76 characters (RFC 2047 §2).
    static let bytesPerWord = 39

    /// Plain printable ASCII is returned as is; anything else becomes encoded-words.
    public static func encode(_ text: String) -> [String] {
        if text.unicodeScalars.allSatisfy({ $0.value >= 0x20 && $0.value < 0x7F }) { return [text] }
        var words: [String] = []
        var chunk: [UInt8] = []
        for character in text {
            let bytes = Array(String(character).utf8)
            if chunk.count + bytes.count > bytesPerWord, !chunk.isEmpty {
                words.append(word(chunk))
                chunk = []
            }
            chunk += bytes
        }
        if !chunk.isEmpty { words.append(word(chunk)) }
        return words
    }

    private static func word(_ bytes: [UInt8]) -> String {
        "=?UTF-8?B?" + Data(bytes).base64EncodedString() + "?="
    }

    /// A whole header field, `Name: value`, folded: words are joined by CRLF and a space when
    /// the line would pass 78 characters.
    public static func field(_ name: String, _ words: [String], separator: String = "\r\n") -> String {
        var lines: [String] = []
        var line = name + ":"
        for word in words {
            if line.count + 1 + word.count > 78, line != name + ":" {
                lines.append(line)
                line = ""
            }
            line += " " + word
        }
        lines.append(line)
        return lines.joined(separator: separator)
    }

    /// A mailbox for From and To: the display name encoded (or quoted when it is ASCII with
    /// specials), then the address in angle brackets.
    public static func mailbox(name: String?, address: String) -> [String] {
        guard let name, !name.isEmpty else { return [address] }
        var words = encode(name)
        if words.count == 1, words[0] == name, name.contains(where: { "()<>[]:;@\\,.\"".contains($0) }) {
            words = ["\"" + name.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""]
        }
        return words + ["<\(address)>"]
    }
}
