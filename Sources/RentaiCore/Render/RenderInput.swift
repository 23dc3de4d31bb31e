import Foundation

/// Everything the render stage needs, settled before it starts: the notices with their status
/// at `now`, and what each profile sees.
struct RenderInput: Sendable {
    var settings: SiteSettings
    var organisation: Organisation
    var notices: [Notice]
    var statuses: [NoticeStatus]
    var listings: Listings
    var now: Date
}

/// Values computed once per notice and shared by every page that lists it: its template values,
/// its list entry already rendered (`entry_html`) for each depth of page that lists it, and its
/// feed item. Immutable once built, hence safe to read from every rendering thread.
struct SharedEntries: @unchecked Sendable {
    let entries: [[String: Any]]
    let feedItems: [String]
    /// By notice, then by the page's `root` (`../../../../` for a portal's first page).
    private let listed: [[String: [String: Any]]]

    init(entries: [[String: Any]], feedItems: [String], roots: [[String]], render: ([String: Any]) -> String) {
        self.entries = entries
        self.feedItems = feedItems
        self.listed = entries.indices.map { index in
            var byRoot: [String: [String: Any]] = [:]
            for root in roots[index] {
                var values = entries[index]
                values["root"] = root
                values["entry_html"] = render(values)
                byRoot[root] = values
            }
            return byRoot
        }
    }

    /// The notice's values for a list on a page whose way to the top is `root`.
    func listed(_ index: Int, root: String) -> [String: Any] {
        guard let values = listed[index][root] else {
            preconditionFailure("no list entry of notice \(index) rendered for a page at \(root)")
        }
        return values
    }
}
