import Foundation

/// A profile's portal and archive, split into pages (SPEC §6, §13): `index.html` holds every
/// pinned notice and the first `page_size` of the rest; `page/N/` the next ones; the archive
/// likewise under `archive/`.
/// A class, not a struct: every page's closures hold it, and a copy of the site's notices per
/// closure would cost more than the pages of an unchanged profile.
final class PortalPages {
    let context: PageContext
    let input: RenderInput
    let shared: SharedEntries
    let templates: TemplateSet
    /// Shared by every profile of the build.
    let skeletons: PageSkeletons
    let comingUpBoxes: ComingUpBoxes
    /// By notice: when its deadline ends and its event starts, worked out once per build.
    let moments: NoticeMoments

    init(context: PageContext, input: RenderInput, shared: SharedEntries, templates: TemplateSet,
         skeletons: PageSkeletons = PageSkeletons(), comingUpBoxes: ComingUpBoxes = ComingUpBoxes(),
         moments: NoticeMoments? = nil) {
        self.context = context
        self.input = input
        self.shared = shared
        self.templates = templates
        self.skeletons = skeletons
        self.comingUpBoxes = comingUpBoxes
        self.moments = moments ?? NoticeMoments(input)
    }

    /// One page, not yet rendered: its key says whether the output already holds it.
    struct Page {
        var path: String
        var template: String
        var key: BuildKey
        var values: () -> [String: Any]
        /// The notices listed, pinned ones apart, and the page's way to the top.
        var pinned: [Int] = []
        var listed: [Int]
        var root: String
        var shared: SharedEntries
        /// The profile's index: "coming up" is a piece shared by its pages.
        var profile: Int
        var skeletons: PageSkeletons

        /// Stand-ins for `pinned_html` and `notices_html`, different in every run so that no
        /// notice can contain them: the list entries are put in their place as shared pieces.
        static let pinnedMarker = "\u{E000}pinned-\(UUID().uuidString)\u{E000}"
        static let listedMarker = "\u{E000}listed-\(UUID().uuidString)\u{E000}"

        func assemble(_ templates: TemplateSet) -> RenderedFile {
            skeletons.assemble(self, templates: templates)
        }

        /// The list entries of `indexes`, each a piece shared by every page at this depth.
        func appendEntries(_ indexes: [Int], to file: inout RenderedFile) {
            for index in indexes {
                file.append(shared.entryHTML(index, root: root), piece: PieceID(kind: .entry, notice: index, variant: root.utf8.count))
            }
        }

        /// The page rendered from its template, with its entries put in as shared pieces.
        func assembleInFull(_ templates: TemplateSet, values: [String: Any]? = nil) -> RenderedFile {
            var values = values ?? self.values()
            values["pinned_html"] = Self.pinnedMarker
            values["notices_html"] = Self.listedMarker
            let bytes = Array(templates.render(values, with: template).utf8)
            var file = RenderedFile()
            var position = 0
            // Byte searches: Foundation's `range(of:)` costs more than rendering the page.
            while true {
                let pinnedAt = Self.find(Self.pinnedBytes, in: bytes, from: position)
                let listedAt = Self.find(Self.listedBytes, in: bytes, from: position)
                guard let next = [pinnedAt, listedAt].compactMap({ $0 }).min() else { break }
                file.append(bytes: bytes[position..<next])
                let isPinned = next == pinnedAt
                appendEntries(isPinned ? pinned : listed, to: &file)
                position = next + (isPinned ? Self.pinnedBytes.count : Self.listedBytes.count)
            }
            file.append(bytes: bytes[position...])
            return file
        }

        private static let pinnedBytes = Array(pinnedMarker.utf8)
        private static let listedBytes = Array(listedMarker.utf8)

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

