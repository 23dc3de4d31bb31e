/// A regional block (ブロック支部), holding its prefectural councils.
public struct Block: Sendable, Equatable {
    public var id: String
    public var name: String
    public var councilIDs: [String]
}
