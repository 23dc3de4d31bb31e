import Foundation

/// A profile's portal and archive, split into pages (SPEC §6, §13): `index.html` holds every
/// pinned notice and the first `page_size` of the rest; `page/N/` the next ones; the archive
/// likewise under `archive/`.
struct PortalPages {
    let context: PageContext
    let input: RenderInput
    let shared: SharedEntries
    let templates: TemplateSet

    /// One page, not yet rendered: its key says whether the output already holds it.
    struct Page {
        var path: String
        var template: String
        var key: BuildKey
        var values: () -> [String: Any]
    }

    func pages(for profileIndex: Int, keys: RenderKeys) -> [Page] {
        let profile = input.listings.profiles[profileIndex]
        let active = input.listings.active[profileIndex]
        let pinned = active.filter { input.notices[$0].pinned }
        let rest = active.filter { !input.notices[$0].pinned }
        let portal = input.settings.addresses.portalFolder(profile)
        let upcoming = comingUp(active)
        // What every page of the portal shows besides its list: the profile and what is coming up.
        var portalHasher = BuildKey.Hasher("portal")
        portalHasher.add(keys.site)
        portalHasher.add(templates.fingerprint(of: "portal"))
        portalHasher.add(profile.path)
        for item in upcoming {
            portalHasher.add(keys.notices[item.notice])
            portalHasher.add(item.values["is_event"] != nil)
        }
        let portalKey = portalHasher.finalize()
        // Rendered at most once per profile, and only when some page is made again.
        let common = Memo { commonValues(for: profile, upcoming: upcoming.map(\.values)) }
        let comingUp = Memo<[String: String]> { [:] }
        func comingUpHTML(root: String) -> String {
            if let html = comingUp.value[root] { return html }
            var values = common.value
            values["root"] = root
            values["labels"] = context.labels
            let html = templates.render(values, with: "coming-up")
            comingUp.value[root] = html
            return html
        }

        var pages: [Page] = []
        let portalChunks = chunks(rest)
        for (number, chunk) in portalChunks.enumerated() {
            let folder = number == 0 ? portal : portal + "page/\(number + 1)/"
            let listed = (number == 0 ? pinned : []) + Array(chunk)
            let key = keys.list(portalKey, number: number, count: portalChunks.count, notices: listed, isEmpty: active.isEmpty)
            pages.append(Page(path: folder + "index.html", template: "portal", key: key) { [self] in
                var values = context.frame(title: title(for: profile, page: number + 1), folder: folder)
                values.merge(common.value) { _, new in new }
                let root = PageContext.root(forPageIn: folder)
                values["coming_up_html"] = comingUpHTML(root: root)
                values["pinned"] = number == 0 ? pinned.map { shared.listed($0, root: root) } : []
                values["notices"] = chunk.map { shared.listed($0, root: root) }
                values["pinned_html"] = number == 0 ? joinedEntries(pinned, root: root) : ""
                values["notices_html"] = joinedEntries(chunk, root: root)
                values["is_empty"] = active.isEmpty
                values["is_first_page"] = number == 0
                values.merge(pagination(base: portal, number: number, count: portalChunks.count)) { _, new in new }
                return values
            })
        }

        let archived = input.listings.archived[profileIndex]
        let archiveChunks = chunks(archived)
        var archiveHasher = BuildKey.Hasher("archive")
        archiveHasher.add(keys.site)
        archiveHasher.add(templates.fingerprint(of: "archive"))
        archiveHasher.add(profile.path)
        let archiveKey = archiveHasher.finalize()
        for (number, chunk) in archiveChunks.enumerated() {
            let folder = portal + (number == 0 ? "archive/" : "archive/page/\(number + 1)/")
            let key = keys.list(archiveKey, number: number, count: archiveChunks.count, notices: Array(chunk), isEmpty: archived.isEmpty)
            pages.append(Page(path: folder + "index.html", template: "archive", key: key) { [self] in
                var values = context.frame(title: "\(context.labels["archive"]!) – \(title(for: profile, page: number + 1))", folder: folder)
                values.merge(common.value) { _, new in new }
                let root = PageContext.root(forPageIn: folder)
                values["notices"] = chunk.map { shared.listed($0, root: root) }
                values["notices_html"] = joinedEntries(chunk, root: root)
                values["is_empty"] = archived.isEmpty
                values.merge(pagination(base: portal + "archive/", number: number, count: archiveChunks.count)) { _, new in new }
                return values
            })
        }
        return pages
    }

