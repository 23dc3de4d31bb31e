import Foundation

/// Puts the preview's toolbar, overlay and script into a page as it is served. Only the
/// response changes: the files on disk stay exactly what `rentai build` writes.
enum PageInjection {
    /// `snippet` just before the page's last `</body>` (any case), or at the end of a page
    /// without one.
    static func inject(_ snippet: String, into page: String) -> String {
        guard let close = page.range(of: "</body>", options: [.caseInsensitive, .backwards]) else {
            return page + snippet
        }
        return page.replacingCharacters(in: close.lowerBound..<close.lowerBound, with: snippet)
    }
}
