import Foundation
import RentaiCore

/// What the preview says about the last build, at `/_rentai/status` and in every event of
/// `/_rentai/events`: open pages reload when `build` changes and show the errors while `ok` is false.
public struct PreviewStatus: Sendable, Equatable, Codable {
    /// One problem, where it is: what the overlay lists, as the terminal prints it.
    public struct Problem: Sendable, Equatable, Codable {
        public var file: String
        public var line: Int
        public var column: Int
        public var message: String

        public init(file: String, line: Int = 1, column: Int = 1, message: String) {
            self.file = file
            self.line = line
            self.column = column
            self.message = message
        }

        public init(_ diagnostic: Diagnostic) {
            self.init(file: diagnostic.location.path, line: diagnostic.location.line,
                      column: diagnostic.location.column, message: diagnostic.message)
        }
    }

    /// How many builds have succeeded: the reload signal.
    public var build: Int
    /// Whether the last build succeeded; when not, the site served is the last good one.
    public var ok: Bool
    public var errors: [Problem]

    public init(build: Int = 0, ok: Bool = true, errors: [Problem] = []) {
        self.build = build
        self.ok = ok
        self.errors = errors
    }

    /// One line of JSON, keys in a fixed order.
    public var json: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // Encoding plain strings and numbers cannot fail.
        return String(decoding: (try? encoder.encode(self)) ?? Data("{}".utf8), as: UTF8.self)
    }

    /// The status as one Server-Sent Event named `build` (JSON holds no line break).
    var serverSentEvent: String { "event: build\ndata: \(json)\n\n" }
}
