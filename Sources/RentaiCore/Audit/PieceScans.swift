import Foundation

/// Which shared piece of a file some bytes are: a notice's list entry or "coming up" line, or a
/// layer's link (for one depth of page), a notice's feed item, its calendar events, its record
/// in layers' indexes, or a long literal part of a page skeleton, which every page of that shape
/// (one template, one depth) repeats. The same piece has the
/// same bytes in every file.
struct PieceID: Hashable, Sendable {
    enum Kind: UInt8, Sendable { case entry, comingUp, layerLink, feedItem, calendarEvents, layerRecord, skeleton }
    var kind: Kind
    /// The notice (× 2, + 1 for an event, for "coming up" lines; the layer, for its links; the
    /// skeleton's number, for skeletons).
    var notice: Int
    /// The depth of the page, for fragments (their links climb to the top); the part, for skeletons.
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
