extension String {
    /// Escaped for a JSON string: quotes, backslashes and control characters, and the two line
    /// separators JavaScript once read as line ends. Everything else stays as written, so that a
    /// title reads the same in a layer's `index.json` as in a page (and the audit finds it there).
    var jsonEscaped: String {
        var result = ""
        result.reserveCapacity(utf8.count)
        for scalar in unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            case "\u{2028}": result += "\\u2028"
            case "\u{2029}": result += "\\u2029"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    result += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    result.unicodeScalars.append(scalar)
                }
            }
        }
        return result
    }

    /// The JSON string literal of the text, quotes included.
    var jsonLiteral: String { "\"" + jsonEscaped + "\"" }
}
