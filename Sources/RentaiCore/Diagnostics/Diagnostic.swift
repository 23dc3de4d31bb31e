/// One problem with the content, reported as `path:line:column: error: message` (SPEC §5), or
/// something left out of it that the author should know of, as `…: warning: …`.
///
/// Messages are lower-case, quote ids, and put the fix after a `;`.
public struct Diagnostic: Sendable, Hashable, CustomStringConvertible {
    public var location: SourceLocation
    public var message: String
    /// A warning does not stop a build.
    public var isWarning = false

    public init(_ message: String, at location: SourceLocation, isWarning: Bool = false) {
        self.message = message.escapingControlCharacters
        self.location = location
        self.isWarning = isWarning
    }

    public var description: String { "\(location): \(isWarning ? "warning" : "error"): \(message)" }
}

/// The problems found in one run: collected, never thrown, so every one is reported at once.
/// `all` and `isEmpty` are about errors; warnings are kept apart.
public struct Diagnostics: Sendable {
    public private(set) var all: [Diagnostic] = []
    public private(set) var warnings: [Diagnostic] = []

    public init() {}

    public var isEmpty: Bool { all.isEmpty }

    public mutating func error(_ message: String, at location: SourceLocation) {
        all.append(Diagnostic(message, at: location))
    }

    public mutating func warning(_ message: String, at location: SourceLocation) {
        warnings.append(Diagnostic(message, at: location, isWarning: true))
    }

    public mutating func append(contentsOf other: Diagnostics) {
        all.append(contentsOf: other.all)
        warnings.append(contentsOf: other.warnings)
    }

    /// Warnings in file order, each once.
    public var sortedWarnings: [Diagnostic] { Self.settled(warnings) }

    /// In file order, each reported once, so that output is the same on every run.
    public var sorted: [Diagnostic] { Self.settled(all) }

    static func settled(_ diagnostics: [Diagnostic]) -> [Diagnostic] {
        var seen = Set<Diagnostic>()
        return diagnostics.sorted { ($0.location, $0.message) < ($1.location, $1.message) }
            .filter { seen.insert($0).inserted }
    }
}
