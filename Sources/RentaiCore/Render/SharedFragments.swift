import Foundation

/// Pieces of pages rendered once and shared by every page that shows them: a notice's line in a
/// list (`notice-entry.mustache`), a deadline's or event's line under "coming up"
/// (`coming-up-item.mustache`), a layer's link on `all/` pages (`layer-item.mustache`). Each is rendered once per depth of page — its links climb back
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

    /// Its values without a page: for a template that loops over them where no fragment is shown.
    func baseValues(_ index: Int) -> [String: Any] { values(index) }

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

    /// Puts each slot's fragments in place of its stand-in in `text`, rendered already. One pass:
    /// every stand-in starts with U+E000, which a page otherwise hardly ever holds.
    func assemble(_ text: String) -> RenderedFile {
        assemble(PageSkeletons.Rendered(text: text))
    }

    /// The same for a page from a skeleton, whose literal parts (which never hold a stand-in)
    /// become pieces too.
    func assemble(_ rendered: PageSkeletons.Rendered) -> RenderedFile {
        var file = RenderedFile()
        var text = rendered.text
        var literals = rendered.literals[...]
        /// Copies `range` of the page, its literal parts as pieces.
        func copy(_ range: Range<Int>, of bytes: UnsafeBufferPointer<UInt8>) {
            var start = range.lowerBound
            while let literal = literals.first, literal.range.upperBound <= range.upperBound {
                literals.removeFirst()
                guard literal.range.lowerBound >= start else { continue }
                file.append(bytes: UnsafeBufferPointer(rebasing: bytes[start..<literal.range.lowerBound]))
                file.append(bytes: UnsafeBufferPointer(rebasing: bytes[literal.range]), piece: literal.id)
                start = literal.range.upperBound
            }
            file.append(bytes: UnsafeBufferPointer(rebasing: bytes[start..<range.upperBound]))
        }
        text.withUTF8 { bytes in
            let markers = slots.map { Array($0.marker.utf8) }
            let lead = markers.first?.first ?? 0
            var position = 0
            var index = 0
            while index < bytes.count {
                guard bytes[index] == lead else { index += 1; continue }
                guard let slot = markers.firstIndex(where: { marker in
                    index + marker.count <= bytes.count && marker.indices.allSatisfy { bytes[index + $0] == marker[$0] }
                }) else { index += 1; continue }
                copy(position..<index, of: bytes)
                for fragment in slots[slot].indexes {
                    file.append(slots[slot].fragments.html(fragment, root: root), piece: slots[slot].fragments.piece(fragment, root: root))
                }
                index += markers[slot].count
                position = index
            }
            copy(position..<bytes.count, of: bytes)
        }
        return file
    }
}
