/// The checks of a notice that need the organisation: every id known (with the nearest one
/// suggested), at least one profile reached, and dates in order (SPEC §5, §13).
import Foundation

struct NoticeValidator {
    let organisation: Organisation
    let timeZone: TimeZone
    /// When org.yaml has errors, whom a notice reaches is not known; only ids are checked.
    let organisationIsSound: Bool

    func check(_ loaded: LoadedNotice, diagnostics: inout Diagnostics) {
        var allKnown = SpaceRules(organisation: organisation).check(loaded, diagnostics: &diagnostics)
        if !organisation.checkIDs(loaded.targetIDs, diagnostics: &diagnostics) { allKnown = false }

        let notice = loaded.notice
        if allKnown, loaded.targetingIsSound, organisationIsSound, !AudienceResolver(organisation: organisation).reachesAnyone(notice) {
            let firstKey = TargetingKey.allCases.compactMap { key in loaded.keyLocations[key.rawValue].map { (key, $0) } }
                .min { $0.1 < $1.1 }
            diagnostics.error("this notice reaches no one: no union has members in the places it names with the roles it names; check 'block', 'council', 'union' and 'role' together",
                              at: firstKey?.1 ?? notice.source)
        }
        if loaded.dateIsKnown, let expires = notice.expires, expires.instant <= notice.date.instant {
            diagnostics.error("'expires' must be later than 'date'", at: loaded.expiresLocation ?? notice.source)
        }
        // A date-only deadline lasts to the end of its day: due the day it is published is fine.
        if loaded.dateIsKnown, let deadline = notice.deadline,
           (deadline.isDateOnly ? deadline.endOfDay(in: timeZone) : deadline.instant) < notice.date.instant {
            diagnostics.error("'deadline' is before 'date': the notice would be published after it is due; check both",
                              at: loaded.deadlineLocation ?? notice.source)
        }
        if let event = notice.event, let end = event.end,
           end.isDateOnly ? end.endOfDay(in: timeZone) <= event.start.instant : end.instant < event.start.instant {
            diagnostics.error("the event's 'end' is before its 'start'", at: loaded.eventEndLocation ?? notice.source)
        }
    }

}
