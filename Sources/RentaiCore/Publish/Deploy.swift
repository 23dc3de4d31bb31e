import Foundation

/// Where the built site goes (`publish.deploy`), through tools that exist: `rsync` to a folder or
/// a host, or `rclone sync` to any object store or CDN rclone knows. Both compare size and
/// modification time, which an incremental build keeps for every file it did not change: only
/// what changed is uploaded. Four passes, so that a reader never follows a link to a file not
/// there yet: files that link nothing (assets, attachments), then notices' pages, then
/// everything that links them (portals, layers, feeds, calendars, indexes), then removals.
public struct Deploy: Sendable, Equatable {
    public enum Tool: String, Sendable { case rsync, rclone }

    public var tool: Tool
    /// `/srv/www/portal/`, `host:/srv/www/portal/`, `remote:bucket/portal`.
    public var target: String

    /// Reads `rsync <target>` or `rclone <remote:path>`.
    public init?(_ text: String) {
        let words = text.split(separator: " ", maxSplits: 1).map(String.init)
        guard words.count == 2, let tool = Tool(rawValue: words[0]), !words[1].trimmingCharacters(in: .whitespaces).isEmpty else { return nil }
        self.tool = tool
        self.target = words[1].trimmingCharacters(in: .whitespaces)
    }

    /// The commands of the four passes, for `output` (the built site's folder).
    public func passes(from output: URL, dryRun: Bool = false) -> [[String]] {
        let source = output.standardizedFileURL.path + "/"
        // The build's own marker and staging names stay home.
        let own = ["--exclude", ".rentai-*"]
        // What links other files: sent after what it links.
        let linking = ["*.html", "*.xml", "*.ics", "*.json", "*.webmanifest"]
        switch tool {
        case .rsync:
            let target = self.target.hasSuffix("/") ? self.target : self.target + "/"
            // A dry run compares contents: its files were just built, each with a new time.
            let base = ["rsync", "-a", "--itemize-changes"] + (dryRun ? ["--dry-run", "--checksum"] : []) + own
            return [base + linking.flatMap { ["--exclude", $0] } + [source, target],
                    base + ["--include", "/n/***", "--exclude", "*", source, target],
                    base + [source, target],
                    base + ["--delete", source, target]]
        case .rclone:
            let base = ["rclone"] + (dryRun ? ["--dry-run", "--checksum"] : []) + own
            return [base + ["copy"] + linking.flatMap { ["--exclude", $0] } + [source, target],
                    base + ["copy", "--include", "/n/**", source, target],
                    base + ["copy", source, target],
                    base + ["sync", source, target]]
        }
    }

    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    /// Runs the passes; returns what the tools printed (rsync's itemized changes).
    @discardableResult
    public func run(from output: URL, dryRun: Bool = false) throws -> String {
        var printed = ""
        for pass in passes(from: output, dryRun: dryRun) {
            let outcome: ExternalCommand.Outcome
            do {
                outcome = try ExternalCommand.run(pass)
            } catch {
                throw Failure(description: "cannot run \(tool.rawValue): \(error)")
            }
            guard outcome.succeeded else {
                let status = outcome.status
                let why = status == 127 ? "\(tool.rawValue) is not installed (Debian: apt install \(tool.rawValue))"
                    : (outcome.errors + outcome.output).trimmingCharacters(in: .whitespacesAndNewlines).suffix(800)
                throw Failure(description: "\(pass.joined(separator: " ")) failed (exit status \(status)): \(why)")
            }
            printed += outcome.output
        }
        return printed
    }
}
