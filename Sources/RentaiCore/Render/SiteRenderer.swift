import Foundation

/// Renders the whole site through the write stage: the directory, every profile's portal,
/// archive, feed, calendar, search index and web app manifest, every published notice's page
/// with its attachments, the assets and the service worker. Each file goes out with the key of what it is made from and is rendered only when the
/// output does not hold it already. Profiles and notices are rendered on all cores; each file is
/// handed on as soon as it is made, so the site is never held in memory whole.
struct SiteRenderer {
    let input: RenderInput
    let templates: TemplateSet
    let assets: [String: URL]
    let keys: RenderKeys
    var progress: ProgressHandler? = nil

    func render(into writer: SiteWriter) throws {
        let input = self.input
        let templates = self.templates
        let keys = self.keys
        let context = PageContext(settings: input.settings, organisation: input.organisation)
        let feeds = FeedRenderer(settings: input.settings, organisation: input.organisation, dates: context.dates)
        // Markdown was rendered once at load; here each list entry and feed item is made once,
        // when a page first needs it.
        let notices = UncheckedBox(input.notices)
        let statuses = input.statuses
        let shared = SharedEntries(
            entries: input.notices.indices.map { context.entry(input.notices[$0], status: input.statuses[$0], deadlineSoon: input.deadlineSoon[$0]) },
            feedItem: { statuses[$0] == .active ? feeds.item(notices.value[$0]) : "" },
            roots: input.statuses.map { PortalPages.roots(for: $0, portal: input.settings.addresses.portalFolder(Profile(council: "c", union: "u", role: "r"))) },
            render: { templates.render($0, with: "notice-entry") })

        let noticeTemplate = templates.fingerprint(of: "notice")
        @Sendable func noticePageKey(_ index: Int) -> BuildKey { keys.file("notice", [noticeTemplate], notices: [index], whole: true) }
        // What a notice's page is made from, less the program: the same in every build of Rentai
        // that makes the same page, so that phones fetch it again only when it changed.
        @Sendable func noticePageVersion(_ index: Int) -> BuildKey {
            var hasher = BuildKey.Hasher("version")
            hasher.add(keys.siteContent)
            hasher.add(noticeTemplate)
            hasher.add(keys.whole[index])
            return hasher.finalize()
        }
        let searchIndex = SearchIndex(context: context)
        let searchRecords = LazyTable(count: input.notices.count) {
            Data(searchIndex.record(notices.value[$0], status: statuses[$0], deadlineSoon: input.deadlineSoon[$0],
                                    version: noticePageVersion($0)).utf8)
        }
        let manifests = WebManifest(context: context)

        let calendars = CalendarRenderer(settings: input.settings, organisation: input.organisation, now: input.now)
        let calendarEvents = LazyTable(count: input.notices.count) { statuses[$0] == .unpublished ? "" : calendars.events(of: notices.value[$0]) }
        let timeZoneComponent = calendars.timeZoneComponent(for: input.notices.indices.filter { input.statuses[$0] != .unpublished }.map { input.notices[$0] })
        // Every calendar holds DTSTAMP (SPEC §9: `--now`) and the VTIMEZONE of all the site's dates.
        var calendarHasher = BuildKey.Hasher("calendar")
        calendarHasher.add(input.now)
        calendarHasher.add(timeZoneComponent)
        let calendarKey = calendarHasher.finalize()

        let failure = FirstFailure()
        var directoryKey = BuildKey.Hasher("directory")
        directoryKey.add(keys.site)
        directoryKey.add(templates.fingerprint(of: "directory"))
        try writer.emit("index.html", key: directoryKey.finalize()) {
            templates.render(DirectoryPage(context: context).values(), with: "directory")
        }

        let skeletons = PageSkeletons()
        let comingUpBoxes = ComingUpBoxes()
        let moments = NoticeMoments(input)
        let profileCount = input.listings.profiles.count
        let profilesDone = FileCounter()
        let progress = self.progress
        DispatchQueue.concurrentPerform(iterations: profileCount) { profileIndex in
            guard !failure.happened else { return }
            defer {
                profilesDone.add(1)
                if let progress, profileIndex % 64 == 0 {
                    progress(BuildProgress(stage: .rendering, done: profilesDone.value, total: profileCount))
                }
            }
            do {
                let portal = PortalPages(context: context, input: input, shared: shared, templates: templates,
                                         skeletons: skeletons, comingUpBoxes: comingUpBoxes, moments: moments)
                for page in portal.pages(for: profileIndex, keys: keys) {
                    try writer.emit(page.path, key: page.key) { page.assemble(templates) }
                }
                let profile = input.listings.profiles[profileIndex]
                let folder = input.settings.addresses.portalFolder(profile)
                let profileKey = BuildKey.of("profile", Data(profile.path.utf8))
                let newest = Array(input.listings.active[profileIndex].sorted { Ordering.newestFirst(input.notices[$0], input.notices[$1]) }
                    .prefix(input.settings.feedItems))
                try writer.emit(folder + "feed.xml", key: keys.file("feed", [profileKey], notices: newest, whole: true)) {
                    feeds.feed(for: profile, items: newest.map { ($0, shared.feedItems[$0]) }, newest: newest.first.map { input.notices[$0] })
                }
                try writer.emit(folder + "manifest.webmanifest", key: keys.file("manifest", [profileKey], notices: [], whole: false)) {
                    Data(manifests.manifest(for: profile, folder: folder).utf8)
                }
                // What the portal and its archive list, in their order: pinned, the rest, archived.
                let active = input.listings.active[profileIndex]
                let searchable = active.filter { input.notices[$0].pinned } + active.filter { !input.notices[$0].pinned }
                    + input.listings.archived[profileIndex]
                // Whole keys: each record carries the version of its notice's page.
                try writer.emit(folder + "search.json", key: keys.file("search", [profileKey, noticeTemplate], notices: searchable, whole: true)) {
                    SearchIndex.file(portal: folder, notices: searchable) { searchRecords[$0] }
                }
                // Every published notice that reaches the profile, active or archived (SPEC §9).
                let held = (input.listings.active[profileIndex] + input.listings.archived[profileIndex]).sorted()
                try writer.emit(folder + "calendar.ics", key: keys.file("calendar", [calendarKey, profileKey], notices: held, whole: false)) {
                    calendars.calendar(for: profile, name: feeds.name(of: profile),
                                       events: held.lazy.map { ($0, calendarEvents[$0]) }.filter { !$0.1.isEmpty },
                                       timeZoneComponent: timeZoneComponent)
                }
            } catch {
                failure.record(error)
            }
        }

        let published = input.notices.indices.filter { input.statuses[$0] != .unpublished }
        progress?(BuildProgress(stage: .pages, done: 0, total: published.count))
        DispatchQueue.concurrentPerform(iterations: published.count) { position in
            guard !failure.happened else { return }
            let index = published[position]
            let notice = input.notices[index]
            do {
                try writer.emit(input.settings.addresses.page(notice.slug), key: noticePageKey(index)) {
                    templates.render(NoticePage(context: context).values(for: notice, status: input.statuses[index], entry: shared.entries[index]), with: "notice")
                }
                for attachment in notice.attachments {
                    var key = BuildKey.Hasher("attachment")
                    key.add(notice.contentKey)
                    key.add(attachment.name)
                    try writer.emit(input.settings.addresses.folder(notice.slug) + attachment.name, key: key.finalize(), copying: attachment.source)
                }
            } catch {
                failure.record(error)
            }
        }
        if let error = failure.error { throw error }

        for (path, source) in assets.sorted(by: { $0.key < $1.key }) {
            let data = try Data(contentsOf: source)
            try writer.emit("assets/" + path, key: BuildKey.of("asset", data)) { data }
        }
        for (path, bytes) in BuiltinFiles.assets.sorted(by: { $0.key < $1.key }) where assets[path] == nil {
            let data = Data(bytes)
            try writer.emit("assets/" + path, key: BuildKey.of("asset", data)) { data }
        }
        // The service worker lives at the top, as a worker controls only the pages below it.
        for (path, text) in BuiltinFiles.rootFiles.sorted(by: { $0.key < $1.key }) {
            try writer.emit(path, key: BuildKey.of("asset", Data(text.utf8))) { Data(text.utf8) }
        }
        let robots = "User-agent: *\nDisallow: /\n"
        try writer.emit("robots.txt", key: BuildKey.of("asset", Data(robots.utf8))) { Data(robots.utf8) }
    }
}

/// A count shared by the rendering threads.
final class FileCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0
    func add(_ n: Int) { lock.withLock { count += n } }
    var value: Int { lock.withLock { count } }
}

/// The first error any rendering thread met; the others stop early once there is one.
final class FirstFailure: @unchecked Sendable {
    private let lock = NSLock()
    private var first: Error?
    func record(_ error: Error) { lock.withLock { if first == nil { first = error } } }
    var error: Error? { lock.withLock { first } }
    var happened: Bool { error != nil }
}
