/// What a change does to one notice, between a git revision and the working tree (SPEC §17):
/// who it reached before and after, and what a reviewer must look at.
public struct NoticeChange: Sendable, Equatable {
    public enum Kind: String, Sendable {
        case added, removed, edited, retargeted
    }

    /// A notice's state at `--now` on one side.
    public enum Status: String, Sendable {
        case active, archived, scheduled, draft, absent

        var isPublished: Bool { self == .active || self == .archived }
    }

    /// What a reviewer must look at.
    public enum Flag: String, Sendable, CaseIterable {
        /// It now reaches every profile, and did not.
        case everyone
        /// It reaches a block or council it did not.
        case widerPlace = "wider-place"
        /// It moved from one space to another (its file moved between folders).
        case spaceMoved = "space-moved"
        /// Published before, not now.
        case vanished
        /// Not published before, published now.
        case appeared
        /// `draft: true` was removed.
        case draftRemoved = "draft-removed"
    }

    public struct Side: Sendable, Equatable {
        public var status: Status
        /// The profiles reached, as `council/union/role`.
        public var profiles: Set<String>
        /// Who it is for, in people's words (「東京都協議会 · KDDI労働組合」).
        public var audience: String
        public var title: String
        /// The channels it goes to (SPEC §16), by id.
        public var channels: [String]

        static let absent = Side(status: .absent, profiles: [], audience: "", title: "", channels: [])
    }

    public var slug: String
    public var kind: Kind
    public var before: Side
    public var after: Side
    public var flags: [Flag]

    public var gained: Set<String> { after.profiles.subtracting(before.profiles) }
    public var lost: Set<String> { before.profiles.subtracting(after.profiles) }
}
