import Foundation

/// A text file as Rentai reads it: UTF-8, a leading BOM dropped, CRLF and CR read as LF.
enum SourceText {
    /// The decoded text, or the location of the first byte that is not UTF-8.
    static func decode(_ data: Data, path: String) -> Result<String, DiagnosticError> {
        var bytes = [UInt8](data)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            let location = firstInvalidByte(in: bytes, path: path)
            return .failure(DiagnosticError("the file is not valid UTF-8; save it as UTF-8", at: location))
        }
        if bytes.contains(0x0D) {
            return .success(text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n"))
        }
        return .success(text)
    }

    private static func firstInvalidByte(in bytes: [UInt8], path: String) -> SourceLocation {
        // Decode scalar by scalar until the decoder reports an error, counting lines and columns.
        var line = 1, column = 1
        var iterator = bytes.makeIterator()
        var decoder = UTF8()
        loop: while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let scalar):
                if scalar == "\n" { line += 1; column = 1 } else { column += 1 }
            case .emptyInput, .error:
                break loop
            }
        }
        return SourceLocation(path: path, line: line, column: column)
    }
}

/// A single problem that ends the reading of one file.
struct DiagnosticError: Error {
    var message: String
    var location: SourceLocation

    init(_ message: String, at location: SourceLocation) {
        self.message = message
        self.location = location
    }
}
