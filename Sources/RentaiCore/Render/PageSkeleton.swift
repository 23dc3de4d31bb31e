import Foundation

/// Portal and archive pages differ in little but their words: the profile's names and links,
/// the page's number and neighbours, what is coming up, and the entries. Rendering the template
/// for each of a large federation's hundred thousand pages was a third of a build; instead, each
/// *shape* of page is rendered once per build with stand-ins for those values, and every page of
/// that shape is its skeleton with its own values put in.
///
/// A page's shape is its template and everything in its values that is not stood in for: its
/// depth (`root`), its yes/no values, which of its strings and lists are empty. Skeletons of a
/// shape are trusted only once one of them has given, for a real page, exactly the bytes a full
/// rendering gives; a site template that uses the values otherwise (a loop over `notices`, a
/// value printed escaped where the skeleton puts it raw) is rendered in full, and so is every
/// page of a site whose templates call transforms (`{{uppercased(name)}}`), which could treat a
/// stand-in unlike its value in ways one page cannot show.
/// A value that HTML escaping would change is never filled in, except the `…_html` ones, which
/// are markup by nature (and which the check above covers).
final class PageSkeletons: @unchecked Sendable {
    enum Part {
        case literal(ArraySlice<UInt8>)
        case value(Int)
        case pinned, listed
    }

    /// Filled strings that are shared pieces of a profile's pages.
    enum ProfilePiece { case comingUp }

    private enum Verdict {
        case trusted(id: Int, parts: [Part])
        case refused
    }

    private let lock = NSLock()
    private var verdicts: [String: Verdict] = [:]
    /// Each skeleton made gets its own number: its literal parts are audit pieces by that
    /// number, so two skeletons must never share one.
    private var made = 0

    /// Keys whose values are the same on every page of a build (the site's words), so neither
    /// stood in for nor part of the shape.
    private static let global: Set<String> = ["labels"]

    /// The page, from its shape's skeleton when that is trusted.
    func assemble(_ page: PortalPages.Page, templates: TemplateSet) -> RenderedFile {
        let values = page.values()
        guard !templates.usesTransforms, let filling = Filling(values, forSkeleton: false) else {
            return page.assembleInFull(templates, values: values)
        }
        let shape = page.template + "\u{0}" + filling.shape
        switch lock.withLock({ verdicts[shape] }) {
        case .trusted(let id, let parts):
            return fill(parts, id: id, with: filling, page)
        case .refused:
            return page.assembleInFull(templates, values: values)
        case nil:
            // Decided once, by one thread: the output never depends on which page came first
            // to a shape on which thread. A handful of shapes per build, so the wait is short.
            return lock.withLock {
                let full = page.assembleInFull(templates, values: values)
                if verdicts[shape] == nil {
                    let parts = makeParts(Filling(values, forSkeleton: true)!, template: page.template, templates: templates)
                    made += 1
                    let agrees = fill(parts, id: made, with: filling, page).data == full.data
                    verdicts[shape] = agrees ? .trusted(id: made, parts: parts) : .refused
                }
                return full
            }
        }
    }

    /// Whether pages of this page's shape are filled in (for tests).
    func isTrusted(_ page: PortalPages.Page) -> Bool {
        guard let filling = Filling(page.values(), forSkeleton: false),
              case .trusted = lock.withLock({ verdicts[page.template + "\u{0}" + filling.shape] }) else { return false }
        return true
    }

    /// A page's values split into its shape and the strings a skeleton stands in for, in the
    /// order of the keys.
    struct Filling {
        var shape = ""
        var strings: [String] = []
        /// The values with each filled string replaced by its stand-in and each list emptied:
        /// what the skeleton is rendered from (made only when one is).
        var skeletonValues: [String: Any] = [:]
        private let forSkeleton: Bool
        /// Which filled strings are the same in every page of the profile at that depth, so
        /// that the audit reads them once.
        var pieceKinds: [ProfilePiece?] = []

        init?(_ values: [String: Any], forSkeleton: Bool) {
            self.forSkeleton = forSkeleton
            shape.reserveCapacity(512)
            guard let skeleton = walk(values, path: "") else { return nil }
            if forSkeleton {
                skeletonValues = skeleton
                skeletonValues["pinned_html"] = PageSkeletons.pinnedStandIn
                skeletonValues["notices_html"] = PageSkeletons.listedStandIn
            }
        }

