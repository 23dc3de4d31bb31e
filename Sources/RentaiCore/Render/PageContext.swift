import Foundation

/// Builds the values that templates see. Links inside the site are written relative to the page
/// (`{{root}}` leads back to the site's top), so the site works under any `base_url` path, from
/// any output folder, and straight from the disk.
struct PageContext {
    let settings: SiteSettings
    let organisation: Organisation
    let dates: DateText
    let labels: [String: String]

    init(settings: SiteSettings, organisation: Organisation) {
        self.settings = settings
        self.organisation = organisation
        self.dates = DateText(language: settings.language, timeZone: settings.timeZone)
        self.labels = Labels.table(for: settings.language)
    }

    /// `{"wage":"賃金"}`: site.yaml's names of tags.
    var tagNamesJSON: String {
        "{" + settings.tagNames.sorted { $0.key < $1.key }.map { $0.key.jsonLiteral + ":" + $0.value.jsonLiteral }.joined(separator: ",") + "}"
    }

    /// `../` once per folder between the page and the site's top.
    static func root(forPageIn folder: String) -> String {
        let depth = folder.split(separator: "/").count
        return String(repeating: "../", count: depth)
    }

    /// What every page has: language, titles, the way back to the top, the labels.
    func frame(title: String, folder: String) -> [String: Any] {
        [
            "lang": settings.language.rawValue,
            "site_title": settings.title,
            "page_title": title,
            "root": Self.root(forPageIn: folder),
            "labels": labels,
            "private": settings.addresses.isPrivate,
            // For rentai.js, which builds entries and tag filters from the layers' indexes (ids).
            "tag_names": tagNamesJSON,
        ]
    }

    /// A notice as a line in a list: the same values on every profile's page. `deadlineSoon`
    /// adds the "締切間近" badge, `isNew` the "新着" one.
    func entry(_ notice: Notice, status: NoticeStatus, deadlineSoon: Bool, isNew: Bool = false) -> [String: Any] {
        var entry: [String: Any] = [
            "title": notice.title,
            "href": settings.addresses.page(notice.slug),
            "date_text": dates.text(notice.date),
            "datetime": dates.machine(notice.date),
            "summary": notice.summary,
            "pinned": notice.pinned && status == .active,
            "archived": status == .archived,
            "tags": notice.tags.map(settings.tagName),
            "new": isNew,
            "has_tags": !notice.tags.isEmpty,
            // The entry is rendered on its own, once per notice, so it carries its own labels.
            "labels": labels,
        ]
        entry["has_badges"] = isNew || (notice.pinned && status == .active) || status == .archived || notice.deadline != nil
            || notice.event != nil || !notice.tags.isEmpty
        if let from = notice.from { entry["from"] = from }
        if let deadline = notice.deadline {
            entry["deadline"] = ["text": dates.text(deadline), "datetime": dates.machine(deadline), "soon": deadlineSoon] as [String: Any]
        }
        if let event = notice.event {
            var value: [String: Any] = ["text": dates.spanForPages(event), "datetime": dates.machine(event.start)]
            if let location = event.location { value["location"] = location }
            entry["event"] = value
        }
        return entry
    }

    /// Who a notice is for, in words: each targeting key as a line (SPEC §4).
    func audienceLines(_ notice: Notice) -> [[String: String]] {
        let targeting = notice.targeting
        guard !targeting.isEveryone else { return [["label": labels["audience"]!, "value": labels["everyone"]!]] }
        var lines: [[String: String]] = []
        let places = (targeting.blocks ?? []).compactMap { organisation.block($0)?.name }
            + (targeting.councils ?? []).compactMap { organisation.council($0)?.name }
        if !places.isEmpty { lines.append(["label": labels["place"]!, "value": places.joined(separator: "、")]) }
        if let unions = targeting.unions {
            lines.append(["label": labels["union"]!, "value": unions.compactMap { organisation.union($0)?.name }.joined(separator: "、")])
        }
        if let roles = targeting.roles {
            lines.append(["label": labels["role"]!, "value": roles.compactMap { organisation.role($0)?.name }.joined(separator: "、")])
        }
        return lines
    }
}
