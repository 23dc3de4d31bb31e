/// Finds the notices a file refers to by address: links to `n/<slug>/` (or `n/<token>/`) and
/// calendar UIDs `<slug>@host`, `deadline-<slug>@host` (SPEC §9, §11).
struct NoticeReferences {
    /// By address id (slug, or token in private mode): the notice's index.
    let noticeByID: [String: Int]
    /// Ids have at most this many `/`-separated parts.
    private let deepestID: Int

    init(noticeByID: [String: Int]) {
        self.noticeByID = noticeByID
        deepestID = noticeByID.keys.map { $0.split(separator: "/").count }.max() ?? 1
    }

    /// Each referenced notice with what referred to it; calendars are also read for UIDs.
    func find(in text: [UInt8], isCalendar: Bool) -> [(notice: Int, what: String)] {
        var found: [(Int, String)] = []
        for path in Self.paths(after: UInt8(ascii: "n"), in: text) {
            if let notice = longestID(in: path) { found.append((notice, "a link to its page")) }
        }
        if isCalendar { found += calendarEntries(in: text) }
        return found
    }

    /// The notices that the relative links (`href`, `src`) of an HTML file at `path` lead to,
    /// resolved as a browser would: `../kddi-officers/` from a notice's page is a notice too.
    func relativeLinks(in text: [UInt8], at path: String) -> [(notice: Int, what: String)] {
        var found: [(Int, String)] = []
        // Worked out at the first link that needs it: most of the bits of a page have none.
        var folder: [String]?
        // Outside n/, only a link that climbs to the top and goes down n/ can reach a notice.
        let insideNotices = path.hasPrefix("n/")
        for range in Self.attributeValues(in: text) {
            let bytes = text[range]
            guard insideNotices || bytes.count > 2 && Self.containsNoticeFolder(bytes) else { continue }
            let value = String(decoding: bytes, as: UTF8.self)
            guard !value.contains(":"), !value.hasPrefix("#"), !value.hasPrefix("/") else { continue }
            if folder == nil { folder = path.split(separator: "/").dropLast().map(String.init) }
            var parts = folder!
            for part in value.split(separator: "/", omittingEmptySubsequences: false).map(String.init) {
                if part == ".." { if !parts.isEmpty { parts.removeLast() } } else if part != "." && !part.isEmpty { parts.append(part) }
            }
            guard parts.first == "n", parts.count > 1, let notice = longestID(in: parts.dropFirst().joined(separator: "/")) else { continue }
            found.append((notice, "a link to its page"))
        }
        return found
    }

    /// Whether `n/` starts the value or follows a `/` in it.
    private static func containsNoticeFolder(_ value: ArraySlice<UInt8>) -> Bool {
        var previous: UInt8 = UInt8(ascii: "/")
        var sawN = false
        for byte in value {
            if sawN && byte == UInt8(ascii: "/") { return true }
            sawN = byte == UInt8(ascii: "n") && previous == UInt8(ascii: "/")
            previous = byte
        }
        return false
    }

    /// Where the values of `href="…"` and `src="…"` attributes (either quote) lie: no string is
    /// made of the many that lead nowhere near a notice.
    private static func attributeValues(in text: [UInt8]) -> [Range<Int>] {
        var values: [Range<Int>] = []
        let names: [[UInt8]] = [Array("href=".utf8), Array("src=".utf8)]
        var index = 0
        while index < text.count {
            // Most bytes start neither name: one comparison, not two slices, per byte.
            let byte = text[index]
            guard byte == UInt8(ascii: "h") || byte == UInt8(ascii: "s") else { index += 1; continue }
            var matched = 0
            for name in names where index + name.count < text.count && text[index..<(index + name.count)].elementsEqual(name) {
                matched = name.count
            }
            guard matched > 0 else { index += 1; continue }
            let quote = text[index + matched]
            guard quote == UInt8(ascii: "\"") || quote == UInt8(ascii: "'") else { index += matched; continue }
            var end = index + matched + 1
            while end < text.count, text[end] != quote { end += 1 }
            values.append((index + matched + 1)..<min(end, text.count))
            index = end + 1
        }
        return values
    }

    /// Every path that follows `prefix/` (`n/`, `p/`) in the text, up to where a URL ends.
    static func paths(after prefix: UInt8, in text: [UInt8]) -> [String] {
        var found: [String] = []
        let slash = UInt8(ascii: "/")
        var index = 1
        while index + 1 < text.count {
            defer { index += 1 }
            guard text[index] == prefix, text[index + 1] == slash else { continue }
            let before = text[index - 1]
            guard before == slash || before == UInt8(ascii: "\"") || before == UInt8(ascii: "'") || before == UInt8(ascii: "(") else { continue }
            var end = index + 2
            while end < text.count, !ends(text[end]) { end += 1 }
            found.append(String(decoding: text[(index + 2)..<end], as: UTF8.self))
        }
        return found
    }

    /// The notice whose id is the longest run of the path's leading parts.
    func longestID(in path: String) -> Int? {
        // The ends of the first `deepestID` parts, then the longest candidate first.
        var ends: [String.Index] = []
        var index = path.startIndex
        while index < path.endIndex, ends.count < deepestID {
            if path[index] == "/" { ends.append(index) }
            index = path.index(after: index)
        }
        if ends.count < deepestID { ends.append(path.endIndex) }
        for end in ends.reversed() where end > path.startIndex {
            if let notice = noticeByID[String(path[..<end])] { return notice }
        }
        return nil
    }

    private func calendarEntries(in text: [UInt8]) -> [(Int, String)] {
        // UIDs sit at the start of a line; folded lines (CRLF and a space) are joined first.
        var unfolded: [UInt8] = []
        unfolded.reserveCapacity(text.count)
        var index = 0
        while index < text.count {
            if text[index] == 0x0D, index + 2 < text.count, text[index + 1] == 0x0A, text[index + 2] == 0x20 {
                index += 3
                continue
            }
            unfolded.append(text[index])
            index += 1
        }
        var found: [(Int, String)] = []
        for line in unfolded.split(separator: 0x0A) {
            guard line.starts(with: Array("UID:".utf8)) else { continue }
            var uid = String(decoding: line.dropFirst(4), as: UTF8.self)
            if uid.hasSuffix("\r") { uid.removeLast() }
            if uid.hasPrefix("deadline-") { uid.removeFirst("deadline-".count) }
            guard let at = uid.lastIndex(of: "@"), let notice = noticeByID[String(uid[..<at])] else { continue }
            found.append((notice, "its calendar entry"))
        }
        return found
    }

    private static func ends(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "\""), UInt8(ascii: "'"), UInt8(ascii: "<"), UInt8(ascii: ">"), UInt8(ascii: " "),
             UInt8(ascii: "\t"), UInt8(ascii: "\r"), UInt8(ascii: "\n"), UInt8(ascii: "#"), UInt8(ascii: "?"), UInt8(ascii: ")"):
            return true
        default:
            return false
        }
    }
}
