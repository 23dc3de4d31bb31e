import Foundation

/// The "coming up" boxes of a build, each rendered once per list of deadlines and events and
/// depth of page: profiles of one council and union mostly share theirs, and rendering the
/// box's loop for every profile was a tenth of a build. `coming-up.mustache` sees only what
/// makes the box (`upcoming`, `has_upcoming`) and what every page has (`root`, `labels`,
/// `lang`, `site_title`), so equal lists give equal boxes.
final class ComingUpBoxes: @unchecked Sendable {
    private let lock = NSLock()
    private var boxes: [String: String] = [:]

    func box(items: [(notice: Int, isEvent: Bool)], root: String, render: () -> String) -> String {
        var key = root
        for item in items { key += "\(item.notice)\(item.isEvent ? "e" : "d")" }
        if let known = lock.withLock({ boxes[key] }) { return known }
        let made = render()
        lock.withLock { boxes[key] = made }
        return made
    }
}
