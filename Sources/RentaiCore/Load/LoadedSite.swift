/// A site read from disk and checked: settings, organisation, notices. Produced only when there
/// were no content errors.
public struct LoadedSite: Sendable {
    public var settings: SiteSettings
    public var organisation: Organisation
    /// Every notice, drafts and scheduled ones included, sorted by slug.
    public var notices: [Notice]
    /// How many notice files were read this time; the others were as the last build read them.
    public var noticesRead = 0
    /// The chats and push topics of `content/channels.yaml` (SPEC §16); none without the file.
    public var channels: [Channel] = []
    /// What was left out of notices, said as `path:line:column: warning: …`.
    public var warnings: [Diagnostic] = []
    /// What the next build may take from this one instead of reading the files again; written
    /// only once this build has published (a failed build changes nothing).
    var notesForNextBuild: NoticeCache.Pending?
}
