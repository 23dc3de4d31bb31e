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
    public var body: String

    public var bytes: Data {
        var headers: [String] = []
        headers.append(EncodedWord.field("From", EncodedWord.mailbox(name: from.name, address: from.address)))
        headers.append(EncodedWord.field("To", EncodedWord.mailbox(name: to.name, address: to.address)))
        if let replyTo { headers.append(EncodedWord.field("Reply-To", EncodedWord.mailbox(name: replyTo.name, address: replyTo.address))) }
        headers.append(EncodedWord.field("Subject", EncodedWord.encode(subject)))
        headers.append("Date: \(date)")
        headers.append("Message-ID: \(messageID)")
        if let listUnsubscribe { headers.append("List-Unsubscribe: <\(listUnsubscribe)>") }
        headers.append("Auto-Submitted: auto-generated")
        headers.append("MIME-Version: 1.0")
        headers.append("Content-Type: text/plain; charset=UTF-8")
        headers.append("Content-Transfer-Encoding: base64")
        let encoded = Data(body.replacingOccurrences(of: "\n", with: "\r\n").utf8)
            .base64EncodedString(options: [.lineLength76Characters, .endLineWithCarriageReturn, .endLineWithLineFeed])
        return Data((headers.joined(separator: "\r\n") + "\r\n\r\n" + encoded + "\r\n").utf8)
    }
}
