import Foundation

/// The later pages of a portal or an archive (page 2, 3, …) differ only in their number, their
/// neighbours and their entries. A profile with ninety archive pages would render the same
/// template ninety times; instead it is rendered once with stand-ins for those values, and each
/// page is the skeleton with its own values put in. Skeletons of a template and shape are
/// trusted only once one of them has given, for a real page, exactly the bytes a full rendering
/// gives; a site template that uses those values otherwise (a loop over `notices`, a transform)
/// is simply rendered in full. One skeleton per profile, template and shape (with or without a
/// next page), used by one thread.
final class PageSkeleton {
    enum Part {
        case literal(ArraySlice<UInt8>)
        case title, number, previous, next, pinned, listed
    }

    /// Whether the skeletons of each template and shape give what a full rendering gives:
    /// learnt once per build, from the first page that needs it.
    final class Trust: @unchecked Sendable {
        enum Verdict { case untried, trusted, refused }
        private let lock = NSLock()
        private var verdicts: [String: Verdict] = [:]

        subscript(shape: String) -> Verdict {
            get { lock.withLock { verdicts[shape] ?? .untried } }
            set { lock.withLock { verdicts[shape] = newValue } }
        }
    }

    private var parts: [Part]?
    /// Identifies the skeleton's literal parts as shared pieces for the audit.
    let id: Int
    let shape: String
    let trust: Trust

    init(id: Int, shape: String, trust: Trust) {
        self.id = id
        self.shape = shape
        self.trust = trust
    }

    /// Whether pages are filled in rather than rendered in full.
    var isTrusted: Bool { trust[shape] == .trusted }

    /// The page from the skeleton, or from a full rendering when skeletons of its shape cannot be
    /// trusted. A value that HTML escaping would change is never filled in: the template may
    /// print it raw.
    func assemble(_ page: PortalPages.Page, templates: TemplateSet) -> RenderedFile {
        let values = page.pageValues
        guard [values.title, values.previous ?? "", values.next ?? ""].allSatisfy({ $0.htmlEscaped == $0 }) else {
            return page.assembleInFull(templates)
        }
        switch trust[shape] {
        case .trusted:
            if parts == nil { parts = makeParts(page, templates: templates) }
            return fill(parts!, page)
        case .refused:
            return page.assembleInFull(templates)
        case .untried:
            let full = page.assembleInFull(templates)
            let parts = makeParts(page, templates: templates)
            self.parts = parts
            trust[shape] = fill(parts, page).data == full.data ? .trusted : .refused
            return full
        }
    }

    private static let tag = UUID().uuidString
    private static let stand: [(Part, String)] = [
        (.title, "\u{E000}title-\(tag)\u{E000}"), (.number, "\u{E000}number-\(tag)\u{E000}"),
        (.previous, "\u{E000}prev-\(tag)\u{E000}"), (.next, "\u{E000}next-\(tag)\u{E000}"),
        (.pinned, PortalPages.Page.pinnedMarker), (.listed, PortalPages.Page.listedMarker),
    ]
    private static let standBytes = stand.map { ($0.0, Array($0.1.utf8)) }

    private func makeParts(_ page: PortalPages.Page, templates: TemplateSet) -> [Part] {
        var values = page.values()
        let stand = Dictionary(uniqueKeysWithValues: Self.stand.map { ("\($0.0)", $0.1) })
        values["page_title"] = stand["title"]
        values["page_number"] = stand["number"]
        if values["prev_href"] != nil { values["prev_href"] = stand["previous"] }
        if values["next_href"] != nil { values["next_href"] = stand["next"] }
        values["pinned_html"] = PortalPages.Page.pinnedMarker
        values["notices_html"] = PortalPages.Page.listedMarker
        values["pinned"] = [[String: Any]]()
        values["notices"] = [[String: Any]]()
        let bytes = Array(templates.render(values, with: page.template).utf8)
        var parts: [Part] = []
        var position = 0
        while true {
            var nearest: (at: Int, part: Part, length: Int)?
            for (part, marker) in Self.standBytes {
                if let at = PortalPages.Page.find(marker, in: bytes, from: position), at < nearest?.at ?? Int.max {
                    nearest = (at, part, marker.count)
                }
            }
            guard let nearest else { break }
            parts.append(.literal(bytes[position..<nearest.at]))
            parts.append(nearest.part)
            position = nearest.at + nearest.length
        }
        parts.append(.literal(bytes[position...]))
        return parts
    }

    private func fill(_ parts: [Part], _ page: PortalPages.Page) -> RenderedFile {
        let values = page.pageValues
        var file = RenderedFile()
        for (index, part) in parts.enumerated() {
            switch part {
            case .literal(let bytes):
                file.append(bytes: bytes, piece: PieceID(kind: .skeleton, notice: id, variant: index))
            case .title: file.append(values.title.htmlEscaped)
            case .number: file.append("\(values.number)")
            case .previous: file.append((values.previous ?? "").htmlEscaped)
            case .next: file.append((values.next ?? "").htmlEscaped)
            case .pinned: page.appendEntries(page.pinned, to: &file)
            case .listed: page.appendEntries(page.listed, to: &file)
            }
        }
        return file
    }
}
