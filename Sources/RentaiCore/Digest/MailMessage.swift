import Foundation

/// One digest as an RFC 5322 message (SPEC §10): encoded headers, a plain-text UTF-8 body in
/// base64 so that no line passes 76 characters whatever the text, and CRLF line ends.
public struct MailMessage: Sendable {
    public var from: MailAddress
    public var to: MailAddress
    public var replyTo: MailAddress?
    public var subject: String
    public var date: String
    public var messageID: String
    public var listUnsubscribe: String?
    /// The plain text, its lines ended with CRLF (`MIMEBody.crlf`).
    public var body: [UInt8]

    public var bytes: Data {
        Data(MailMessage.assemble(headers: headerLines.joined(separator: "\r\n"), body: body))
    }

    /// The header fields, each folded, without line ends between fields.
    var headerLines: [String] {
        var headers: [String] = []
        headers.append(EncodedWord.field("From", EncodedWord.mailbox(name: from.name, address: from.address)))
        headers.append(EncodedWord.field("To", EncodedWord.mailbox(name: to.name, address: to.address)))
        if let replyTo { headers.append(EncodedWord.field("Reply-To", EncodedWord.mailbox(name: replyTo.name, address: replyTo.address))) }
        headers.append(EncodedWord.field("Subject", EncodedWord.encode(subject)))
        // Values written as they are never carry a line break: none can start a header.
        headers.append("Date: \(Self.oneLine(date))")
        headers.append("Message-ID: \(Self.oneLine(messageID))")
        if let listUnsubscribe { headers.append("List-Unsubscribe: <\(Self.oneLine(listUnsubscribe))>") }
        headers.append("Auto-Submitted: auto-generated")
        headers.append("MIME-Version: 1.0")
        headers.append("Content-Type: text/plain; charset=UTF-8")
        headers.append("Content-Transfer-Encoding: base64")
        return headers
    }

    static func oneLine(_ value: String) -> String {
        String(String.UnicodeScalarView(value.unicodeScalars.filter { $0.value >= 0x20 && $0.value != 0x7F }))
    }

    /// Headers, the blank line, and the body in base64.
    static func assemble(headers: String, body: [UInt8]) -> [UInt8] {
        var output = Array(headers.utf8)
        output += [0x0D, 0x0A, 0x0D, 0x0A]
        MIMEBody.appendBase64(body, to: &output)
        return output
    }

    /// The address in the `To` field of a written message, for the delivery log.
    static func recipient(in message: Data) -> String? {
        let text = String(decoding: message.prefix(4096), as: UTF8.self)
        guard let headerEnd = text.range(of: "\r\n\r\n") else { return nil }
        let unfolded = text[..<headerEnd.lowerBound].replacingOccurrences(of: "\r\n ", with: " ")
        guard let field = unfolded.split(separator: "\r\n").first(where: { $0.hasPrefix("To:") }) else { return nil }
        if let open = field.lastIndex(of: "<"), let close = field.lastIndex(of: ">"), open < close {
            return String(field[field.index(after: open)..<close])
        }
        return field.dropFirst(3).trimmingCharacters(in: .whitespaces)
    }
}
