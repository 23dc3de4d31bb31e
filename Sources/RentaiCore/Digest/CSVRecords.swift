import Foundation

/// Reads a CSV file (RFC 4180: commas, double-quoted fields, doubled quotes inside them) record
/// by record from a stream, so that a list of any length is read in constant memory. Each record
/// carries the line it started on. A leading BOM is skipped.
struct CSVRecords: Sequence, IteratorProtocol {
    struct Record {
        var fields: [String]
        var line: Int
    }

    private let handle: FileHandle
    private var buffer: [UInt8] = []
    private var position = 0
    private var atEnd = false
    private var line = 1
    private var first = true

    init(url: URL) throws {
        handle = try FileHandle(forReadingFrom: url)
    }

    private mutating func nextByte() -> UInt8? {
        if position == buffer.count {
            guard !atEnd else { return nil }
            let chunk = handle.readData(ofLength: 1 << 16)
            if chunk.isEmpty { atEnd = true; return nil }
            buffer = [UInt8](chunk)
            position = 0
        }
        defer { position += 1 }
        return buffer[position]
    }

    private mutating func peekByte() -> UInt8? {
        guard let byte = nextByte() else { return nil }
        position -= 1
        return byte
    }

    mutating func next() -> Record? {
        if first {
            first = false
            if peekByte() == 0xEF {
                _ = nextByte()
                if peekByte() == 0xBB { _ = nextByte(); if peekByte() == 0xBF { _ = nextByte() } }
            }
        }
        guard peekByte() != nil else { return nil }
        let startLine = line
        var fields: [String] = []
        var field: [UInt8] = []
        var quoted = false
        while let byte = nextByte() {
            if quoted {
                if byte == UInt8(ascii: "\"") {
                    if peekByte() == UInt8(ascii: "\"") { _ = nextByte(); field.append(byte) } else { quoted = false }
                } else {
                    if byte == UInt8(ascii: "\n") { line += 1 }
                    field.append(byte)
                }
                continue
            }
            switch byte {
            case UInt8(ascii: "\""):
                quoted = true
            case UInt8(ascii: ","):
                fields.append(String(decoding: field, as: UTF8.self))
                field = []
            case UInt8(ascii: "\r"):
                continue
            case UInt8(ascii: "\n"):
                line += 1
                fields.append(String(decoding: field, as: UTF8.self))
                return Record(fields: fields, line: startLine)
            default:
                field.append(byte)
            }
        }
        fields.append(String(decoding: field, as: UTF8.self))
        return Record(fields: fields, line: startLine)
    }
}
