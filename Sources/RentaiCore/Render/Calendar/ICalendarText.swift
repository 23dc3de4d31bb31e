/// The text rules of RFC 5545: escaping of TEXT values, and content lines folded at 75 octets
/// without cutting a UTF-8 character in two (§3.1, §3.3.11).
enum ICalendarText {
    /// Escapes a TEXT value: backslash, semicolon, comma, and line breaks as `\n`.
    static func escaped(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        var previousWasCR = false
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\\": result += "\\\\"
            case ";": result += "\\;"
            case ",": result += "\\,"
            case "\r": result += "\\n"
            case "\n": if !previousWasCR { result += "\\n" }
            default:
                // Other control characters are not allowed in TEXT.
                if scalar.value >= 0x20 && scalar.value != 0x7F { result.unicodeScalars.append(scalar) }
            }
            previousWasCR = scalar == "\r"
        }
        return result
    }

    /// One content line, folded: at most 75 octets a line, each continuation starting with a
    /// space, ended with CRLF.
    static func line(_ content: String) -> String {
        var output = ""
        var lineOctets = 0
        var limit = 75
        for character in content.unicodeScalars {
            let octets = String(character).utf8.count
            if lineOctets + octets > limit {
                output += "\r\n "
                lineOctets = 0
                limit = 74  // the leading space takes one octet
            }
            output.unicodeScalars.append(character)
            lineOctets += octets
        }
        return output + "\r\n"
    }

    /// `NAME:value` (or `NAME;PARAM=…:value`), folded.
    static func property(_ name: String, _ value: String) -> String {
        line("\(name):\(value)")
    }

    static func text(_ name: String, _ value: String) -> String {
        line("\(name):\(escaped(value))")
    }
}
