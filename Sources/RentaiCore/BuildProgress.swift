/// Where a long build is, for a terminal to show (issue 5): the stage, and how far into it.
public struct BuildProgress: Sendable {
    public enum Stage: String, Sendable {
        case loading = "loading notices"
        case rendering = "rendering portals"
        case layers = "rendering layers"
        case pages = "rendering notice pages"
        case publishing = "publishing"
    }

    public var stage: Stage
    public var done: Int
    public var total: Int

    public init(stage: Stage, done: Int = 0, total: Int = 0) {
        self.stage = stage
        self.done = done
        self.total = total
    }
}

/// Receives progress from any thread; the command line decides whether to show it.
public typealias ProgressHandler = @Sendable (BuildProgress) -> Void
