import Foundation
import RentaiMarkdown
import Yams

/// Reads one notice file: front matter keys and their types, dates, and the Markdown body,
/// rendered here once for every page that will show it (SPEC §4).
struct NoticeLoader {
    static let keys = ["title", "date", "block", "council", "union", "role", "from", "summary",
                       "deadline", "event", "pinned", "expires", "tags", "draft"]
    static let eventKeys = ["start", "end", "location"]

    let timeZone: TimeZone
    /// The site's `base_url`, so that feeds get absolute links; nil when site.yaml is broken.
    let baseURL: String?
    /// Where the notice's page will be, for those absolute links.
    var addresses = SiteAddresses()
    /// False for a reader that needs who a notice reaches and when, not its page (`rentai
    /// diff`): the body is then rendered only if something asks for it.
    var rendersBodies = true
    let renderer = MarkdownRenderer()

    /// The largest notice file read: a notice is text; big things belong in attachments.
    static let maximumBytes = 2 << 20

    func load(_ file: NoticeFile, diagnostics: inout Diagnostics) -> LoadedNotice? {
        let opening = SourceLocation(path: file.displayPath)
        var info = stat()
        let size = stat(file.url.path, &info) == 0 ? Int(info.st_size) : 0
        guard size <= Self.maximumBytes else {
            diagnostics.error("the notice is \(Size.megabytes(size)); a notice may be at most \(Self.maximumBytes >> 20) MB of text: put large material in an attachment beside an index.md", at: opening)
            return nil
        }
        let data: Data
        do {
            data = try Data(contentsOf: file.url)
        } catch {
            diagnostics.error("cannot read the file: \(error.localizedDescription)", at: opening)
            return nil
        }
        return load(data, file: file, diagnostics: &diagnostics)
    }

    /// Reads a notice from its bytes; `file` names it and its attachments.
    func load(_ data: Data, file: NoticeFile, diagnostics: inout Diagnostics) -> LoadedNotice? {
        let opening = SourceLocation(path: file.displayPath)
        guard data.count <= Self.maximumBytes else {
            diagnostics.error("the notice is \(Size.megabytes(data.count)); a notice may be at most \(Self.maximumBytes >> 20) MB of text: put large material in an attachment beside an index.md", at: opening)
            return nil
        }
        let text: String
        switch SourceText.decode(data, path: file.displayPath) {
        case .success(let decoded): text = decoded
        case .failure(let problem):
            diagnostics.error(problem.message, at: problem.location)
            return nil
        }

        let frontMatter: FrontMatter
        switch FrontMatter.split(text) {
        case .success(let split): frontMatter = split
        case .failure(.missingOpening):
            diagnostics.error("a notice starts with its front matter: a line '---', the keys (title, date, …), and another '---'", at: opening)
            return nil
        case .failure(.missingClosing):
            diagnostics.error("the front matter is not closed; add a line '---' after its last key", at: opening)
            return nil
        }

        let source = YAMLSource(path: file.displayPath, lineOffset: frontMatter.yamlLineOffset)
        if let problem = FrontMatterLimits.problem(in: frontMatter.yaml, path: file.displayPath, lineOffset: frontMatter.yamlLineOffset) {
            diagnostics.error(problem.message, at: problem.location)
            return nil
        }
        var problems = Diagnostics()
        let root = source.parse(frontMatter.yaml, diagnostics: &problems)
        if !problems.isEmpty {
            diagnostics.append(contentsOf: problems)
            return nil
        }
        guard let root else {
            diagnostics.error("notice has no 'title'", at: opening)
            diagnostics.error("notice has no 'date'", at: opening)
            return nil
        }
        guard let map = YAMLMapping(root, source: source, describing: "the front matter", diagnostics: &diagnostics) else { return nil }
        map.checkKeys(allowed: Self.keys, in: "the front matter", diagnostics: &diagnostics)

        let title = map.text("title", diagnostics: &problems)
        if map["title"] == nil { problems.error("notice has no 'title'", at: opening) }
        let date = map.time("date", in: timeZone, diagnostics: &problems)
        if map["date"] == nil { problems.error("notice has no 'date'; write when it is published, like 'date: 2026-11-20 09:00'", at: opening) }

        var targetIDs: [TargetingKey: [Located<String>]] = [:]
        let problemsBeforeTargeting = problems.all.count
        for key in TargetingKey.allCases {
            if let ids = map.ids(key.rawValue, diagnostics: &problems) { targetIDs[key] = ids }
        }
        let targetingIsSound = problems.all.count == problemsBeforeTargeting
        let from = map.text("from", diagnostics: &problems)
        let summary = map.text("summary", diagnostics: &problems)
        let deadline = map.time("deadline", in: timeZone, diagnostics: &problems)
        let event = map["event"].flatMap { loadEvent($0, source: source, diagnostics: &problems) }
        let pinned = map.bool("pinned", diagnostics: &problems)
        let expires = map.time("expires", in: timeZone, diagnostics: &problems)
        let tags = loadTags(map, diagnostics: &problems)
        let draft = map.bool("draft", diagnostics: &problems)

        let bodyLine = 3 + (frontMatter.yaml.isEmpty ? 0 : frontMatter.yaml.utf8.reduce(1) { $0 + ($1 == 0x0A ? 1 : 0) })
        if let problem = MarkdownLimits.problem(in: frontMatter.body, path: file.displayPath, firstLine: bodyLine) {
            problems.error(problem.message, at: problem.location)
        }
        let invisible = frontMatter.body.invisibleFormatting
        if !invisible.isEmpty {
            let names = Set(invisible.map { "U+" + String($0.value, radix: 16, uppercase: true) }).sorted().joined(separator: ", ")
            problems.warning("the body holds invisible characters that can make text read as something else (\(names)); they were left out",
                             at: SourceLocation(path: file.displayPath, line: bodyLine))
        }
        diagnostics.append(contentsOf: problems)
        // A notice with problems is still returned, so that the checks its problems do not touch
        // (ids, whom it reaches, the order of its dates) run in the same run; it is never built.
        var notice = Notice(
            slug: file.slug, source: opening, title: title?.value ?? "",
            date: date?.value ?? SiteTime(instant: Date(timeIntervalSince1970: 0), isDateOnly: false),
            targeting: file.space.withDefaults(
                Targeting(blocks: targetIDs[.block]?.map(\.value), councils: targetIDs[.council]?.map(\.value),
                          unions: targetIDs[.union]?.map(\.value), roles: targetIDs[.role]?.map(\.value))),
            from: from?.value, summary: summary?.value, deadline: deadline?.value, event: event?.event,
            pinned: pinned?.value ?? false, expires: expires?.value, tags: tags, draft: draft?.value ?? false,
            body: problems.isEmpty && rendersBodies ? body(frontMatter.body, slug: file.slug) : RenderedMarkdown(html: "", firstParagraph: ""),
            attachments: file.attachments)
        notice.contentKey = Self.contentKey(data, file: file)
        for raw in notice.body.rawHTML {
            diagnostics.warning(RawHTMLAdvice.message(for: raw.html),
                                at: SourceLocation(path: file.displayPath, line: bodyLine + raw.line - 1, column: raw.column))
        }
        var keyLocations: [String: SourceLocation] = [:]
        for entry in map.entries { keyLocations[entry.key] = source.location(of: entry.keyNode) }
        return LoadedNotice(notice: notice, space: file.space, dateIsKnown: date != nil, targetingIsSound: targetingIsSound,
                            keyLocations: keyLocations, targetIDs: targetIDs,
                            expiresLocation: expires?.location, deadlineLocation: deadline?.location,
                            eventEndLocation: event?.endLocation)
    }

