import Foundation

/// A file as the render stage makes it: its bytes, and where the pieces shared with other files
/// lie in it (a notice's list entry, feed item or calendar events), so that the audit reads
/// each shared piece once however many files hold it.
/// Bytes in an array, which the audit reads and the write stage writes as they are: no copy of
/// a hundred-kilobyte feed on its way out.
struct RenderedFile {
    private(set) var data: [UInt8] = []
    private(set) var pieces: [FilePiece] = []

    init() {
        data.reserveCapacity(16 << 10)
    }

    /// A file with no shared pieces.
    init(_ data: Data) { self.data = [UInt8](data) }

    mutating func append(_ text: String) { data.append(contentsOf: text.utf8) }

    mutating func append(bytes: some Collection<UInt8>) { data.append(contentsOf: bytes) }

    mutating func append(_ bytes: Data, piece id: PieceID) {
        let start = data.count
        data.append(contentsOf: bytes)
        if data.count > start { pieces.append(FilePiece(range: start..<data.count, id: id)) }
    }

    mutating func append(bytes: some Collection<UInt8>, piece id: PieceID) {
        let start = data.count
        data.append(contentsOf: bytes)
        if data.count > start { pieces.append(FilePiece(range: start..<data.count, id: id)) }
    }

    mutating func append(_ text: String, piece id: PieceID) {
        let start = data.count
        data.append(contentsOf: text.utf8)
        if data.count > start { pieces.append(FilePiece(range: start..<data.count, id: id)) }
    }
}
