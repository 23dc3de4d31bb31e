import Foundation

/// A profile's portal and `all/` page differ from another profile's in little but their words:
/// names, links, what is coming up, the lists (which are shared fragments already). Rendering
/// the templates for each of thousands of profiles was a third of a build, so each *shape* of
/// page is rendered once per build with a stand-in for each of those words, and every page of
/// that shape is its skeleton with its own words put in.
///
/// A page's shape is its template and whatever in its values a stand-in cannot carry: its depth
/// (`root`), its yes/no values, which of its strings and lists are empty. A shape's skeleton is
/// trusted only once it has given, for a real page, exactly what a full rendering gives; a site
/// template that uses the values otherwise (a loop over `notices`, a value printed unescaped) is
/// then rendered in full, and so is every page of a site whose templates call transforms, which
/// could treat a stand-in unlike its value in ways one page cannot show. A value that HTML
/// escaping would change is never put in, except the `…_html` ones, which are markup by nature.
final class PageSkeletons: @unchecked Sendable {
    private enum Part {
        case literal(String)
        case value(Int)
    }

    private enum Verdict {
        /// Each trusted skeleton has a number of its own: its long literal parts are pieces that
        /// the audit reads once, by that number.
        case trusted(number: Int, parts: [Part])
        case refused
    }

    /// A page's text, and where in it the skeleton's long literal parts lie: the same bytes on
    /// every page of the shape.
    struct Rendered {
        var text: String
        var literals: [(range: Range<Int>, id: PieceID)] = []
    }

    /// Literal parts shorter than this are read with the page: the glue between values.
    private static let shortestPiece = 64

    private let templates: TemplateSet
    private let lock = NSLock()
    private var verdicts: [String: Verdict] = [:]
    private var made = 0

    /// Values that are the same on every page of a build (the site's words): neither stood in
    /// for nor part of the shape.
    private static let global: Set<String> = ["labels"]

    init(templates: TemplateSet) {
        self.templates = templates
    }

    /// What `templates.render(values, with: template)` gives, from the page's shape's skeleton
    /// when that is trusted.
    func render(_ values: [String: Any], with template: String) -> String {
        rendered(values, with: template).text
    }

    /// The same, with the skeleton's long literal parts marked.
    func rendered(_ values: [String: Any], with template: String) -> Rendered {
        guard !templates.usesTransforms, let filling = Filling(values, forSkeleton: false) else {
            return Rendered(text: templates.render(values, with: template))
        }
        let shape = template + "\u{0}" + filling.shape
        switch lock.withLock({ verdicts[shape] }) {
        case .trusted(let number, let parts):
            return fill(parts, number: number, with: filling)
        case .refused:
            return Rendered(text: templates.render(values, with: template))
        case nil:
            // Decided once, by one thread, so that the output never depends on which page came
            // first to a shape. A handful of shapes per build: the wait is short.
            return lock.withLock {
                let full = templates.render(values, with: template)
                if verdicts[shape] == nil {
                    let skeleton = templates.render(Filling(values, forSkeleton: true)!.skeletonValues, with: template)
                    let parts = Self.parts(of: skeleton)
                    made += 1
                    verdicts[shape] = fill(parts, number: made, with: filling).text == full ? .trusted(number: made, parts: parts) : .refused
                }
                return Rendered(text: full)
            }
        }
    }

    /// Whether pages of this shape are filled in (for tests).
    func isTrusted(_ values: [String: Any], template: String) -> Bool {
        guard let filling = Filling(values, forSkeleton: false),
              case .trusted = lock.withLock({ verdicts[template + "\u{0}" + filling.shape] }) else { return false }
        return true
    }

    /// A page's values split into its shape and the strings a skeleton stands in for.
    private struct Filling {
        var shape = ""
        var strings: [String] = []
        /// The values with each string replaced by its stand-in and each list emptied: what the
        /// skeleton is rendered from (made only when one is).
        var skeletonValues: [String: Any] = [:]
        private let forSkeleton: Bool

        init?(_ values: [String: Any], forSkeleton: Bool) {
            self.forSkeleton = forSkeleton
            shape.reserveCapacity(512)
            guard let skeleton = walk(values, path: "") else { return nil }
            skeletonValues = skeleton
        }

        private mutating func walk(_ values: [String: Any], path: String) -> [String: Any]? {
            var result: [String: Any] = [:]
            for key in values.keys.sorted() {
                let value = values[key]!
                let name = path + key
                if path.isEmpty, PageSkeletons.global.contains(key) {
                    if forSkeleton { result[key] = value }
                    continue
                }
                switch value {
                case let text as String where name == "root" || name == "lang" || name == "site_title" || text.isEmpty:
                    // Kept as they are: `{{#value}}` sections must see an empty one empty.
                    shape += "\(name)=\(text)\u{0}"
                    if forSkeleton { result[key] = text }
                case let text as String:
                    guard name.hasSuffix("_html") || !text.needsHTMLEscaping else { return nil }
                    shape += "\(name)+\u{0}"
                    if forSkeleton { result[key] = PageSkeletons.standIn(strings.count) }
                    strings.append(text)
                case let flag as Bool:
                    shape += "\(name)=\(flag)\u{0}"
                    if forSkeleton { result[key] = flag }
                case let number as Int:
                    shape += "\(name)#\u{0}"
                    if forSkeleton { result[key] = PageSkeletons.standIn(strings.count) }
                    strings.append("\(number)")
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

    /// Stand-ins differ in every run, so that no notice or name can contain them; in both cases,
    /// so that a change of case (were a transform to slip through) breaks them.
    private static let tag = "\u{E001}skeleton-\(UUID().uuidString)-"
    private static func standIn(_ index: Int) -> String { "\(tag)\(index)\u{E001}" }

    private static func parts(of skeleton: String) -> [Part] {
        var parts: [Part] = []
        var rest = Substring(skeleton)
        while let start = rest.range(of: tag) {
            parts.append(.literal(String(rest[..<start.lowerBound])))
            let after = rest[start.upperBound...]
            guard let end = after.firstIndex(of: "\u{E001}"), let index = Int(after[..<end]) else {
                parts.append(.literal(String(rest[start.lowerBound...])))
                return parts
            }
            parts.append(.value(index))
            rest = after[after.index(after: end)...]
        }
        parts.append(.literal(String(rest)))
        return parts
    }

    private func fill(_ parts: [Part], number: Int, with filling: Filling) -> Rendered {
        var rendered = Rendered(text: "")
        rendered.text.reserveCapacity(16 << 10)
        var offset = 0
        for (index, part) in parts.enumerated() {
            switch part {
            case .literal(let literal):
                let count = literal.utf8.count
                if count >= Self.shortestPiece {
                    rendered.literals.append((offset..<(offset + count), PieceID(kind: .skeleton, notice: number, variant: index)))
                }
                rendered.text += literal
                offset += count
            case .value(let index):
                rendered.text += filling.strings[index]
                offset += filling.strings[index].utf8.count
            }
        }
        return rendered
    }
}
