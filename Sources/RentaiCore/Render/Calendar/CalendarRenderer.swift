import Foundation

/// A profile's `calendar.ics` (SPEC §9, §14): a VEVENT for each event and each deadline of the
/// published notices that reach it, with reminders, in the site's time zone. Each notice's events
/// are written once and shared by every calendar that holds them.
struct CalendarRenderer {
    let settings: SiteSettings
    let organisation: Organisation
    let now: Date
    private let dates: ICalendarDate
    private let host: String

    init(settings: SiteSettings, organisation: Organisation, now: Date) {
        self.settings = settings
        self.organisation = organisation
        self.now = now
        self.dates = ICalendarDate(timeZone: settings.timeZone)
        self.host = URL(string: settings.baseURL)?.host ?? "rentai"
    }

    /// The VEVENTs of one notice: its event and its deadline, each with its alarms; empty when it
    /// has neither.
    func events(of notice: Notice) -> String {
        var text = ""
        let url = settings.baseURL + settings.addresses.folder(notice.slug)
        if let event = notice.event {
            text += ICalendarText.property("BEGIN", "VEVENT")
            text += ICalendarText.property("UID", "\(settings.addresses.noticeID(notice.slug))@\(host)")
            text += ICalendarText.property("DTSTAMP", dates.utcStamp(now))
            text += timing(of: event)
            text += ICalendarText.text("SUMMARY", notice.title)
            if let location = event.location { text += ICalendarText.text("LOCATION", location) }
            text += ICalendarText.property("URL", url)
            if !notice.summary.isEmpty { text += ICalendarText.text("DESCRIPTION", notice.summary) }
            text += alarms(title: notice.title, allDay: event.isAllDay)
            text += ICalendarText.property("END", "VEVENT")
        }
        if let deadline = notice.deadline {
            let title = (settings.language == .ja ? "締切: " : "Deadline: ") + notice.title
            text += ICalendarText.property("BEGIN", "VEVENT")
            text += ICalendarText.property("UID", "deadline-\(settings.addresses.noticeID(notice.slug))@\(host)")
            text += ICalendarText.property("DTSTAMP", dates.utcStamp(now))
            text += ICalendarText.property("DTSTART;VALUE=DATE", dates.day(deadline.instant))
            text += ICalendarText.property("DTEND;VALUE=DATE", dates.dayAfter(deadline.instant))
            text += ICalendarText.text("SUMMARY", title)
            text += ICalendarText.property("URL", url)
            let due = DateText(language: settings.language, timeZone: settings.timeZone).text(deadline)
            let description = [notice.summary, (settings.language == .ja ? "締切: " : "Due: ") + due].filter { !$0.isEmpty }
            text += ICalendarText.text("DESCRIPTION", description.joined(separator: "\n"))
            text += ICalendarText.property("TRANSP", "TRANSPARENT")
            text += alarms(title: title, allDay: true)
            text += ICalendarText.property("END", "VEVENT")
        }
        return text
    }

    /// DTSTART and DTEND: local times with TZID, or dates for an all-day event whose DTEND is
    /// the day after its last day (RFC 5545 ends are exclusive). A timed event without an end
    /// lasts one hour.
    private func timing(of event: NoticeEvent) -> String {
        let zone = settings.timeZoneName
        if event.isAllDay {
            let lastDay = event.end?.instant ?? event.start.instant
            return ICalendarText.property("DTSTART;VALUE=DATE", dates.day(event.start.instant))
                + ICalendarText.property("DTEND;VALUE=DATE", dates.dayAfter(max(lastDay, event.start.instant)))
        }
        let end: Date
        if let written = event.end {
            end = written.isDateOnly ? written.endOfDay(in: settings.timeZone) : written.instant
        } else {
            end = event.start.instant.addingTimeInterval(3600)
        }
        return ICalendarText.property("DTSTART;TZID=\(zone)", dates.local(event.start.instant))
            + ICalendarText.property("DTEND;TZID=\(zone)", dates.local(end))
    }

    /// One display alarm for each of `reminder_days`, counted back from the start; for an
    /// all-day entry (which starts at midnight) at 09:00 of that day, not at midnight (SPEC §14).
    private func alarms(title: String, allDay: Bool) -> String {
        var text = ""
        for days in settings.reminderDays {
            text += ICalendarText.property("BEGIN", "VALARM")
            text += ICalendarText.property("ACTION", "DISPLAY")
            text += ICalendarText.text("DESCRIPTION", title)
            text += ICalendarText.property("TRIGGER", allDay ? Self.nineOClock(daysBefore: days) : days == 0 ? "PT0S" : "-P\(days)D")
            text += ICalendarText.property("END", "VALARM")
        }
        return text
    }

    /// The trigger, relative to midnight of an all-day entry's day, that rings at 09:00 `days`
    /// days before: `-P6DT15H` for 7, `-PT15H` for 1, `PT9H` for 0.
    static func nineOClock(daysBefore days: Int) -> String {
        let hours = days * 24 - 9
        guard hours > 0 else { return "PT\(-hours)H" }
        let (whole, rest) = hours.quotientAndRemainder(dividingBy: 24)
        return "-P" + (whole > 0 ? "\(whole)D" : "") + (rest > 0 ? "T\(rest)H" : "")
    }

    /// The whole calendar of a profile, from the shared events of its notices.
    func calendar(for profile: Profile, name: String, events: some Sequence<(notice: Int, text: Data)>, timeZoneComponent: String) -> RenderedFile {
        var text = ICalendarText.property("BEGIN", "VCALENDAR")
        text += ICalendarText.property("VERSION", "2.0")
        text += ICalendarText.property("PRODID", "-//Rentai//Rentai//\(settings.language.rawValue.uppercased())")
        text += ICalendarText.property("CALSCALE", "GREGORIAN")
        text += ICalendarText.property("METHOD", "PUBLISH")
        text += ICalendarText.text("X-WR-CALNAME", "\(settings.title) – \(name)")
        text += ICalendarText.property("X-WR-TIMEZONE", settings.timeZoneName)
        text += ICalendarText.property("REFRESH-INTERVAL;VALUE=DURATION", "PT6H")
        text += ICalendarText.property("X-PUBLISHED-TTL", "PT6H")
        text += timeZoneComponent
        var file = RenderedFile()
        file.append(text)
        for event in events { file.append(event.text, piece: PieceID(kind: .calendarEvents, notice: event.notice)) }
        file.append(ICalendarText.property("END", "VCALENDAR"))
        return file
    }

    /// The VTIMEZONE, covering every date the site's calendars mention.
    func timeZoneComponent(for notices: [Notice]) -> String {
        let moments = notices.flatMap { [$0.event?.start.instant, $0.event?.end?.instant, $0.deadline?.instant].compactMap { $0 } } + [now]
        return TimeZoneComponent(timeZone: settings.timeZone, name: settings.timeZoneName).text(covering: moments.min()!...moments.max()!)
    }
}
