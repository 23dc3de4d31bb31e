import Foundation
import RentaiCore

/// Printing, in one place.
enum Terminal {
    static func error(_ line: String) {
        FileHandle.standardError.write(Data((line.escapingControlCharacters + "\n").utf8))
    }

    static func report(_ diagnostics: [Diagnostic]) {
        for diagnostic in diagnostics { error(diagnostic.description) }
    }

    /// `1 notice`, `3 notices`.
    static func count(_ n: Int, _ noun: String) -> String {
        "\(n) \(noun)\(n == 1 ? "" : "s")"
    }
}
