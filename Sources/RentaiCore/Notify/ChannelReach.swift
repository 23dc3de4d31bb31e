/// The firewall of channels (SPEC §16): a message about a notice goes to a channel only when
/// everyone in the channel is reached by the notice. A chat group is seen by all its members, so
/// one member the notice is not for would be a leak; such a channel is left out, whatever else.
public struct ChannelReach: Sendable {
    public let channels: [Channel]
    private let organisation: Organisation
    /// By channel: the profiles in it, as positions in `organisation.profiles`.
    private let members: [[Int]]

    public init(channels: [Channel], organisation: Organisation) {
        self.channels = channels
        self.organisation = organisation
        let resolver = AudienceResolver(organisation: organisation)
        members = channels.map { resolver.profileIndexes(reachedBy: $0.targeting) }
    }

    /// The profiles in a channel.
    public func profiles(in channel: Int) -> [Int] { members[channel] }

    /// The channels (by position) the notice's messages go to, and those left out, in file order.
    public func split(_ notice: Notice) -> (reached: [Int], leftOut: [Int]) {
        var reachedProfiles = [Bool](repeating: false, count: organisation.profiles.count)
        for profile in AudienceResolver(organisation: organisation).profileIndexes(reachedBy: notice) {
            reachedProfiles[profile] = true
        }
        var reached: [Int] = [], leftOut: [Int] = []
        for channel in channels.indices {
            let inside = !members[channel].isEmpty && members[channel].allSatisfy { reachedProfiles[$0] }
            if inside { reached.append(channel) } else { leftOut.append(channel) }
        }
        return (reached, leftOut)
    }
}
