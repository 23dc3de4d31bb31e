import Foundation

/// `rentai new` (SPEC §12, §14): a new notice file with today's date, and every key written out
/// as a comment that says in Japanese what it does, so an officer fills in what they need.
public struct NewNotice {
    public let paths: SitePaths
    public let organisation: Organisation
    public let timeZone: TimeZone

    public init(paths: SitePaths, organisation: Organisation, timeZone: TimeZone) {
        self.paths = paths
        self.organisation = organisation
        self.timeZone = timeZone
    }

    public enum Problem: Error, CustomStringConvertible {
        case badSpace(String)
        case badSlug(String)
        case exists(String)

        public var description: String {
            switch self {
            case .badSpace(let text): text
            case .badSlug(let slug): "'\(slug)' cannot be a notice's address; use lower-case letters a–z, digits, '-' and '_'"
            case .exists(let path): "\(path) already exists; choose another --slug"
            }
        }
    }

    /// Writes the notice and returns its path, as the user would type it.
    public func create(title: String, slug: String?, space: String?, draft: Bool, today: Date) throws -> String {
        let folder = try spaceFolder(space)
        let day = Self.day(today, in: timeZone)
        var chosen = slug ?? Self.slug(fromTitle: title)
        if chosen.isEmpty {
            var number = 1
            while FileManager.default.fileExists(atPath: paths.notices.appendingPathComponent(folder + "\(day)-\(number).md").path) { number += 1 }
            chosen = "\(day)-\(number)"
        }
        guard chosen.split(separator: "/").allSatisfy({ NoticeFinder.isValidSlugComponent(String($0)) }) else { throw Problem.badSlug(chosen) }
        let relative = "content/notices/" + folder + chosen + ".md"
        let url = paths.root.appendingPathComponent(relative)
        guard !FileManager.default.fileExists(atPath: url.path) else { throw Problem.exists(paths.display(relative)) }
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text(title: title, date: day, draft: draft, space: folder).utf8).write(to: url)
        return paths.display(relative)
    }

    /// An ASCII title becomes its slug (`Winter Seminar 2026` → `winter-seminar-2026`);
    /// any other title gets none, and the date is used instead.
    static func slug(fromTitle title: String) -> String {
        guard title.unicodeScalars.allSatisfy({ $0.isASCII }) else { return "" }
        var slug = ""
        for character in title.lowercased() {
            if character.isLetter || character.isNumber { slug.append(character) } else if slug.last != "-" { slug.append("-") }
        }
        return slug.trimmingCharacters(in: CharacterSet(charactersIn: "-"))
    }

    private func spaceFolder(_ space: String?) throws -> String {
        guard let space, !space.isEmpty else { return "" }
        let parts = space.split(separator: "/").map(String.init)
        guard parts.count == 2, let kind = Space.folders[parts[0]] else {
            throw Problem.badSpace("--space must be unions/<union>, councils/<council> or blocks/<block>, like unions/ntt")
        }
        let known: [String]
        switch kind {
        case .union: known = organisation.unions.map(\.id)
        case .council: known = organisation.councils.map(\.id)
        case .block: known = organisation.blocks.map(\.id)
        case .role: known = []
        }
        guard known.contains(parts[1]) else {
            throw Problem.badSpace("unknown \(kind.rawValue) '\(parts[1])' in --space\(Suggestion.didYouMean(parts[1], in: known))")
        }
        return "\(parts[0])/\(parts[1])/"
    }

    static func day(_ date: Date, in zone: TimeZone) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let c = calendar.dateComponents([.year, .month, .day], from: date)
        return String(format: "%04d-%02d-%02d", c.year!, c.month!, c.day!)
    }

    private func text(title: String, date: String, draft: Bool, space: String) -> String {
        let quoted = "\"" + title.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
        let spaceNote = space.isEmpty ? "" : "# このお知らせは \(space) のフォルダにあります。対象を書かなければ、その組合・県協・ブロックの全員に届きます。\n"
        return """
            ---
            title: \(quoted)
            date: \(date)                 # 掲載日（時刻も書けます: \(date) 09:00）。未来にすると、その時まで公開されません
            \(spaceNote)# ── 誰に届けるか（書かなければ全員。複数は [a, b] と書きます）──
            # block: kanto-shinetsu          # ブロック支部（その県協すべてに届きます）
            # council: [tokyo, kanagawa]     # 県協（block と合わせると両方に届きます）
            # union: ntt                     # 加盟組合
            # role: officer                  # 役割（officer＝役員。役員は組合員あても受け取ります）
            # ── 表示 ──
            # from: 関東信越ブロック支部        # 発信者
            # summary: 一覧に出る1〜2文の要約です。  # 書かなければ本文の最初の段落
            # tags: [seminar]                # タグ
            # pinned: true                   # 掲載中は一覧の先頭に固定
            # ── 日付 ──
            # deadline: 2026-12-10           # 申込・回答の締切（日付だけならその日の終わりまで）
            # event: { start: 2026-12-15 13:30, end: 2026-12-15 17:00, location: 会場名 }   # 行事の日時と会場
            # expires: 2026-12-16            # この日から「過去のお知らせ」に移ります
            \(draft ? "draft: true                      # 下書き：公開されません（rentai build --drafts で確認）" : "# draft: true                   # 下書きにする（公開されません）")
            ---
            ここに本文を Markdown で書きます。

            - 日時：
            - 会場：
            - 申込：

            """
    }
}
