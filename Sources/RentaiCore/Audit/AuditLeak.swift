/// A notice found where it must not be: in the files of a profile it does not reach, or, when
/// it is not published, anywhere (SPEC §11).
public struct AuditLeak: Sendable, Hashable, CustomStringConvertible {
    /// The file, as a path inside the output folder.
    public var file: String
    public var slug: String
    /// What of the notice was found: its address, its calendar entry, its title.
    public var what: String
    /// Whom the file is for (`tokyo/kddi/member`), or nil for a file of the whole site.
    public var profile: String?
    public var isUnpublished: Bool

    /// What a profile's page holds when it links a layer the profile does not read (`slug` is
    /// then the layer's path).
    static let layerLink = "a link to layer"

    public var description: String {
        if what == Self.layerLink {
            return "\(file): leak: a link to layer '\(slug)', which \(profile ?? "this page's readers") does not read"
        }
        if what.contains("readable address") {
            return "\(file): leak: \(what): '\(slug)'"
        }
        if isUnpublished {
            return "\(file): leak: \(what) of notice '\(slug)', which is not published"
        }
        return "\(file): leak: \(what) of notice '\(slug)', which does not reach \(profile ?? "this page's readers")"
    }
}
