/// One message for one channel (SPEC §16): a new notice, or a reminder of its deadline or event.
public struct ChannelMessage: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        case new
        case deadline(daysBefore: Int)
        case event(daysBefore: Int)
    }

    public var kind: Kind
    /// Positions in the site's notices and channels.
    public var notice: Int
    public var channel: Int
    public var title: String
    public var body: String

    /// What `sent.log` records with the channel's id: `new:<slug>`, `reminder:<slug>:deadline:7`.
    /// It names what was said, not a file, so a rerun never posts it twice whatever changed.
    public static func key(_ kind: Kind, slug: String) -> String {
        switch kind {
        case .new: "new:\(slug)"
        case .deadline(let days): "reminder:\(slug):deadline:\(days)"
        case .event(let days): "reminder:\(slug):event:\(days)"
        }
    }
}
