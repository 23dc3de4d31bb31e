/// "Did you mean …?": the known name nearest to a misspelt one, if it is near enough.
public enum Suggestion {
    /// The candidate with the smallest edit distance, when that distance is small for the word's
    /// length (a third of it, at least 1 and at most 3); ties go to the candidate listed first.
    public static func nearest(to word: String, in candidates: some Sequence<String>) -> String? {
        let limit = min(3, max(1, word.count / 3))
        var best: (name: String, distance: Int)?
        for candidate in candidates {
            let distance = editDistance(word.lowercased(), candidate.lowercased())
            if distance <= limit, distance < (best?.distance ?? .max) {
                best = (candidate, distance)
            }
        }
        return best?.name
    }

    /// A message tail: `; did you mean 'tokyo'?`, or nothing.
    public static func didYouMean(_ word: String, in candidates: some Sequence<String>) -> String {
        nearest(to: word, in: candidates).map { "; did you mean '\($0)'?" } ?? ""
    }

    /// A message tail for an unknown id, chosen by id or by name (an officer writes
    /// `council: 東京都協議会` or `東京`): `; did you mean 'tokyo' (東京都協議会)?`, or nothing.
    public static func didYouMean(_ word: String, among known: [(id: String, name: String)]) -> String {
        let match = known.first { $0.name == word }
            ?? known.first { !word.isEmpty && word.unicodeScalars.contains { $0.value > 0x7F } && ($0.name.hasPrefix(word) || word.hasPrefix($0.name)) }
            ?? nearest(to: word, in: known.map(\.id)).flatMap { id in known.first { $0.id == id } }
            ?? nearest(to: word, in: known.map(\.name)).flatMap { name in known.first { $0.name == name } }
        return match.map { "; did you mean '\($0.id)' (\($0.name))?" } ?? ""
    }

    /// Levenshtein distance, counting a swap of two neighbours as one edit.
    static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a.unicodeScalars), b = Array(b.unicodeScalars)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var table = [[Int]](repeating: [Int](repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in 0...a.count { table[i][0] = i }
        for j in 0...b.count { table[0][j] = j }
        for i in 1...a.count {
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                table[i][j] = min(table[i - 1][j] + 1, table[i][j - 1] + 1, table[i - 1][j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    table[i][j] = min(table[i][j], table[i - 2][j - 2] + 1)
                }
            }
        }
        return table[a.count][b.count]
    }
}
