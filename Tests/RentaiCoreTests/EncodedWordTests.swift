import Foundation
import Testing
@testable import RentaiCore

@Suite("RFC 2047 headers")
struct EncodedWordTests {
    private func decode(_ words: [String]) -> String {
        let bytes = words.flatMap { word -> [UInt8] in
            let inner = word.dropFirst("=?UTF-8?B?".count).dropLast(2)
            return Array(Data(base64Encoded: String(inner))!)
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    @Test("a long Japanese subject becomes words of at most 75 characters that decode back")
    func longSubject() {
        let subject = "[情報労連 お知らせポータル] 12件のお知らせ (2026年11月26日(木)) 冬季セミナー・役員アンケート・安否確認"
        let words = EncodedWord.encode(subject)
        #expect(words.count > 1)
        #expect(words.allSatisfy { $0.count <= 75 && $0.hasPrefix("=?UTF-8?B?") && $0.hasSuffix("?=") })
        #expect(decode(words) == subject)
    }

    @Test("folded header lines stay within 78 characters")
    func folding() {
        let field = EncodedWord.field("Subject", EncodedWord.encode(String(repeating: "組合員の皆さまへ", count: 12)))
        #expect(field.components(separatedBy: "\r\n").allSatisfy { $0.count <= 78 })
        #expect(field.components(separatedBy: "\r\n").dropFirst().allSatisfy { $0.hasPrefix(" ") })
    }

    @Test("ASCII stays readable; a name with specials is quoted")
    func ascii() {
        #expect(EncodedWord.encode("Weekly digest") == ["Weekly digest"])
        #expect(EncodedWord.mailbox(name: "Yamada, Taro", address: "t@example.org") == ["\"Yamada, Taro\"", "<t@example.org>"])
        #expect(EncodedWord.mailbox(name: nil, address: "t@example.org") == ["t@example.org"])
    }

    @Test("a CR or LF in a name cannot start a new header")
    func noHeaderInjection() {
        let words = EncodedWord.mailbox(name: "Taro\r\nBcc: all@example.org", address: "t@example.org")
        #expect(!words.joined(separator: " ").contains("\n"))
    }
}