        private mutating func walk(_ values: [String: Any], path: String) -> [String: Any]? {
            var result: [String: Any] = [:]
            for key in values.keys.sorted() {
                let value = values[key]!
                let name = path.isEmpty ? key : path + key
                if path.isEmpty, PageSkeletons.global.contains(key) || key == "pinned_html" || key == "notices_html" {
                    if forSkeleton { result[key] = value }
                    continue
                }
                switch value {
                case let text as String where name == "root" || name == "lang" || name == "site_title":
                    shape += "\(name)=\(text)\u{0}"
                    if forSkeleton { result[key] = text }
                case let text as String where text.isEmpty:
                    // Kept as it is: `{{#value}}` sections must see it empty.
                    shape += "\(name)=\u{0}"
                    if forSkeleton { result[key] = text }
                case let text as String:
                    guard name.hasSuffix("_html") || !text.needsHTMLEscaping else { return nil }
                    shape += "\(name)+\u{0}"
                    if forSkeleton { result[key] = PageSkeletons.standIn(strings.count) }
                    strings.append(text)
                    pieceKinds.append(name == "coming_up_html" ? .comingUp : nil)
                case let flag as Bool:
                    shape += "\(name)=\(flag)\u{0}"
                    if forSkeleton { result[key] = flag }
                case let number as Int where number == 0:
                    shape += "\(name)=0\u{0}"
                    if forSkeleton { result[key] = number }
                case let number as Int:
                    shape += "\(name)#\u{0}"
                    if forSkeleton { result[key] = PageSkeletons.standIn(strings.count) }
                    strings.append("\(number)")
                    pieceKinds.append(nil)
                case let list as [[String: Any]]:
                    // Checked first: a cast to [Any] would copy the list.
                    shape += "\(name)[\(list.isEmpty ? 0 : 1)]\u{0}"
                    if forSkeleton { result[key] = [Any]() }
                case let list as [Any]:
                    shape += "\(name)[\(list.isEmpty ? 0 : 1)]\u{0}"
                    if forSkeleton { result[key] = [Any]() }
                case let nested as [String: Any]:
                    shape += "\(name){\u{0}"
                    guard let inner = walk(nested, path: name + ".") else { return nil }
                    if forSkeleton { result[key] = inner }
                default:
                    return nil
                }
            }
            return result
        }
    }

    /// Stand-ins differ in every run, so that no notice or name can contain them; in both
    /// cases, so that a change of case (were a transform to slip through) breaks them.
    private static let tag = "\u{E000}rentai-\(UUID().uuidString)-"
    private static let tagBytes = Array(tag.utf8)
    private static func standIn(_ index: Int) -> String { "\(tag)\(index)\u{E000}" }
    static let pinnedStandIn = "\(tag)p\u{E000}"
    static let listedStandIn = "\(tag)l\u{E000}"

    private func makeParts(_ filling: Filling, template: String, templates: TemplateSet) -> [Part] {
        let bytes = Array(templates.render(filling.skeletonValues, with: template).utf8)
        let tag = Self.tagBytes
        let close = Array("\u{E000}".utf8)
        var parts: [Part] = []
        var literalStart = 0
        var position = 0
        while let at = PortalPages.Page.find(tag, in: bytes, from: position) {
            guard let end = PortalPages.Page.find(close, in: bytes, from: at + tag.count) else { break }
            let name = String(decoding: bytes[(at + tag.count)..<end], as: UTF8.self)
            let part: Part
            switch name {
            case "p": part = .pinned
            case "l": part = .listed
            default:
                guard let index = Int(name) else { position = end; continue }
                part = .value(index)
            }
            parts.append(.literal(bytes[literalStart..<at]))
            parts.append(part)
            position = end + close.count
            literalStart = position
        }
        parts.append(.literal(bytes[literalStart...]))
        return parts
    }

    private func fill(_ parts: [Part], id: Int, with filling: Filling, _ page: PortalPages.Page) -> RenderedFile {
        var file = RenderedFile()
        for (index, part) in parts.enumerated() {
            switch part {
            case .literal(let bytes) where bytes.count < 512:
                // The glue between values: read with them, in one go, rather than as a piece.
                file.append(bytes: bytes)
            case .literal(let bytes):
                // The same bytes on every page of the shape: the audit reads them once.
                file.append(bytes: bytes, piece: PieceID(kind: .skeleton, notice: id, variant: index))
            case .value(let value):
                if filling.pieceKinds[value] == .comingUp {
                    file.append(filling.strings[value], piece: PieceID(kind: .comingUp, notice: page.profile,
                                                                       variant: page.root.utf8.count))
                } else {
                    file.append(filling.strings[value])
                }
            case .pinned: page.appendEntries(page.pinned, to: &file)
            case .listed: page.appendEntries(page.listed, to: &file)
            }
        }
        return file
    }
}
