import Foundation

/// A layer's files (SPEC §15): its notices, newest first, in pages of `page_size` linked with
/// `rel="next"` and `rel="prev"`, archived ones marked; and `index.json`, the same list for the
/// browser, which merges a profile's layers into one searchable list.
struct LayerPages {
    let context: PageContext
    let input: RenderInput
    private let names: LayerNames

    init(context: PageContext, input: RenderInput) {
        self.context = context
        self.input = input
        names = LayerNames(organisation: input.organisation, language: input.settings.language)
    }

    struct Page {
        var path: String
        var number: Int
        var count: Int
        var page: FragmentPage
    }

    /// Every page of the layer at `position` in the filing; its entries are `entries`.
    func pages(_ position: Int, entries: SharedFragments) -> [Page] {
        let layer = input.listings.filing.layers[position]
        let notices = input.listings.filing.notices[position]
        let base = input.settings.addresses.layerFolder(layer)
        let name = names.name(of: layer)
        let size = input.settings.pageSize
        let chunks = stride(from: 0, to: max(notices.count, 1), by: size).map { Array(notices[$0..<min($0 + size, notices.count)]) }
        func folder(_ number: Int) -> String { number == 0 ? base : base + "page/\(number + 1)/" }
        return chunks.enumerated().map { number, chunk in
            let title = number == 0 ? name
                : input.settings.language == .ja ? "\(name)（\(number + 1)ページ目）" : "\(name) (page \(number + 1))"
            var values = context.frame(title: title, folder: folder(number))
            values["layer"] = ["name": name, "count": notices.count, "count_text": names.count(notices.count)] as [String: Any]
            values["index_href"] = base + "index.json"
            values["is_empty"] = notices.isEmpty
            values["page_number"] = number + 1
            values["page_count"] = chunks.count
            values["has_pagination"] = chunks.count > 1
            if number > 0 { values["prev_href"] = folder(number - 1) + "index.html" }
            if number + 1 < chunks.count { values["next_href"] = folder(number + 1) + "index.html" }
            var page = FragmentPage(template: "layer", values: values, root: PageContext.root(forPageIn: folder(number)))
            page.slots = [.init(key: "notices_html", fragments: entries, indexes: chunk)]
            return Page(path: folder(number) + "index.html", number: number, count: chunks.count, page: page)
        }
    }

    /// A page, rendered.
    func render(_ page: Page, templates: TemplateSet) -> RenderedFile {
        page.page.assemble(templates.render(page.page.valuesWithSlots(listNames: ["notices_html": "notices"]), with: "layer"))
    }

    /// `index.json`: `{"layer": …, "notices": […]}`, newest first; each notice's record is made
    /// once and shared by every layer that holds it.
    func index(_ position: Int, records: (Int) -> Data) -> RenderedFile {
        let layer = input.listings.filing.layers[position]
        var file = RenderedFile()
        file.append("{\"layer\":" + input.settings.addresses.layerID(layer).jsonLiteral + ",\"notices\":[")
        for (offset, notice) in input.listings.filing.notices[position].enumerated() {
            if offset > 0 { file.append(",\n") }
            file.append(records(notice), piece: PieceID(kind: .layerRecord, notice: notice))
        }
        file.append("]}\n")
        return file
    }

    /// One notice as index.json lists it: what its list entry shows, its page's absolute `url`
    /// and its address from the site's top (`href`, as `{{href}}` in templates), and `version`,
    /// which changes with its page, so that a phone knows when the copy it keeps offline is old.
    func record(_ index: Int, version: BuildKey) -> String {
        let notice = input.notices[index]
        let status = input.statuses[index]
        let dates = context.dates
        let addresses = input.settings.addresses
        var fields = [
            "\"url\":" + (input.settings.baseURL + addresses.folder(notice.slug)).jsonLiteral,
            "\"href\":" + addresses.page(notice.slug).jsonLiteral,
            "\"version\":" + String(version.description.prefix(16)).jsonLiteral,
            "\"title\":" + notice.title.jsonLiteral,
            // Always a moment with its offset, even for a date alone (SPEC §15).
            "\"date\":" + dates.machine(SiteTime(instant: notice.date.instant, isDateOnly: false)).jsonLiteral,
            "\"date_text\":" + dates.text(notice.date).jsonLiteral,
            "\"from\":" + (notice.from?.jsonLiteral ?? "null"),
            "\"summary\":" + notice.summary.jsonLiteral,
            "\"tags\":[" + notice.tags.map(\.jsonLiteral).joined(separator: ",") + "]",
            "\"pinned\":\(notice.pinned && status == .active)",
            "\"archived\":\(status == .archived)",
            "\"new\":\(input.justPublished[index])",
        ]
        if let deadline = notice.deadline {
            fields.append("\"deadline\":{\"datetime\":\(dates.machine(deadline).jsonLiteral),\"text\":\(dates.text(deadline).jsonLiteral),\"soon\":\(input.deadlineSoon[index])}")
        }
        if let event = notice.event {
            var value = "\"event\":{\"datetime\":\(dates.machine(event.start).jsonLiteral),\"text\":\(dates.spanForPages(event).jsonLiteral)"
            if let location = event.location { value += ",\"location\":" + location.jsonLiteral }
            fields.append(value + "}")
        }
        return "{" + fields.joined(separator: ",") + "}"
    }
}
