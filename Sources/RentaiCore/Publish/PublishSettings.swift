/// `publish:` of site.yaml (SPEC §17): where the built site goes, and when digests go out.
public struct PublishSettings: Sendable, Equatable {
    /// `rsync /srv/www/portal/` or `rclone remote:path`; nil: the site is built, not deployed.
    public var deploy: Deploy?
    public var digest: DigestSchedule?
    /// The subscribers CSV, relative to the site; required with `digest`.
    public var subscribers: String?

    public init(deploy: Deploy? = nil, digest: DigestSchedule? = nil, subscribers: String? = nil) {
        self.deploy = deploy
        self.digest = digest
        self.subscribers = subscribers
    }
}
