import Foundation

/// Renders the whole site into a staging folder: the directory, every profile's portal, archive
/// and feed, every published notice's page with its attachments, and the assets.
/// Profiles and notices are rendered on all cores; each file is written as soon as it is made,
/// so the site is never held in memory whole.
struct SiteRenderer {
    let input: RenderInput
    let templates: TemplateSet
    let assets: [String: URL]
    var progress: ProgressHandler? = nil

    /// Returns the number of files written.
    func render(into staging: StagingFolder) throws -> Int {
        let input = self.input
        let templates = self.templates
        let context = PageContext(settings: input.settings, organisation: input.organisation)
        let feeds = FeedRenderer(settings: input.settings, organisation: input.organisation, dates: context.dates)
        // Markdown was rendered once at load; here each list entry and feed item is made once.
        let shared = SharedEntries(
            entries: input.notices.indices.map { context.entry(input.notices[$0], status: input.statuses[$0]) },
            feedItems: input.notices.indices.map { input.statuses[$0] == .active ? feeds.item(input.notices[$0]) : "" },
            roots: input.statuses.map { PortalPages.roots(for: $0, portal: input.settings.addresses.portalFolder(Profile(council: "c", union: "u", role: "r"))) },
            render: { templates.render($0, with: "notice-entry") })

        let calendars = CalendarRenderer(settings: input.settings, organisation: input.organisation, now: input.now)
        let calendarEvents = input.notices.indices.map { input.statuses[$0] == .unpublished ? "" : calendars.events(of: input.notices[$0]) }
        let timeZoneComponent = calendars.timeZoneComponent(for: input.notices.indices.filter { input.statuses[$0] != .unpublished }.map { input.notices[$0] })

        let counter = FileCounter()
        let failure = FirstFailure()

        try staging.write(templates.render(DirectoryPage(context: context).values(), with: "directory"), to: "index.html")
        counter.add(1)

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
                let portal = PortalPages(context: context, input: input, shared: shared, templates: templates)
                for page in portal.pages(for: profileIndex) {
                    try staging.write(templates.render(page.values, with: page.path.contains("/archive/") ? "archive" : "portal"), to: page.path)
                    counter.add(1)
                }
                let profile = input.listings.profiles[profileIndex]
                let newest = input.listings.active[profileIndex].sorted { Ordering.newestFirst(input.notices[$0], input.notices[$1]) }
                    .prefix(input.settings.feedItems)
                let feed = feeds.feed(for: profile, items: newest.map { shared.feedItems[$0] }, newest: newest.first.map { input.notices[$0] })
                try staging.write(feed, to: input.settings.addresses.portalFolder(profile) + "feed.xml")
                // Every published notice that reaches the profile, active or archived (SPEC §9).
                let held = (input.listings.active[profileIndex] + input.listings.archived[profileIndex]).sorted()
                let calendar = calendars.calendar(for: profile, name: feeds.name(of: profile),
                                                  events: held.lazy.map { calendarEvents[$0] }.filter { !$0.isEmpty },
                                                  timeZoneComponent: timeZoneComponent)
                try staging.write(calendar, to: input.settings.addresses.portalFolder(profile) + "calendar.ics")
                counter.add(2)
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
                let values = NoticePage(context: context).values(for: notice, status: input.statuses[index], entry: shared.entries[index])
                try staging.write(templates.render(values, with: "notice"), to: input.settings.addresses.page(notice.slug))
                for attachment in notice.attachments {
                    try staging.copy(attachment.source, to: input.settings.addresses.folder(notice.slug) + attachment.name)
                }
                counter.add(1 + notice.attachments.count)
            } catch {
                failure.record(error)
            }
        }
        if let error = failure.error { throw error }

        for (path, source) in assets.sorted(by: { $0.key < $1.key }) {
            try staging.copy(source, to: "assets/" + path)
        }
        for (path, text) in BuiltinFiles.assets.sorted(by: { $0.key < $1.key }) where assets[path] == nil {
            try staging.write(text, to: "assets/" + path)
        }
        try staging.write("User-agent: *\nDisallow: /\n", to: "robots.txt")
        counter.add(assets.count + BuiltinFiles.assets.keys.filter { assets[$0] == nil }.count + 1)
        return counter.value
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
