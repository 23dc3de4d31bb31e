import Foundation

/// Everything the render stage needs, settled before it starts: the notices with their status
/// at `now`, the layers they are filed in, and what each profile's own files list.
struct RenderInput: Sendable {
    var settings: SiteSettings
    var organisation: Organisation
    var notices: [Notice]
    var statuses: [NoticeStatus]
    var listings: SiteListings
    var now: Date
    /// By notice: whether its deadline is near enough to flag in lists.
    let deadlineSoon: [Bool]
    /// By notice: whether it was published lately enough to flag as new (新着).
    let justPublished: [Bool]

    init(settings: SiteSettings, organisation: Organisation, notices: [Notice], statuses: [NoticeStatus],
         listings: SiteListings, now: Date) {
        self.settings = settings
        self.organisation = organisation
        self.notices = notices
        self.statuses = statuses
        self.listings = listings
        self.now = now
        deadlineSoon = notices.indices.map {
            DeadlineSoon.isSoon(notices[$0], status: statuses[$0], now: now, timeZone: settings.timeZone)
        }
        justPublished = notices.indices.map { JustPublished.isNew(notices[$0], status: statuses[$0], now: now) }
    }
}

/// A value per index, made the first time it is asked for, from any thread. Two threads may
/// both make the same value; both get the same result, and one is kept.
final class LazyTable<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var values: [Value?]
    private let make: (Int) -> Value

    init(count: Int, make: @escaping (Int) -> Value) {
        values = Array(repeating: nil, count: count)
        self.make = make
    }

    subscript(index: Int) -> Value {
        if let value = lock.withLock({ values[index] }) { return value }
        let value = make(index)
        lock.withLock { values[index] = value }
        return value
    }
}

/// A value made the first time any thread asks for it, and only then.
final class Lazy<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: Value?
    private let make: () -> Value

    init(_ make: @escaping () -> Value) { self.make = make }

    var value: Value {
        lock.withLock {
            if let stored { return stored }
            let made = make()
            stored = made
            return made
        }
    }
}

/// A value made the first time it is asked for, within one thread.
final class Memo<Value> {
    private var make: (() -> Value)?
    private var stored: Value?

    init(_ make: @escaping () -> Value) { self.make = make }

    var value: Value {
        get {
            if let stored { return stored }
            let made = make!()
            stored = made
            make = nil
            return made
        }
        set { stored = newValue }
    }
}

/// Template values are `[String: Any]`, which Swift cannot prove safe to share; these are never
/// changed once made.
struct UncheckedBox<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}

/// The keys of what the render stage makes: what goes into every file, so that the write stage
/// knows which files the output already holds.
struct RenderKeys: Sendable {
    /// The site's settings and organisation, the secret, the program itself.
    let site: BuildKey
    /// By notice: its content key and its status, for what shows it whole (its page, feeds).
    let whole: [BuildKey]
    /// By notice: what its list entries, "coming up" lines and calendar events show (title,
    /// dates, summary, issuer, tags, place, status), so that editing further down a body
    /// leaves the portals that list it alone.
    let notices: [BuildKey]

    /// The site's settings, organisation and secret without the program: for what must read the
    /// same after an upgrade of Rentai.
    let siteContent: BuildKey

    init(site: BuildKey, siteContent: BuildKey = .none, input: RenderInput) {
        self.init(site: site, siteContent: siteContent, notices: input.notices, statuses: input.statuses,
                  deadlineSoon: input.deadlineSoon, justPublished: input.justPublished)
    }

    init(site: BuildKey, siteContent: BuildKey = .none, notices: [Notice], statuses: [NoticeStatus], deadlineSoon: [Bool],
         justPublished: [Bool]) {
        self.site = site
        self.siteContent = siteContent
        self.whole = notices.indices.map { index in
            var hasher = BuildKey.Hasher("whole")
            hasher.add(notices[index].contentKey)
            hasher.add("\(statuses[index])")
            // A notice page's template sees the list entry's values, "締切間近" and "新着" included.
            hasher.add(deadlineSoon[index])
            hasher.add(justPublished[index])
            return hasher.finalize()
        }
        self.notices = notices.indices.map { index in
            let notice = notices[index]
            var hasher = BuildKey.Hasher("listed")
            func add(_ time: SiteTime?) {
                hasher.add(time.map { "\($0.instant.timeIntervalSince1970) \($0.isDateOnly)" } ?? "-")
            }
            hasher.add(notice.slug)
            hasher.add(notice.title)
            add(notice.date)
            hasher.add(notice.summary)
            hasher.add(notice.from ?? "\u{0}")
            hasher.add(notice.pinned)
            add(notice.deadline)
            add(notice.event?.start)
            add(notice.event?.end)
            hasher.add(notice.event?.location ?? "\u{0}")
            hasher.add(notice.tags.joined(separator: "\u{0}"))
            hasher.add("\(statuses[index])")
            hasher.add(deadlineSoon[index])
            hasher.add(justPublished[index])
            return hasher.finalize()
        }
    }

    /// A file made from some notices: a page that lists them, a feed, a calendar, a notice's
    /// page. `whole`: it shows their bodies.
    func file(_ kind: String, _ parts: [BuildKey], notices indexes: some Sequence<Int>, whole: Bool) -> BuildKey {
        var hasher = BuildKey.Hasher(kind)
        hasher.add(site)
        for part in parts { hasher.add(part) }
        for index in indexes { hasher.add(whole ? self.whole[index] : notices[index]) }
        return hasher.finalize()
    }
}
