/// One problem with the content, reported as `path:line:column: error: message` (SPEC §5).
///
/// Messages are lower-case, quote ids, and put the fix after a `;`.
public struct Diagnostic: Sendable, Hashable, CustomStringConvertible {
    public var location: SourceLocation
    public var message: String

    public init(_ message: String, at location: SourceLocation) {
        self.message = message.escapingControlCharacters
        self.location = location
    }

    public var description: String { "\(location): error: \(message)" }
}

/// The problems found in one run: collected, never thrown, so every one is reported at once.
public struct Diagnostics: Sendable {
    public private(set) var all: [Diagnostic] = []

    public init() {}

    public var isEmpty: Bool { all.isEmpty }

    public mutating func error(_ message: String, at location: SourceLocation) {
        all.append(Diagnostic(message, at: location))
    }

    public mutating func append(contentsOf other: Diagnostics) {
        all.append(contentsOf: other.all)
    }

    /// In file order, each reported once, so that output is the same on every run.
    public var sorted: [Diagnostic] {
        var seen = Set<Diagnostic>()
        return all.sorted { ($0.location, $0.message) < ($1.location, $1.message) }
            .filter { seen.insert($0).inserted }
    }
}
