/// A site read from disk and checked: settings, organisation, notices. Produced only when there
/// were no content errors.
public struct LoadedSite: Sendable {
    public var settings: SiteSettings
    public var organisation: Organisation
    /// Every notice, drafts and scheduled ones included, sorted by slug.
    public var notices: [Notice]
}
