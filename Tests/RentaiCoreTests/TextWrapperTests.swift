import Testing
@testable import RentaiCore

@Suite("Wrapping digest text the Japanese way (SPEC §14)")
struct TextWrapperTests {
    let wrapper = TextWrapper(width: 72)

    @Test("full-width characters count 2 columns; no line passes 72")
    func fullWidthColumns() {
        let text = String(repeating: "組合員の皆さまへのお知らせです", count: 10)
        let lines = wrapper.wrap(text)
        #expect(lines.allSatisfy { TextWrapper.columns($0) <= 72 })
        #expect(lines.first.map(TextWrapper.columns) == 72)
        #expect(lines.joined() == text)
    }

    @Test("no line starts with closing punctuation or a small kana", arguments: ["。", "、", "」", "ょ", "ッ", "ー", "）"])
    func kinsoku(character: String) {
        // 35 wide characters fill 70 columns; the 36th is the forbidden one.
        let text = String(repeating: "あ", count: 35) + character + "続きの文章です。"
        let lines = wrapper.wrap(text)
        #expect(lines.count == 2)
        #expect(lines.allSatisfy { !TextWrapper.noLineStart.contains($0.first!) })
        #expect(lines.allSatisfy { TextWrapper.columns($0) <= 72 })
        #expect(lines.joined() == text)
    }

    @Test("an opening bracket does not end a line")
    func openingBracket() {
        let text = String(repeating: "あ", count: 35) + "「会議」のお知らせ"
        let lines = wrapper.wrap(text)
        #expect(lines.allSatisfy { !TextWrapper.noLineEnd.contains($0.last!) })
        #expect(lines[1].hasPrefix("「"))
    }

    @Test("English breaks at spaces, never inside a word")
    func englishWords() {
        let text = (1...30).map { "word\($0)" }.joined(separator: " ")
        let lines = wrapper.wrap(text)
        #expect(lines.allSatisfy { TextWrapper.columns($0) <= 72 })
        #expect(lines.joined(separator: " ") == text)
    }

    @Test("a URL is kept whole, alone on its line when it is too long for one")
    func urlsKeptWhole() {
        let url = "https://portal.example.org/n/2026/" + String(repeating: "very-long-slug-", count: 6) + "end/"
        let lines = wrapper.wrap("詳しくはこちらをご覧ください。\(url) です。", indent: "   ")
        #expect(lines.contains(url))
        #expect(lines.filter { $0 != url }.allSatisfy { TextWrapper.columns($0) <= 72 })
    }

    @Test("continuation lines take the indent")
    func indent() {
        let lines = wrapper.wrap(String(repeating: "あ", count: 50), indent: "   ", firstIndent: "1. ")
        #expect(lines[0].hasPrefix("1. あ"))
        #expect(lines[1].hasPrefix("   あ"))
    }

    @Test("a number never parts from its counter or unit, nor its digits from each other (issue 13 item 3)",
          arguments: ["0件", "1件", "12月", "30日", "13時", "500円", "10%", "１２件"])
    func numberAndCounter(number: String) {
        // Fill the line so that the number's last character falls on the 72nd column or near it.
        for filler in 30...36 {
            let text = String(repeating: "あ", count: filler) + number + "です。"
            let lines = wrapper.wrap(text)
            #expect(lines.joined() == text)
            #expect(lines.contains { $0.contains(number) }, "\(number) was split at \(filler): \(lines)")
        }
    }

    @Test("a time range keeps its wave dash off the start of a line")
    func waveDash() {
        let text = String(repeating: "あ", count: 33) + "13:30〜17:00"
        let lines = wrapper.wrap(text)
        #expect(lines.allSatisfy { !$0.hasPrefix("〜") })
    }
}
