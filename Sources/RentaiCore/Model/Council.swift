/// A prefectural council (県協), part of one block.
public struct Council: Sendable, Equatable {
    public var id: String
    public var name: String
    public var blockID: String
}
