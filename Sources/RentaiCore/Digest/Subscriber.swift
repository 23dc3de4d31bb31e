/// A member who receives the digest by mail: a row of the subscribers CSV (SPEC §10).
public struct Subscriber: Sendable {
    public var address: String
    public var name: String
    public var profile: Profile
    /// The CSV line the row is on.
    public var line: Int
}
