import Foundation

/// Pieces of pages rendered once and shared by every page that shows them: a notice's line in a
/// list (`notice-entry.mustache`), a deadline's or event's line under "coming up"
/// (`coming-up-item.mustache`). Each is rendered once per depth of page — its links climb back
/// to the site's top — whatever the number of portals and layer pages that show it.
final class SharedFragments: @unchecked Sendable {
    /// What the rendered HTML is called among the values, for templates that loop over them.
    let htmlKey: String
    let kind: PieceID.Kind
    private let count: Int
    private let values: @Sendable (Int) -> [String: Any]
    private let render: @Sendable ([String: Any]) -> String
    private let lock = NSLock()
    /// By the page's `root` (`../../../../` for a readable portal).
    private var rendered: [String: LazyTable<(values: [String: Any], html: Data)>] = [:]

    init(count: Int, template: String, htmlKey: String, kind: PieceID.Kind, templates: TemplateSet,
         values: @escaping @Sendable (Int) -> [String: Any]) {
        self.count = count
        self.htmlKey = htmlKey
        self.kind = kind
        self.values = values
        self.render = { templates.render($0, with: template) }
    }

    /// The fragment, rendered, for a page whose way to the top is `root`.
    func html(_ index: Int, root: String) -> Data { table(root)[index].html }

    /// Its values as a page at `root` sees them, its HTML included.
    func listed(_ index: Int, root: String) -> [String: Any] { table(root)[index].values }

    func piece(_ index: Int, root: String) -> PieceID { PieceID(kind: kind, notice: index, variant: root.utf8.count) }

    private func table(_ root: String) -> LazyTable<(values: [String: Any], html: Data)> {
        lock.withLock {
            if let table = rendered[root] { return table }
            let values = self.values
            let render = self.render
            let htmlKey = self.htmlKey
            let table = LazyTable<(values: [String: Any], html: Data)>(count: count) { index in
                var fragment = values(index)
                fragment["root"] = root
                let html = render(fragment)
                fragment[htmlKey] = html
                return (fragment, Data(html.utf8))
            }
            rendered[root] = table
            return table
        }
    }
}

/// A page made of its template and of shared fragments: the template is rendered with a
/// stand-in for each run of fragments (`notices_html`, `upcoming_html`…), and the fragments are
/// put in their place as pieces, which the audit reads once however many pages hold them.
struct FragmentPage {
    /// One run of fragments and the value that stands for it.
    struct Slot {
        var key: String
        var fragments: SharedFragments
        var indexes: [Int]
        /// Different in every run, so that no notice can contain it.
        let marker = "\u{E000}\(UUID().uuidString)\u{E000}"
    }

    var template: String
    var values: [String: Any]
    var root: String
    var slots: [Slot] = []

    /// The values of a page with its slots' stand-ins and lists (`notices`, for templates that
    /// loop over them rather than print `notices_html`).
    func valuesWithSlots(listNames: [String: String]) -> [String: Any] {
        var values = self.values
        values["root"] = root
        for slot in slots {
            values[slot.key] = slot.marker
            if let list = listNames[slot.key] { values[list] = slot.indexes.map { slot.fragments.listed($0, root: root) } }
        }
        return values
    }

    /// Puts each slot's fragments in place of its stand-in in `text`, rendered already.
    func assemble(_ text: String) -> RenderedFile {
        let bytes = Array(text.utf8)
        let markers = slots.map { Array($0.marker.utf8) }
        var file = RenderedFile()
        var position = 0
        // Byte searches: Foundation's `range(of:)` costs more than rendering the page.
        while true {
            var next: (at: Int, slot: Int)? = nil
            for (slot, marker) in markers.enumerated() {
                if let at = Self.find(marker, in: bytes, from: position), at < (next?.at ?? Int.max) { next = (at, slot) }
            }
            guard let next else { break }
            file.append(bytes: bytes[position..<next.at])
            let slot = slots[next.slot]
            for index in slot.indexes {
                file.append(slot.fragments.html(index, root: root), piece: slot.fragments.piece(index, root: root))
            }
            position = next.at + markers[next.slot].count
        }
        file.append(bytes: bytes[position...])
        return file
    }

    /// Where `needle` first occurs in `bytes` at or after `start`.
    static func find(_ needle: [UInt8], in bytes: [UInt8], from start: Int) -> Int? {
        guard let first = needle.first, needle.count <= bytes.count else { return nil }
        var index = start
        let last = bytes.count - needle.count
        while index <= last {
            if bytes[index] == first && bytes[index..<(index + needle.count)].elementsEqual(needle) { return index }
            index += 1
        }
        return nil
    }
}
