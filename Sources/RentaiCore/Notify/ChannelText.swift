/// The words of a channel message (SPEC §16), in the site's language: the notice's title (a
/// reminder says how far off it is), then at most 1,000 characters: the issuing body, the date,
/// the deadline and event lines, the summary (cut with 「…」 to fit) and the notice's address.
public struct ChannelText: Sendable {
    public static let limit = 1_000
    let settings: SiteSettings
    private let dates: DateText

    public init(settings: SiteSettings) {
        self.settings = settings
        dates = DateText(language: settings.language, timeZone: settings.timeZone)
    }

    private var ja: Bool { settings.language == .ja }

    public func title(_ notice: Notice, kind: ChannelMessage.Kind) -> String {
        switch kind {
        case .new: return notice.title
        case .deadline(0): return (ja ? "本日締切: " : "Deadline today: ") + notice.title
        case .deadline(let days): return (ja ? "締切まであと\(days)日: " : "Deadline in \(days) \(days == 1 ? "day" : "days"): ") + notice.title
        case .event(0): return (ja ? "本日開催: " : "Today: ") + notice.title
        case .event(let days): return (ja ? "開催まであと\(days)日: " : "In \(days) \(days == 1 ? "day" : "days"): ") + notice.title
        }
    }

    public func body(_ notice: Notice) -> String {
        var head: [String] = []
        if let from = notice.from { head.append((ja ? "発信: " : "From: ") + from) }
        head.append((ja ? "掲載: " : "Published: ") + dates.text(notice.date))
        if let deadline = notice.deadline { head.append((ja ? "締切: " : "Deadline: ") + dates.text(deadline)) }
        if let event = notice.event {
            head.append((ja ? "日時: " : "When: ") + dates.span(event))
            if let location = event.location { head.append((ja ? "会場: " : "Where: ") + location) }
        }
        let url = settings.baseURL + settings.addresses.folder(notice.slug)
        let fixed = head.joined(separator: "\n") + "\n\n" + "\n\n" + url
        var summary = notice.summary
        let room = Self.limit - fixed.count
        if summary.count > room {
            summary = room > 1 ? String(summary.prefix(room - 1)) + "…" : ""
        }
        let text = head.joined(separator: "\n") + (summary.isEmpty ? "" : "\n\n" + summary) + "\n\n" + url
        // The address is never cut: a head longer than the limit (an absurd issuing body) gives way.
        guard text.count > Self.limit else { return text }
        return String(text.prefix(max(0, Self.limit - url.count - 2))) + "…\n" + url
    }
}