    func pages(for profileIndex: Int, keys: RenderKeys) -> [Page] {
        let profile = input.listings.profiles[profileIndex]
        let active = input.listings.active[profileIndex]
        let pinned = active.filter { input.notices[$0].pinned }
        let rest = active.filter { !input.notices[$0].pinned }
        let portal = input.settings.addresses.portalFolder(profile)
        let upcoming = upcomingItems(active)
        let name = Memo { [self] in FeedRenderer(settings: input.settings, organisation: input.organisation, dates: context.dates).name(of: profile) }
        // What every page of the portal shows besides its list: the profile and what is coming up.
        var portalHasher = BuildKey.Hasher("portal")
        portalHasher.add(keys.site)
        portalHasher.add(templates.fingerprint(of: "portal"))
        portalHasher.add(profile.path)
        for item in upcoming {
            portalHasher.add(keys.notices[item.notice])
            portalHasher.add(item.isEvent)
        }
        let portalKey = portalHasher.finalize()
        // Rendered at most once per profile, and only when some page is made again.
        let common = Memo { [self] in commonValues(for: profile, upcoming: upcoming.map(upcomingValues)) }
        func comingUpHTML(root: String) -> String {
            comingUpBoxes.box(items: upcoming, root: root) { [self] in
                let lines = common.value["upcoming"] as? [[String: Any]] ?? []
                var values = context.frame(title: "", folder: "")
                values["page_title"] = nil
                values["root"] = root
                values["upcoming"] = lines
                values["has_upcoming"] = !lines.isEmpty
                return templates.render(values, with: "coming-up")
            }
        }

        var pages: [Page] = []
        let portalChunks = chunks(rest)
        for (number, chunk) in portalChunks.enumerated() {
            let folder = number == 0 ? portal : portal + "page/\(number + 1)/"
            let listed = (number == 0 ? pinned : []) + Array(chunk)
            let key = keys.list(portalKey, number: number, count: portalChunks.count, notices: listed, isEmpty: active.isEmpty)
            let portalTitle = { [self] in title(name.value, page: number + 1) }
            let portalLinks = { [self] in pagination(base: portal, number: number, count: portalChunks.count) }
            pages.append(Page(path: folder + "index.html", template: "portal", key: key, values: { [self] in
                var values = context.frame(title: portalTitle(), folder: folder)
                values.merge(common.value) { _, new in new }
                let root = PageContext.root(forPageIn: folder)
                values["coming_up_html"] = comingUpHTML(root: root)
                values["pinned"] = number == 0 ? pinned.map { shared.listed($0, root: root) } : []
                values["notices"] = chunk.map { shared.listed($0, root: root) }
                values["is_empty"] = active.isEmpty
                values["is_first_page"] = number == 0
                values.merge(portalLinks()) { _, new in new }
                return values
            }, pinned: number == 0 ? pinned : [], listed: Array(chunk), root: PageContext.root(forPageIn: folder), shared: shared,
               profile: profileIndex, skeletons: skeletons))
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
            let archiveTitle = { [self] in "\(context.labels["archive"]!) – \(title(name.value, page: number + 1))" }
            let archiveLinks = { [self] in pagination(base: portal + "archive/", number: number, count: archiveChunks.count) }
            pages.append(Page(path: folder + "index.html", template: "archive", key: key, values: { [self] in
                var values = context.frame(title: archiveTitle(), folder: folder)
                values.merge(common.value) { _, new in new }
                let root = PageContext.root(forPageIn: folder)
                values["notices"] = chunk.map { shared.listed($0, root: root) }
                values["is_empty"] = archived.isEmpty
                values.merge(archiveLinks()) { _, new in new }
                return values
            }, listed: Array(chunk), root: PageContext.root(forPageIn: folder), shared: shared,
               profile: profileIndex, skeletons: skeletons))
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
            "manifest_href": portal + "manifest.webmanifest",
            "search_href": portal + "search.json",
            "calendar_href": portal + "calendar.ics",
            "calendar_url": input.settings.baseURL + portal + "calendar.ics",
            "webcal_url": Self.webcal(input.settings.baseURL + portal + "calendar.ics"),
            "reminder_text": reminderText,
            "upcoming": upcoming,
            "has_upcoming": !upcoming.isEmpty,
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

    /// Deadlines and event starts after now, soonest first; a notice with both appears twice.
    /// Only what orders them: their words and dates are made when a page is rendered.
    private func upcomingItems(_ active: [Int]) -> [(notice: Int, isEvent: Bool)] {
        var items: [(time: Date, notice: Int, isEvent: Bool)] = []
        for index in active {
            if let end = moments.deadlineEnds[index], end > input.now { items.append((end, index, false)) }
            if let start = moments.eventStarts[index], start > input.now { items.append((start, index, true)) }
        }
        let notices = input.notices
        return items.sorted { ($0.time, notices[$0.notice].slug, $0.isEvent ? 1 : 0) < ($1.time, notices[$1.notice].slug, $1.isEvent ? 1 : 0) }
            .map { ($0.notice, $0.isEvent) }
    }

    /// The template values of one "coming up" line.
    private func upcomingValues(_ item: (notice: Int, isEvent: Bool)) -> [String: Any] {
        let notice = input.notices[item.notice]
        guard item.isEvent, let event = notice.event else {
            let deadline = notice.deadline!
            return ["kind": context.labels["deadline"]!, "is_deadline": true,
                    "title": notice.title, "href": input.settings.addresses.page(notice.slug),
                    "date_text": context.dates.text(deadline), "datetime": context.dates.machine(deadline)]
        }
        var values: [String: Any] = [
            "kind": context.labels["event"]!, "is_event": true,
            "title": notice.title, "href": input.settings.addresses.page(notice.slug),
            "date_text": context.dates.span(event), "datetime": context.dates.machine(event.start),
        ]
        if let location = event.location { values["location"] = location }
        return values
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

    /// The profile's name, with the page's number after the first.
    private func title(_ name: String, page: Int) -> String {
        guard page > 1 else { return name }
        return input.settings.language == .ja ? "\(name)（\(page)ページ目）" : "\(name) (page \(page))"
    }
}

/// When each notice's deadline ends (24:00 of its day in the site's zone) and its event starts:
/// every profile's "coming up" needs them, and working out a day's end is not free.
struct NoticeMoments: Sendable {
    let deadlineEnds: [Date?]
    let eventStarts: [Date?]

    init(_ input: RenderInput) {
        let zone = input.settings.timeZone
        deadlineEnds = input.notices.map { $0.deadline?.endOfDay(in: zone) }
        eventStarts = input.notices.map { $0.event?.start.instant }
    }
}
