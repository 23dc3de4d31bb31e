import Foundation

/// A profile's RSS 2.0 feed (SPEC §6, §13). Each notice's `<item>` is rendered once and reused by
/// every feed that lists it.
struct FeedRenderer {
    let settings: SiteSettings
    let organisation: Organisation
    let dates: DateText

    /// The `<item>` of one notice: link and guid are its page's absolute URL, the description
    /// the whole rendered body,
    /// with its links made absolute.
    func item(_ notice: Notice) -> String {
        let link = settings.baseURL + settings.addresses.folder(notice.slug)
        var xml = "    <item>\n"
        xml += "      <title>\(notice.title.xmlEscaped)</title>\n"
        xml += "      <link>\(link.xmlEscaped)</link>\n"
        xml += "      <guid isPermaLink=\"true\">\(link.xmlEscaped)</guid>\n"
        xml += "      <pubDate>\(dates.rfc822(notice.date.instant))</pubDate>\n"
        for tag in notice.tags { xml += "      <category>\(tag.xmlEscaped)</category>\n" }
        xml += "      <description>\(notice.body.absoluteHTML.xmlEscaped)</description>\n"
        xml += "    </item>\n"
        return xml
    }

    /// The whole feed: the channel and the given items (by notice), already in order (newest
    /// first).
    func feed(for profile: Profile, items: [(notice: Int, xml: Data)], newest: Notice?) -> RenderedFile {
        let portal = settings.baseURL + settings.addresses.portalFolder(profile)
        let title = "\(settings.title) – \(name(of: profile))"
        var xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        xml += "<rss version=\"2.0\" xmlns:atom=\"http://www.w3.org/2005/Atom\">\n"
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
