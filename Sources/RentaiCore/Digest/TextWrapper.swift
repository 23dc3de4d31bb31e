import RentaiMarkdown

/// Wraps plain text for a mail program's window, the Japanese way (SPEC §10, §14): at most
/// `width` columns with full-width characters counting 2; a line may break between any two
/// Japanese characters or at a space, but never starts with closing punctuation or a small kana
/// (禁則処理, the last character moves down with it) or a wave dash, never ends with an opening
/// bracket, and never parts a number from its digits or its counter (「10件」, 「12月」);
/// English words and URLs are never broken, and a URL too long for any line stands alone.
public struct TextWrapper: Sendable {
    public var width: Int

    public init(width: Int = 72) {
        self.width = width
    }

    /// Characters that may not start a line: closing punctuation and small kana.
    public static let noLineStart: Set<Character> = Set(
        "、。，．・：；？！）」』】〕〉》］｝" + "ぁぃぅぇぉっゃゅょゎゕゖァィゥェォッャュョヮヵヶㇰㇱㇲㇳㇴㇵㇶㇷㇸㇹㇺㇻㇼㇽㇾㇿ" + "ー々ゝゞヽヾ" + "〜～" + ",.:;?!)]}")
    /// Counters and units that never part from the number before them.
    public static let counters: Set<Character> = Set("件日月年時分秒円%％人名回週歳号")
    /// Characters that may not end a line: opening brackets.
    public static let noLineEnd: Set<Character> = Set("（「『【〔〈《［｛([{")

    /// Columns a string takes: 2 for each wide or full-width character, 1 for any other.
    public static func columns(_ text: some StringProtocol) -> Int {
        text.unicodeScalars.reduce(0) { $0 + (EastAsianWidth.isWide($1) ? 2 : 1) }
    }

    /// A piece that is never split: a word, a URL, one Japanese character, or a space.
    private struct Piece {
        var text: String
        var columns: Int
        var isSpace: Bool
        var isURL: Bool
    }

    /// The wrapped lines of one paragraph. Continuation lines start with `indent`; the first
    /// starts with `firstIndent` (default: the same).
    public func wrap(_ paragraph: String, indent: String = "", firstIndent: String? = nil) -> [String] {
        let pieces = Self.pieces(of: paragraph).flatMap { piece -> [Piece] in
            // A word (not a URL) longer than a line is cut, so that no line overflows.
            guard !piece.isURL, !piece.isSpace, piece.columns > width - Self.columns(indent) else { return [piece] }
            let size = max(1, width - Self.columns(indent))
            var chunks: [Piece] = []
            var rest = Substring(piece.text)
            while !rest.isEmpty {
                let chunk = String(rest.prefix(size))
                rest = rest.dropFirst(size)
                chunks.append(Piece(text: chunk, columns: Self.columns(chunk), isSpace: false, isURL: false))
                if !rest.isEmpty { chunks.append(Piece(text: "", columns: 0, isSpace: true, isURL: false)) }
            }
            return chunks
        }
        var lines: [String] = []
        var current: [Piece] = []
        var prefix = firstIndent ?? indent
        var used = Self.columns(prefix)

        func emit(_ pieces: [Piece], prefix: String) {
            var trimmed = pieces
            while trimmed.last?.isSpace == true { trimmed.removeLast() }
            while trimmed.first?.isSpace == true { trimmed.removeFirst() }
            guard !trimmed.isEmpty else { return }
            // A line holding only a URL is written without indentation, so that it is one whole URL.
            if trimmed.count == 1, trimmed[0].isURL, Self.columns(prefix) + trimmed[0].columns > width {
                lines.append(trimmed[0].text)
            } else {
                lines.append(prefix + trimmed.map(\.text).joined())
            }
        }

        for piece in pieces {
            if piece.isSpace && current.isEmpty { continue }
            if used + piece.columns <= width || current.isEmpty {
                current.append(piece)
                used += piece.columns
                continue
            }
            // The piece does not fit: break at the last place the rules allow.
            var breakAt = current.count
            while breakAt > 0 {
                let next = breakAt < current.count ? current[breakAt] : piece
                let previous = current[breakAt - 1]
                let nextStartsBadly = next.text.first.map(Self.noLineStart.contains) ?? false
                let previousEndsBadly = previous.text.last.map(Self.noLineEnd.contains) ?? false
                if !nextStartsBadly && !previousEndsBadly && Self.mayBreak(between: previous, and: next) { break }
                breakAt -= 1
            }
            if breakAt == 0 { breakAt = current.count }  // no allowed break: overflow rather than loop
            let carried = Array(current[breakAt...])
            emit(Array(current[..<breakAt]), prefix: prefix)
            prefix = indent
            current = carried.drop { $0.isSpace } + (piece.isSpace && carried.isEmpty ? [] : [piece])
            used = Self.columns(prefix) + current.reduce(0) { $0 + $1.columns }
        }
        emit(current, prefix: prefix)
        return lines
    }

    /// Between two words there must be a space to break at; next to a Japanese character one
    /// may always break (the kinsoku rules aside).
    private static func mayBreak(between previous: Piece, and next: Piece) -> Bool {
        if previous.isSpace || next.isSpace { return true }
        // A number stays with its digits and with the counter or unit after it: 「10件」, 「12月」.
        if let last = previous.text.last, last.isNumber, let first = next.text.first, first.isNumber || counters.contains(first) {
            return false
        }
        let previousWide = previous.text.unicodeScalars.last.map(EastAsianWidth.isWide) ?? false
        let nextWide = next.text.unicodeScalars.first.map(EastAsianWidth.isWide) ?? false
        return previousWide || nextWide
    }

    private static func pieces(of text: String) -> [Piece] {
        var pieces: [Piece] = []
        var word = ""
        func flushWord() {
            guard !word.isEmpty else { return }
            let isURL = word.hasPrefix("http://") || word.hasPrefix("https://") || word.hasPrefix("mailto:")
            pieces.append(Piece(text: word, columns: columns(word), isSpace: false, isURL: isURL))
            word = ""
        }
        for character in text {
            if character == " " || character == "\t" || character == "\n" {
                flushWord()
                if pieces.last?.isSpace != true { pieces.append(Piece(text: " ", columns: 1, isSpace: true, isURL: false)) }
            } else if character.unicodeScalars.contains(where: EastAsianWidth.isWide) {
                flushWord()
                pieces.append(Piece(text: String(character), columns: columns(String(character)), isSpace: false, isURL: false))
            } else {
                word.append(character)
            }
        }
        flushWord()
        return pieces
    }
}