    /// The Markdown body as every page shows it, with links made absolute for feeds and mail
    /// from where the notice's page will be.
    func body(_ markdown: String, slug: String) -> RenderedMarkdown {
        renderer.render(markdown.withoutControlCharacters.withoutInvisibleFormatting, pageURL: baseURL.map { $0 + addresses.folder(slug) })
    }

    /// The body of a notice file read before without a problem (the cache remembers the rest of
    /// it): read and rendered again, as it was then.
    func body(of file: NoticeFile) -> RenderedMarkdown {
        guard let data = try? Data(contentsOf: file.url), case .success(let text) = SourceText.decode(data, path: file.displayPath),
              case .success(let frontMatter) = FrontMatter.split(text) else {
            return RenderedMarkdown(html: "", firstParagraph: "")
        }
        return body(frontMatter.body, slug: file.slug)
    }

    /// The notice's bytes, its slug (which fixes its space and address) and its attachments'
    /// names and bytes. An attachment that cannot be read gets a key of its own, never reused.
    static func contentKey(_ data: Data, file: NoticeFile) -> BuildKey {
        var hasher = BuildKey.Hasher("notice")
        hasher.add(file.slug)
        hasher.add(data)
        for attachment in file.attachments {
            hasher.add(attachment.name)
            // A piece at a time: an attachment may be gigabytes.
            hasher.add(attachment.size)
            do {
                try PlainFile.read(attachment.source.path) { hasher.add(bytes: $0) }
            } catch {
                hasher.add(UUID().uuidString)
            }
        }
        return hasher.finalize()
    }

    private func loadEvent(_ node: Node, source: YAMLSource, diagnostics: inout Diagnostics) -> (event: NoticeEvent, endLocation: SourceLocation?)? {
        guard let map = YAMLMapping(node, source: source, describing: "'event'", diagnostics: &diagnostics) else { return nil }
        map.checkKeys(allowed: Self.eventKeys, in: "'event'", diagnostics: &diagnostics)
        let start = map.time("start", in: timeZone, diagnostics: &diagnostics)
        if map["start"] == nil {
            diagnostics.error("'event' has no 'start'; write 'event: { start: 2026-12-15 13:30 }'", at: map.location)
        }
        let end = map.time("end", in: timeZone, diagnostics: &diagnostics)
        let location = map.text("location", diagnostics: &diagnostics)
        guard let start else { return nil }
        return (NoticeEvent(start: start.value, end: end?.value, location: location?.value), end?.location)
    }

    private func loadTags(_ map: YAMLMapping, diagnostics: inout Diagnostics) -> [String] {
        guard let ids = map.ids("tags", diagnostics: &diagnostics) else { return [] }
        var seen = Set<String>()
        return ids.map(\.value).filter { seen.insert($0).inserted }
    }
}
