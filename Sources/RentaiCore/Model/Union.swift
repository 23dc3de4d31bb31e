/// An affiliated union (加盟組合) and the councils where it has members.
public struct Union: Sendable, Equatable {
    public var id: String
    public var name: String
    /// In the order of `org.yaml`'s councils; `all` is expanded to every council.
    public var councilIDs: [String]
}
