import Foundation

/// A portal's search index, `search.json` (issue 6): every published notice that reaches the
/// profile, active and archived, with what its list entry shows, so that the portal's search and
/// tag filters work in the browser, offline too. One index per portal, never one for the site:
/// a search can then only find what this member may read, and the audit checks the file like a page.
///
///     {"portal":"p/tokyo/kddi/member/","notices":[{"href":"n/2026/winter-seminar/index.html",…},…]}
///
/// Each notice's record is the same bytes in every index that holds it, made once per build.
struct SearchIndex {
    let context: PageContext

    /// One notice as a JSON object. Links are from the site's top, like `{{href}}` in templates;
    /// `version` is the build key of the notice's page, so that a phone knows when the copy it
    /// keeps for offline reading is out of date.
    func record(_ notice: Notice, status: NoticeStatus, deadlineSoon: Bool, version: BuildKey) -> String {
        let dates = context.dates
        var fields = [
            "\"href\":" + context.settings.addresses.page(notice.slug).jsonLiteral,
            "\"version\":" + String(version.description.prefix(16)).jsonLiteral,
            "\"title\":" + notice.title.jsonLiteral,
            "\"date\":" + dates.machine(notice.date).jsonLiteral,
            "\"date_text\":" + dates.text(notice.date).jsonLiteral,
        ]
        if let from = notice.from { fields.append("\"from\":" + from.jsonLiteral) }
        fields.append("\"summary\":" + notice.summary.jsonLiteral)
        fields.append("\"tags\":[" + notice.tags.map(\.jsonLiteral).joined(separator: ",") + "]")
        fields.append("\"pinned\":\(notice.pinned && status == .active)")
        fields.append("\"archived\":\(status == .archived)")
        if let deadline = notice.deadline {
            fields.append("\"deadline\":{\"datetime\":\(dates.machine(deadline).jsonLiteral),\"text\":\(dates.text(deadline).jsonLiteral),\"soon\":\(deadlineSoon)}")
        }
        if let event = notice.event {
            var value = "\"event\":{\"datetime\":\(dates.machine(event.start).jsonLiteral),\"text\":\(dates.span(event).jsonLiteral)"
            if let location = event.location { value += ",\"location\":" + location.jsonLiteral }
            fields.append(value + "}")
        }
        return "{" + fields.joined(separator: ",") + "}"
    }

    /// The index of the portal in `folder`, listing `notices` (in the portal's order) whose
    /// records `records` gives; each record is a piece shared with the other indexes.
    static func file(portal folder: String, notices: [Int], records: (Int) -> Data) -> RenderedFile {
        var file = RenderedFile()
        file.append("{\"portal\":" + folder.jsonLiteral + ",\"notices\":[")
        for (position, index) in notices.enumerated() {
            if position > 0 { file.append(",\n") }
            file.append(records(index), piece: PieceID(kind: .searchRecord, notice: index))
        }
        file.append("]}\n")
        return file
    }
}
