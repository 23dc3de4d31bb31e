/// The body of a message in base64, 76 characters a line, CRLF line ends (RFC 2045 §6.8):
/// written over bytes, since a digest run encodes hundreds of megabytes.
public enum MIMEBody {
    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

    /// The text's bytes with every `\n` written as CRLF.
    public static func crlf(_ text: String) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count + text.utf8.count / 30)
        for byte in text.utf8 {
            if byte == 0x0A { bytes.append(0x0D) }
            bytes.append(byte)
        }
        return bytes
    }

    /// Appends `bytes` in base64 to `output`, in lines of 76 characters ended with CRLF.
    static func appendBase64(_ bytes: [UInt8], to output: inout [UInt8]) {
        output.reserveCapacity(output.count + bytes.count * 4 / 3 + bytes.count / 38 + 4)
        var column = 0
        var index = 0
        func emit(_ character: UInt8) {
            output.append(character)
            column += 1
            if column == 76 {
                output.append(0x0D)
                output.append(0x0A)
                column = 0
            }
        }
        while index + 3 <= bytes.count {
            let value = UInt32(bytes[index]) << 16 | UInt32(bytes[index + 1]) << 8 | UInt32(bytes[index + 2])
            emit(alphabet[Int(value >> 18 & 63)])
            emit(alphabet[Int(value >> 12 & 63)])
            emit(alphabet[Int(value >> 6 & 63)])
            emit(alphabet[Int(value & 63)])
            index += 3
        }
        let rest = bytes.count - index
        if rest > 0 {
            let value = UInt32(bytes[index]) << 16 | (rest == 2 ? UInt32(bytes[index + 1]) << 8 : 0)
            emit(alphabet[Int(value >> 18 & 63)])
            emit(alphabet[Int(value >> 12 & 63)])
            emit(rest == 2 ? alphabet[Int(value >> 6 & 63)] : UInt8(ascii: "="))
            emit(UInt8(ascii: "="))
        }
        if column > 0 {
            output.append(0x0D)
            output.append(0x0A)
        }
    }
}
