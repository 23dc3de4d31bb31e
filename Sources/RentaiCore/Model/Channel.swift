/// A group chat or push topic where some members already are (a LINE group, a Slack channel, an
/// ntfy topic), from `content/channels.yaml` (SPEC §16). Who is in it is written with a notice's
/// targeting keys; where it is lies outside the repository, since its address holds a token.
public struct Channel: Sendable, Equatable {
    public var id: String
    public var name: String
    /// Who is in the channel: every profile these keys reach (no key: everyone).
    public var targeting: Targeting
    public var address: Address
    /// Where it is written in `channels.yaml`.
    public var source: SourceLocation

    /// Where the channel's Apprise URL is kept.
    public enum Address: Sendable, Equatable {
        /// In this environment variable.
        case environment(String)
        /// Under this key of the `--channels-file`.
        case key(String)
    }

    public init(id: String, name: String, targeting: Targeting, address: Address, source: SourceLocation) {
        self.id = id
        self.name = name
        self.targeting = targeting
        self.address = address
        self.source = source
    }
}
