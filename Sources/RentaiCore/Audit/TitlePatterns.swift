/// Every notice's title as it can appear in a file — as written, escaped for HTML, for XML and
/// for iCalendar — searched in one pass. A forbidden title counts as found only where no allowed
/// text (a title the reader may see, the site's title, the labels, the organisation's names)
/// covers it, so that 「冬季セミナー」 inside an allowed 「関東信越 冬季セミナーのご案内」 is no leak.
struct TitlePatterns {
    private let matcher: PatternMatcher
    /// By pattern: the notice it is the title of, or nil for allowed boilerplate.
    private let owner: [Int?]

    init(site: LoadedSite) {
        var patterns: [[UInt8]] = []
        var owner: [Int?] = []
        var seen: [String: Int] = [:]
        func add(_ text: String, notice: Int?) {
            for form in Set([text, Self.html(text), Self.xml(text), ICalendarText.escaped(text)]) where !form.isEmpty {
                if let existing = seen[form] {
                    // The same text is a title of another notice too: keep it for the first.
                    if owner[existing] == nil || notice == nil { continue }
                    continue
                }
                seen[form] = patterns.count
                patterns.append(Array(form.utf8))
                owner.append(notice)
            }
        }
        for (index, notice) in site.notices.enumerated() where notice.title.count >= SiteAudit.shortestTitle {
            add(notice.title, notice: index)
        }
        add(site.settings.title, notice: nil)
        for label in Labels.table(for: site.settings.language).values { add(label, notice: nil) }
        let org = site.organisation
        for name in org.blocks.map(\.name) + org.councils.map(\.name) + org.unions.map(\.name) + org.roles.map(\.name) {
            add(name, notice: nil)
        }
        matcher = PatternMatcher(patterns)
        self.owner = owner
    }

    /// Notices whose title is in `text` though not allowed there. `allowed` nil: every
    /// published notice is allowed; unpublished ones never are.
    func leakedTitles(in text: [UInt8], allowed: Set<Int>?, unpublished: Set<Int>) -> Set<Int> {
        let matches = matcher.matches(in: text)
        guard !matches.isEmpty else { return [] }
        func isAllowed(_ pattern: Int) -> Bool {
            guard let notice = owner[pattern] else { return true }
            if unpublished.contains(notice) { return false }
            return allowed?.contains(notice) ?? true
        }
        let covering = matches.filter { isAllowed($0.pattern) }
        var leaked = Set<Int>()
        for match in matches where !isAllowed(match.pattern) {
            let covered = covering.contains { $0.start <= match.start && $0.end >= match.end }
            if !covered, let notice = owner[match.pattern] { leaked.insert(notice) }
        }
        return leaked
    }

    static func html(_ text: String) -> String {
        var result = ""
        for character in text {
            switch character {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&#39;"
            default: result.append(character)
            }
        }
        return result
    }

    static func xml(_ text: String) -> String { text.xmlEscaped }
}
