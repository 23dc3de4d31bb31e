import Foundation

/// Which shared piece of a file some bytes are: a notice's list entry (for one depth of page),
/// its feed item, its calendar events, its record in search indexes, a part of a page skeleton
/// that every page of that shape repeats, or a profile's "coming up" box. The same piece has the
/// same bytes in every file.
struct PieceID: Hashable, Sendable {
    enum Kind: UInt8, Sendable { case entry, feedItem, calendarEvents, skeleton, searchRecord, comingUp }
    var kind: Kind
    /// The notice; the skeleton's number, for skeletons; the profile, for "coming up".
    var notice: Int
    /// The depth of the page, for list entries (their links climb to the top) and "coming up";
    /// the part, for skeletons.
    var variant: Int = 0
}

/// Where a shared piece lies in a file.
struct FilePiece: Sendable {
    var range: Range<Int>
    var id: PieceID
}

/// The audit's findings in each shared piece, found the first time the piece is met: a notice
/// listed by two thousand profiles is read once, not two thousand times.
final class PieceScans: @unchecked Sendable {
    private let lock = NSLock()
    private var scans: [PieceID: SiteAudit.FileCheck.Scan] = [:]

    func scan(_ id: PieceID, make: () -> SiteAudit.FileCheck.Scan) -> SiteAudit.FileCheck.Scan {
        if let known = lock.withLock({ scans[id] }) { return known }
        let made = make()
        lock.withLock { scans[id] = made }
        return made
    }
}
