import Foundation

/// A profile's RSS 2.0 feed (SPEC §6, §13). Each notice's `<item>` is rendered once and reused by
/// every feed that lists it.
struct FeedRenderer {
    let settings: SiteSettings
    let organisation: Organisation
    let dates: DateText

    /// The `<item>` of one notice: link and guid are its page's absolute URL, the issuing body
    /// its `dc:creator`, the description the whole rendered body with its links made absolute,
    /// after a line with the deadline, the event's time and place: what a reader in a feed app
    /// needs before deciding to open it.
    func item(_ notice: Notice) -> String {
        let link = settings.baseURL + settings.addresses.folder(notice.slug)
        var xml = "    <item>\n"
        xml += "      <title>\(notice.title.xmlEscaped)</title>\n"
        xml += "      <link>\(link.xmlEscaped)</link>\n"
        xml += "      <guid isPermaLink=\"true\">\(link.xmlEscaped)</guid>\n"
        xml += "      <pubDate>\(dates.rfc822(notice.date.instant))</pubDate>\n"
        if let from = notice.from { xml += "      <dc:creator>\(from.xmlEscaped)</dc:creator>\n" }
        for tag in notice.tags { xml += "      <category>\(tag.xmlEscaped)</category>\n" }
        xml += "      <description>\((essentials(of: notice) + notice.body.absoluteHTML).xmlEscaped)</description>\n"
        xml += "    </item>\n"
        return xml
    }

    /// `<p>締切: 2026年12月10日(木)<br>日時: 2026年12月15日(火) 13:30〜17:00<br>会場: …</p>`, or
    /// nothing when the notice has none of them.
    func essentials(of notice: Notice) -> String {
        let labels = Labels.table(for: settings.language)
        var lines: [String] = []
        if let deadline = notice.deadline { lines.append("\(labels["deadline"]!): \(dates.text(deadline))") }
        if let event = notice.event {
            lines.append("\(labels["event"]!): \(dates.span(event))")
            if let location = event.location { lines.append("\(labels["location"]!): \(location)") }
        }
        guard !lines.isEmpty else { return "" }
        return "<p>" + lines.map(\.htmlEscaped).joined(separator: "<br>") + "</p>\n"
    }

    /// The whole feed: the channel and the given items (by notice), already in order (newest
    /// first).
    func feed(for profile: Profile, items: [(notice: Int, xml: Data)], newest: Notice?) -> RenderedFile {
        let portal = settings.baseURL + settings.addresses.portalFolder(profile)
        let title = "\(settings.title) – \(name(of: profile))"
        var xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        xml += "<rss version=\"2.0\" xmlns:atom=\"http://www.w3.org/2005/Atom\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\">\n"
        xml += "  <channel>\n"
        xml += "    <title>\(title.xmlEscaped)</title>\n"
        xml += "    <link>\(portal.xmlEscaped)</link>\n"
        xml += "    <description>\(title.xmlEscaped)</description>\n"
        xml += "    <language>\(settings.language.rawValue)</language>\n"
        xml += "    <atom:link href=\"\((portal + "feed.xml").xmlEscaped)\" rel=\"self\" type=\"application/rss+xml\"/>\n"
        if let newest {
            xml += "    <lastBuildDate>\(dates.rfc822(newest.date.instant))</lastBuildDate>\n"
        }
        var file = RenderedFile()
        file.append(xml)
        for item in items { file.append(item.xml, piece: PieceID(kind: .feedItem, notice: item.notice)) }
        file.append("  </channel>\n</rss>\n")
        return file
    }

    /// `東京都協議会 / KDDI労働組合 / 組合員`.
    func name(of profile: Profile) -> String {
        [organisation.council(profile.council)?.name ?? profile.council,
         organisation.union(profile.union)?.name ?? profile.union,
         organisation.role(profile.role)?.name ?? profile.role].joined(separator: " / ")
    }
}
