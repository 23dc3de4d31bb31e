import Foundation

/// A profile's two pages (SPEC §6, §13): its portal — pinned notices, its newest `page_size`
/// others, what is coming up, links to its feed, calendar and `all/` — and `all/`, which links
/// each layer it reads, where every notice that ever reached it is listed once for everyone.
struct ProfilePages {
    let context: PageContext
    let input: RenderInput
    private let names: LayerNames

    init(context: PageContext, input: RenderInput) {
        self.context = context
        self.input = input
        names = LayerNames(organisation: input.organisation, language: input.settings.language)
    }

    /// The portal, its lists and "coming up" made of shared fragments: `entries` by notice,
    /// `upcoming` by notice × 2 (+ 1 for an event).
    func portal(_ profile: Profile, lists: SiteListings.Lists, skeletons: PageSkeletons,
                entries: SharedFragments, upcoming: SharedFragments, layers: SharedFragments) -> RenderedFile {
        let folder = input.settings.addresses.portalFolder(profile)
        var values = context.frame(title: name(of: profile), folder: folder)
        values.merge(common(profile, lists: lists, folder: folder)) { _, new in new }
        values["layers"] = lists.layers.map { layers.baseValues($0) }
        values["has_upcoming"] = !lists.upcoming.isEmpty
        values["is_empty"] = lists.pinned.isEmpty && lists.latest.isEmpty
        var page = FragmentPage(template: "portal", values: values, root: PageContext.root(forPageIn: folder))
        page.slots = [
            .init(key: "pinned_html", fragments: entries, indexes: lists.pinned),
            .init(key: "notices_html", fragments: entries, indexes: lists.latest),
            .init(key: "upcoming_html", fragments: upcoming, indexes: lists.upcoming.map { $0.notice * 2 + ($0.isEvent ? 1 : 0) }),
        ]
        var filled = page.valuesWithSlots(listNames: ["pinned_html": "pinned", "notices_html": "notices", "upcoming_html": "upcoming"])
        // The box sees what makes it and what every page has; its lines are the shared fragments.
        var box = context.frame(title: "", folder: folder)
        for key in ["upcoming", "upcoming_html", "has_upcoming"] { box[key] = filled[key] }
        filled["coming_up_html"] = skeletons.render(box, with: "coming-up")
        return page.assemble(skeletons.rendered(filled, with: "portal"))
    }

    /// `all/`: the links to its layers are shared fragments, by layer.
    func all(_ profile: Profile, lists: SiteListings.Lists, skeletons: PageSkeletons, layers: SharedFragments) -> RenderedFile {
        let folder = input.settings.addresses.portalFolder(profile) + "all/"
        let title = "\(context.labels["all_notices"]!) – \(name(of: profile))"
        var values = context.frame(title: title, folder: folder)
        values.merge(common(profile, lists: lists, folder: folder)) { _, new in new }
        var page = FragmentPage(template: "all", values: values, root: PageContext.root(forPageIn: folder))
        page.slots = [.init(key: "layers_html", fragments: layers, indexes: lists.layers)]
        return page.assemble(skeletons.rendered(page.valuesWithSlots(listNames: ["layers_html": "layers"]), with: "all"))
    }

    /// The values of a layer's link (`layer-item.mustache`), the same on every profile's pages.
    func layerValues(_ position: Int) -> [String: Any] {
        let filing = input.listings.filing
        let layer = filing.layers[position]
        let folder = input.settings.addresses.layerFolder(layer)
        let count = filing.notices[position].count
        return ["name": names.name(of: layer), "href": folder + "index.html", "index_href": folder + "index.json",
                "count": count, "count_text": names.count(count), "labels": context.labels]
    }

    /// `東京都協議会 / KDDI労働組合 / 組合員`.
    func name(of profile: Profile) -> String {
        let organisation = input.organisation
        return [organisation.council(profile.council)?.name ?? profile.council,
                organisation.union(profile.union)?.name ?? profile.union,
                organisation.role(profile.role)?.name ?? profile.role].joined(separator: " / ")
    }

    /// Values both pages have: who the profile is, where its files and layers are. `folder` is
    /// the page's own.
    private func common(_ profile: Profile, lists: SiteListings.Lists, folder: String) -> [String: Any] {
        let organisation = input.organisation
        let addresses = input.settings.addresses
        let portal = addresses.portalFolder(profile)
        let council = organisation.council(profile.council)
        let filing = input.listings.filing
        let root = PageContext.root(forPageIn: folder)
        return [
            "profile": [
                "council": council?.name ?? profile.council,
                "block": council.flatMap { organisation.block($0.blockID)?.name } ?? "",
                "union": organisation.union(profile.union)?.name ?? profile.union,
                "role": organisation.role(profile.role)?.name ?? profile.role,
                "path": profile.path,
            ],
            "portal_href": portal + "index.html",
            "all_href": portal + "all/index.html",
            // A site's own templates from before layers link the archive; `all/` took its place.
            "archive_href": portal + "all/index.html",
            "feed_href": portal + "feed.xml",
            "feed_url": input.settings.baseURL + portal + "feed.xml",
            "manifest_href": portal + "manifest.webmanifest",
            "calendar_href": portal + "calendar.ics",
            "calendar_url": input.settings.baseURL + portal + "calendar.ics",
            "webcal_url": Self.webcal(input.settings.baseURL + portal + "calendar.ics"),
            "reminder_text": reminderText,
            "has_layers": !lists.layers.isEmpty,
            // What the browser merges: each layer's index, from the page's folder.
            "layer_indexes": lists.layers.map { root + addresses.layerFolder(filing.layers[$0]) + "index.json" }.joined(separator: " "),
        ]
    }

    /// `webcal://…`: the address that makes a phone offer to subscribe rather than download.
    static func webcal(_ url: String) -> String {
        if url.hasPrefix("https://") { return "webcal://" + url.dropFirst("https://".count) }
        if url.hasPrefix("http://") { return "webcal://" + url.dropFirst("http://".count) }
        return url
    }

    /// "締切・行事の7日前と1日前に通知が届きます。", from `reminder_days`.
    private var reminderText: String {
        let days = input.settings.reminderDays.sorted(by: >)
        guard !days.isEmpty else { return "" }
        switch input.settings.language {
        case .ja:
            let parts = days.map { $0 == 0 ? "当日" : "\($0)日前" }
            return "締切・行事の\(parts.joined(separator: "と"))に通知が届きます。"
        case .en:
            let parts = days.map { $0 == 0 ? "on the day" : $0 == 1 ? "1 day before" : "\($0) days before" }
            return "Your calendar reminds you \(parts.joined(separator: " and ")) each deadline and event."
        }
    }

    /// The template values of one "coming up" line (`coming-up-item.mustache`): a notice's
    /// deadline, or its event.
    func upcomingValues(notice index: Int, isEvent: Bool) -> [String: Any] {
        let notice = input.notices[index]
        guard isEvent, let event = notice.event else {
            guard let deadline = notice.deadline else { return [:] }
            return ["kind": context.labels["deadline"]!, "is_deadline": true, "labels": context.labels,
                    "title": notice.title, "href": input.settings.addresses.page(notice.slug),
                    "date_text": context.dates.text(deadline), "datetime": context.dates.machine(deadline)]
        }
        var values: [String: Any] = [
            "kind": context.labels["event"]!, "is_event": true, "labels": context.labels,
            "title": notice.title, "href": input.settings.addresses.page(notice.slug),
            "date_text": context.dates.spanForPages(event), "datetime": context.dates.machine(event.start),
        ]
        if let location = event.location { values["location"] = location }
        return values
    }
}