    /// The depths of the pages that list a notice: a portal's first and further pages when it is
    /// active, the archive's when it is archived. `portal` is any portal's folder: readable ones
    /// are four folders deep (`p/c/u/r/`), private ones two (`p/<token>/`).
    static func roots(for status: NoticeStatus, portal: String) -> [String] {
        switch status {
        case .active: [PageContext.root(forPageIn: portal), PageContext.root(forPageIn: portal + "page/2/")]
        case .archived: [PageContext.root(forPageIn: portal + "archive/"), PageContext.root(forPageIn: portal + "archive/page/2/")]
        case .unpublished: []
        }
    }

    /// Values shared by all of a profile's pages: who it is, where its feed and archive are,
    /// and what is coming up.
    private func commonValues(for profile: Profile, upcoming: [[String: Any]]) -> [String: Any] {
        let organisation = input.organisation
        let portal = input.settings.addresses.portalFolder(profile)
        let council = organisation.council(profile.council)
        return [
            "profile": [
                "council": council?.name ?? profile.council,
                "block": council.flatMap { organisation.block($0.blockID)?.name } ?? "",
                "union": organisation.union(profile.union)?.name ?? profile.union,
                "role": organisation.role(profile.role)?.name ?? profile.role,
                "path": profile.path,
            ],
            "portal_href": portal + "index.html",
            "feed_href": portal + "feed.xml",
            "archive_href": portal + "archive/index.html",
            "feed_url": input.settings.baseURL + portal + "feed.xml",
            "calendar_href": portal + "calendar.ics",
            "calendar_url": input.settings.baseURL + portal + "calendar.ics",
            "webcal_url": Self.webcal(input.settings.baseURL + portal + "calendar.ics"),
            "reminder_text": reminderText,
            "upcoming": upcoming,
            "has_upcoming": !upcoming.isEmpty,
        ]
    }

    /// The list entries of `indexes`, already rendered, one after another: what the built-in
    /// templates place with `{{{notices_html}}}`, sparing a template loop per notice per page.
    private func joinedEntries(_ indexes: some Collection<Int>, root: String) -> String {
        var html = ""
        for index in indexes { html += shared.listed(index, root: root)["entry_html"] as? String ?? "" }
        return html
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

    /// Deadlines and event starts after now, soonest first; a notice with both appears twice.
    private func comingUp(_ active: [Int]) -> [(notice: Int, values: [String: Any])] {
        let zone = input.settings.timeZone
        var items: [(time: Date, slug: String, notice: Int, values: [String: Any])] = []
        for index in active {
            let notice = input.notices[index]
            if let deadline = notice.deadline, deadline.endOfDay(in: zone) > input.now {
                items.append((deadline.endOfDay(in: zone), notice.slug, index, [
                    "kind": context.labels["deadline"]!, "is_deadline": true,
                    "title": notice.title, "href": input.settings.addresses.page(notice.slug),
                    "date_text": context.dates.text(deadline), "datetime": context.dates.machine(deadline),
                ]))
            }
            if let event = notice.event, event.start.instant > input.now {
                var values: [String: Any] = [
                    "kind": context.labels["event"]!, "is_event": true,
                    "title": notice.title, "href": input.settings.addresses.page(notice.slug),
                    "date_text": context.dates.span(event), "datetime": context.dates.machine(event.start),
                ]
                if let location = event.location { values["location"] = location }
                items.append((event.start.instant, notice.slug, index, values))
            }
        }
        return items.sorted { ($0.time, $0.slug) < ($1.time, $1.slug) }.map { ($0.notice, $0.values) }
    }

    private func chunks(_ indexes: [Int]) -> [ArraySlice<Int>] {
        let size = input.settings.pageSize
        guard !indexes.isEmpty else { return [[]] }
        return stride(from: 0, to: indexes.count, by: size).map { indexes[$0..<min($0 + size, indexes.count)] }
    }

    private func pagination(base: String, number: Int, count: Int) -> [String: Any] {
        func href(_ page: Int) -> String { page == 0 ? base + "index.html" : base + "page/\(page + 1)/index.html" }
        var values: [String: Any] = ["page_number": number + 1, "page_count": count, "has_pagination": count > 1]
        if number > 0 { values["prev_href"] = href(number - 1) }
        if number + 1 < count { values["next_href"] = href(number + 1) }
        return values
    }

    private func title(for profile: Profile, page: Int) -> String {
        let name = FeedRenderer(settings: input.settings, organisation: input.organisation, dates: context.dates).name(of: profile)
        guard page > 1 else { return name }
        return input.settings.language == .ja ? "\(name)（\(page)ページ目）" : "\(name) (page \(page))"
    }
}
