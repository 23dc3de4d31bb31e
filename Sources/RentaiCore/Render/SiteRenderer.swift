import Foundation

/// Renders the whole site through the write stage (SPEC §6, §15): the directory; every
/// profile's bounded files (portal, `all/`, feed, calendar, web app manifest); every layer's
/// pages and index, once for all the profiles that read it; every published notice's page with
/// its attachments; the assets and the service worker. Each file goes out with the key of what it
/// is made from and is rendered only when the output does not hold it already; files are handed
/// on as soon as they are made, so the site is never held in memory whole.
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
        // Markdown was rendered once at load; here each list entry, feed item, calendar event
        // and index record is made once, when a file first needs it.
        let notices = UncheckedBox(input.notices)
        let statuses = input.statuses
        // Each worked out when a page first needs it: a rebuild with little changed needs few.
        let entryValues = LazyTable(count: input.notices.count) {
            UncheckedBox(context.entry(notices.value[$0], status: statuses[$0], deadlineSoon: input.deadlineSoon[$0],
                                       isNew: input.justPublished[$0]))
        }
        let entries = SharedFragments(count: input.notices.count, template: "notice-entry", htmlKey: "entry_html", kind: .entry,
                                      templates: templates) { entryValues[$0].value }
        // Kept as bytes: each is copied into many files.
        let feedItems = LazyTable(count: input.notices.count) { statuses[$0] == .active ? Data(feeds.item(notices.value[$0]).utf8) : Data() }

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
        let layerPages = LayerPages(context: context, input: input)
        let records = LazyTable(count: input.notices.count) { Data(layerPages.record($0, version: noticePageVersion($0)).utf8) }
        let profilePages = ProfilePages(context: context, input: input)
        let skeletons = PageSkeletons(templates: templates)
        // By notice × 2: its deadline's line under "coming up", then its event's.
        let upcoming = SharedFragments(count: input.notices.count * 2, template: "coming-up-item", htmlKey: "item_html", kind: .comingUp,
                                       templates: templates) { profilePages.upcomingValues(notice: $0 / 2, isEvent: $0 % 2 == 1) }
        let layerValues = LazyTable(count: input.listings.filing.layers.count) { UncheckedBox(profilePages.layerValues($0)) }
        let layerLinks = SharedFragments(count: input.listings.filing.layers.count, template: "layer-item", htmlKey: "item_html",
                                         kind: .layerLink, templates: templates) { layerValues[$0].value }
        let manifests = WebManifest(context: context)

        let calendars = CalendarRenderer(settings: input.settings, organisation: input.organisation, now: input.now)
        let calendarEvents = LazyTable(count: input.notices.count) { statuses[$0] == .unpublished ? Data() : Data(calendars.events(of: notices.value[$0]).utf8) }
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

        let filing = input.listings.filing
        let portalTemplate = templates.fingerprint(of: "portal")
        let allTemplate = templates.fingerprint(of: "all")
        let profileCount = input.listings.profileCount
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
                let profile = input.organisation.profiles[profileIndex]
                let folder = input.settings.addresses.portalFolder(profile)
                let lists = input.listings.lists(forProfileAt: profileIndex)
                let profileKey = BuildKey.of("profile", Data(profile.path.utf8))
                // What both pages show of the layers it reads: their names, addresses and counts.
                var layersHasher = BuildKey.Hasher("layers")
                for position in lists.layers {
                    layersHasher.add(filing.layers[position].path)
                    layersHasher.add(filing.notices[position].count)
                }
                let layersKey = layersHasher.finalize()

                var upcomingHasher = BuildKey.Hasher("upcoming")
                for item in lists.upcoming {
                    upcomingHasher.add(keys.notices[item.notice])
                    upcomingHasher.add(item.isEvent)
                }
                let portalKey = keys.file("portal", [portalTemplate, profileKey, layersKey, upcomingHasher.finalize()],
                                          notices: lists.pinned + lists.latest, whole: false)
                try writer.emit(folder + "index.html", key: portalKey) {
                    profilePages.portal(profile, lists: lists, skeletons: skeletons, entries: entries, upcoming: upcoming, layers: layerLinks)
                }
                try writer.emit(folder + "all/index.html", key: keys.file("all", [allTemplate, profileKey, layersKey], notices: [], whole: false)) {
                    profilePages.all(profile, lists: lists, skeletons: skeletons, layers: layerLinks)
                }
                try writer.emit(folder + "feed.xml", key: keys.file("feed", [profileKey], notices: lists.feed, whole: true)) {
                    feeds.feed(for: profile, items: lists.feed.map { ($0, feedItems[$0]) }, newest: lists.feed.first.map { input.notices[$0] })
                }
                try writer.emit(folder + "manifest.webmanifest", key: keys.file("manifest", [profileKey], notices: [], whole: false)) {
                    Data(manifests.manifest(for: profile, folder: folder).utf8)
                }
                try writer.emit(folder + "calendar.ics", key: keys.file("calendar", [calendarKey, profileKey], notices: lists.calendar, whole: false)) {
                    calendars.calendar(for: profile, name: profilePages.name(of: profile),
                                       events: lists.calendar.lazy.map { ($0, calendarEvents[$0]) }.filter { !$0.1.isEmpty },
                                       timeZoneComponent: timeZoneComponent)
                }
            } catch {
                failure.record(error)
            }
        }

        // Each layer once, however many profiles read it.
        let layerTemplate = templates.fingerprint(of: "layer")
        progress?(BuildProgress(stage: .layers, done: 0, total: filing.layers.count))
        DispatchQueue.concurrentPerform(iterations: filing.layers.count) { position in
            guard !failure.happened else { return }
            do {
                let layerKey = BuildKey.of("layer", Data(filing.layers[position].path.utf8))
                for page in layerPages.pages(position, entries: entries) {
                    let key = keys.file("layer page", [layerTemplate, layerKey, BuildKey.of("page", Data("\(page.number)/\(page.count)".utf8))],
                                        notices: page.page.slots[0].indexes, whole: false)
                    try writer.emit(page.path, key: key) { layerPages.render(page, templates: templates) }
                }
                let folder = input.settings.addresses.layerFolder(filing.layers[position])
                // Whole keys: each record carries the version of its notice's page.
                try writer.emit(folder + "index.json", key: keys.file("layer index", [noticeTemplate, layerKey], notices: filing.notices[position], whole: true)) {
                    layerPages.index(position) { records[$0] }
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
                    templates.render(NoticePage(context: context).values(for: notice, status: input.statuses[index], entry: entryValues[index].value), with: "notice")
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
