/// Every notice's title as it can appear in a file — as written, escaped for HTML, for XML, for
/// iCalendar and for JSON — searched in one pass. A forbidden title counts as found only where no
/// allowed text (a title the reader may see, the site's title, the labels, the organisation's
/// names) covers it, so that 「冬季セミナー」 inside an allowed 「関東信越 冬季セミナーのご案内」 is no leak.
struct TitlePatterns {
    private let matcher: PatternMatcher
    /// By pattern: the notices it is the title of; empty for allowed boilerplate. Several
    /// notices may share a title: the text is allowed where any of them is.
    private let owners: [[Int]]

    init(site: LoadedSite) {
        var patterns: [[UInt8]] = []
        var owners: [[Int]] = []
        var byText: [String: Int] = [:]
        func add(_ text: String, notice: Int?) {
            for form in Set([text, Self.html(text), Self.xml(text), ICalendarText.escaped(text), text.jsonEscaped]) where !form.isEmpty {
                let index: Int
                if let existing = byText[form] {
                    index = existing
                } else {
                    index = patterns.count
                    byText[form] = index
                    patterns.append(Array(form.utf8))
                    owners.append([])
                }
                if let notice { owners[index].append(notice) } else { boilerplate.insert(index) }
            }
        }
        var boilerplate = Set<Int>()
        for (index, notice) in site.notices.enumerated() where notice.title.count >= SiteAudit.shortestTitle {
            add(notice.title, notice: index)
        }
        add(site.settings.title, notice: nil)
        for label in Labels.table(for: site.settings.language).values { add(label, notice: nil) }
        let org = site.organisation
        for name in org.blocks.map(\.name) + org.councils.map(\.name) + org.unions.map(\.name) + org.roles.map(\.name) {
            add(name, notice: nil)
        }
        // Text that is also the site's or the organisation's own words is never a leak.
        for index in boilerplate { owners[index] = [] }
        matcher = PatternMatcher(patterns)
        self.owners = owners
        var pairs = [Bool](repeating: false, count: 1 << 16)
        for pattern in patterns where pattern.count > 1 {
            for index in 1..<pattern.count { pairs[Int(pattern[index - 1]) << 8 | Int(pattern[index])] = true }
        }
        innerPairs = pairs
    }

    /// By two bytes (`first << 8 | second`): whether they stand side by side in some pattern.
    private let innerPairs: [Bool]

    /// Whether some pattern could run across the point between `before` and `after`: a match
    /// straddling the edge of a piece holds both bytes side by side. Most edges (a newline, then
    /// `<`) can hold none, and need no search.
    func mayStraddle(_ before: UInt8, _ after: UInt8) -> Bool {
        innerPairs[Int(before) << 8 | Int(after)]
    }

    /// The longest pattern, in bytes: a match crossing a point lies within this distance of it.
    var longestPattern: Int { matcher.longest }

    func matches(in text: [UInt8]) -> [PatternMatcher.Match] { matcher.matches(in: text) }

    /// Notices whose title is among a file's `matches` though not allowed there: the text of a
    /// title is allowed where any notice it is the title of may be named.
    func leakedTitles(_ matches: [PatternMatcher.Match], isAllowed noticeIsAllowed: (Int) -> Bool) -> Set<Int> {
        guard !matches.isEmpty else { return [] }
        var verdicts: [Int: Bool] = [:]
        func isAllowed(_ pattern: Int) -> Bool {
            if let known = verdicts[pattern] { return known }
            let notices = owners[pattern]
            let verdict = notices.isEmpty || notices.contains(where: noticeIsAllowed)
            verdicts[pattern] = verdict
            return verdict
        }
        var leaked = Set<Int>()
        let forbidden = matches.filter { !isAllowed($0.pattern) }
        guard !forbidden.isEmpty else { return leaked }
        // Allowed matches by start, with the furthest end reached by any that starts no later:
        // whether one covers a forbidden match is then a binary search, not a scan (a calendar
        // holds thousands of titles).
        let covering = matches.filter { isAllowed($0.pattern) }.sorted { $0.start < $1.start }
        var furthestEnd: [Int] = []
        furthestEnd.reserveCapacity(covering.count)
        for match in covering { furthestEnd.append(max(furthestEnd.last ?? Int.min, match.end)) }
        for match in forbidden {
            var low = 0, high = covering.count  // the first covering match starting after match.start
            while low < high {
                let middle = (low + high) / 2
                if covering[middle].start <= match.start { low = middle + 1 } else { high = middle }
            }
            let covered = low > 0 && furthestEnd[low - 1] >= match.end
            if !covered { leaked.formUnion(owners[match.pattern]) }
        }
        return leaked
    }

    static func html(_ text: String) -> String { text.htmlEscaped }

    static func xml(_ text: String) -> String { text.xmlEscaped }
}
