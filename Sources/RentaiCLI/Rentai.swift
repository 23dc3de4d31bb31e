import ArgumentParser

/// `rentai`: one publish step from Markdown notices to every member's portal and feed.
/// Asynchronous only because `serve` is; every other command runs as before.
@main
struct Rentai: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rentai",
        abstract: "Turns union notices written in Markdown into a portal and a feed for every member.",
        discussion: """
        Run it in a site folder (one with content/ and templates/), or name one with --site.

          rentai check     # every error in the notices; writes nothing
          rentai build     # the site, into public/
          rentai serve     # a live preview at http://127.0.0.1:8080/
          rentai build --now "2026-12-01 09:00" --output /tmp/preview
        """,
        subcommands: [Build.self, Check.self, Publish.self, Digest.self, Notify.self, Diff.self, Audit.self, Links.self, Codeowners.self, New.self, Reach.self, Serve.self])
}
