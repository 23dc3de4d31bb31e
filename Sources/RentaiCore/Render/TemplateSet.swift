import Foundation
import Mustache

/// The Mustache templates of a site: the built-in ones, each replaced by the site's own file of
/// the same name in `templates/` when there is one (SPEC §13).
public struct TemplateSet: Sendable {
    /// The pages Rentai renders; a site may add partials of its own beside them.
    public static let pageTemplates = ["directory", "portal", "all", "layer", "notice"]

    let library: MustacheLibrary
    /// By page template: its text and every partial's. A page is made again when one of them
    /// changes, and only then (a change to `notice.mustache` leaves portals alone).
    let fingerprints: [String: BuildKey]
    /// Whether any template calls a transform (`{{uppercased(name)}}`, `{{#odd(n)}}`): a
    /// transform can treat a page skeleton's stand-in unlike the value it stands for, so such a
    /// site's pages are all rendered in full.
    let usesTransforms: Bool

    /// Reads the site's templates over the built-in ones; a template that does not parse is
    /// reported with its line and column.
    static func load(paths: SitePaths, diagnostics: inout Diagnostics) -> TemplateSet {
        var sources: [String: (text: String, display: String)] = [:]
        for (name, text) in BuiltinFiles.templates {
            sources[name] = (text, "(built-in) \(name).mustache")
        }
        let names = (try? FileManager.default.contentsOfDirectory(atPath: paths.templates.path)) ?? []
        for file in names.sorted() where file.hasSuffix(".mustache") && !file.hasPrefix(".") {
            let display = paths.display("templates/\(file)")
            var url = paths.templates.appendingPathComponent(file)
            switch ContentLinks.verdict(for: url, within: paths.root) {
            case .plain: break
            case .file(let target): url = target
            case .outside, .folder, .broken:
                diagnostics.error("'\(file)' is a link to something outside the site; copy the template in instead", at: SourceLocation(path: display))
                continue
            }
            guard let data = try? Data(contentsOf: url) else { continue }
            switch SourceText.decode(data, path: display) {
            case .success(let text): sources[String(file.dropLast(".mustache".count))] = (text, display)
            case .failure(let problem): diagnostics.error(problem.message, at: problem.location)
            }
        }

        var library = MustacheLibrary()
        HTMLText.register()
        for name in sources.keys.sorted() {
            let source = sources[name]!
            do {
                library.register(try MustacheTemplate(string: HTMLText.pragma + source.text), named: name)
            } catch let error as MustacheTemplate.ParserError {
                // The pragma is a line of its own before the template's first.
                diagnostics.error("template does not parse: \(error.error)",
                                  at: SourceLocation(path: source.display, line: error.context.lineNumber - 1, column: error.context.columnNumber))
            } catch {
                diagnostics.error("template does not parse: \(error)", at: SourceLocation(path: source.display))
            }
        }
        // swift-mustache renders a missing partial as nothing; a misspelt one should be an error.
        for name in sources.keys.sorted() {
            let source = sources[name]!
            for (line, text) in source.text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                var rest = Substring(text)
                while let open = rest.range(of: "{{>") {
                    let after = rest[open.upperBound...]
                    guard let close = after.range(of: "}}") else { break }
                    let partial = after[..<close.lowerBound].trimmingCharacters(in: .whitespaces)
                    if sources[partial] == nil {
                        let column = text.distance(from: text.startIndex, to: open.lowerBound) + 1
                        diagnostics.error("unknown partial '\(partial)'\(Suggestion.didYouMean(partial, in: sources.keys.sorted()))",
                                          at: SourceLocation(path: source.display, line: line + 1, column: column))
                    }
                    rest = after[close.upperBound...]
                }
            }
        }
        var fingerprints: [String: BuildKey] = [:]
        for page in pageTemplates {
            var hasher = BuildKey.Hasher("templates")
            for name in sources.keys.sorted() where name == page || !pageTemplates.contains(name) {
                hasher.add(name)
                hasher.add(sources[name]!.text)
            }
            fingerprints[page] = hasher.finalize()
        }
        return TemplateSet(library: library, fingerprints: fingerprints,
                           usesTransforms: sources.values.contains { Self.callsTransform($0.text) })
    }

    /// Whether a template has a tag with a call in it, `{{ … ( … ) … }}`.
    static func callsTransform(_ text: String) -> Bool {
        var rest = Substring(text)
        while let open = rest.range(of: "{{") {
            guard let close = rest.range(of: "}}", range: open.upperBound..<rest.endIndex) else { return false }
            if rest[open.upperBound..<close.lowerBound].contains("(") { return true }
            rest = rest[close.upperBound...]
        }
        return false
    }

    /// The fingerprint of a page template and the partials it may use.
    func fingerprint(of page: String) -> BuildKey { fingerprints[page] ?? .none }

    func render(_ context: [String: Any], with name: String) -> String {
        library.render(context, withTemplate: name) ?? ""
    }
}

/// HTML escaping as Mustache's `{{value}}` does it (`&`, `<`, `>`, `"`, `'`), over Unicode
/// scalars: the package's own escaper looks every character up in a dictionary, grapheme by
/// grapheme, and Japanese text made it a tenth of a build. Every template is told to use this
/// one through the package's content-type pragma.
struct HTMLText: MustacheContentType {
    static let name = "RENTAI_HTML"
    /// A line of its own, which Mustache removes from the output as it does any standalone tag.
    static let pragma = "{{% CONTENT_TYPE: \(name) }}\n"

    static func register() {
        MustacheContentTypes.register(HTMLText(), named: name)
    }

    func escapeText(_ text: String) -> String { text.htmlEscaped }
}
