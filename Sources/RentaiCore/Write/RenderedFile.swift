import Foundation

/// A file as the render stage makes it: its bytes, and where the pieces shared with other files
/// lie in it (a notice's list entry, feed item or calendar events), so that the audit reads
/// each shared piece once however many files hold it.
struct RenderedFile {
    private(set) var data = Data()
    private(set) var pieces: [FilePiece] = []

    init() {}

    /// A file with no shared pieces.
    init(_ data: Data) { self.data = data }

    mutating func append(_ text: String) { data.append(contentsOf: text.utf8) }

    mutating func append(bytes: some Collection<UInt8>) { data.append(contentsOf: bytes) }

    mutating func append(_ bytes: Data, piece id: PieceID) {
        let start = data.count
        data.append(bytes)
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
