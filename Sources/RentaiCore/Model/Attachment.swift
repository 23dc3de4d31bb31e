import Foundation

/// A file beside a folder notice's `index.md`, copied as is next to the notice's page.
public struct Attachment: Sendable, Hashable {
    /// The path under the notice's folder, with `/` between folders.
    public var name: String
    public var source: URL
    public var size: Int
}
