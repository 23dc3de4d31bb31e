/// Who a person is in the union: 組合員, 役員, 窓口 (SPEC §3).
public struct Role: Sendable, Equatable {
    public var id: String
    public var name: String
    /// Roles whose notices this role also receives; transitive.
    public var includes: [String]
}
