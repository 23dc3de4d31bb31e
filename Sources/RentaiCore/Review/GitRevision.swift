import Foundation

/// The site as it was at a git revision, taken out by git itself (`git archive`, unpacked by
/// `tar`) into a temporary folder: never a hand-written reader of git's files.
public struct GitRevision {
    /// The revision's full commit hash.
    public let hash: String
    /// A folder holding the site's `content/` (and `templates/`) at that revision.
    public let folder: URL

    public struct Problem: Error, CustomStringConvertible {
        public var description: String
    }

    /// Exports `revision` of the repository that holds `site`.
    public static func export(_ revision: String, site: URL) throws -> GitRevision {
        let root = try git(["rev-parse", "--show-toplevel"], in: site).trimmingCharacters(in: .whitespacesAndNewlines)
        let hash = try git(["rev-parse", "--verify", "--quiet", revision + "^{commit}"], in: site, saying: "'\(revision)' is not a revision of this repository")
            .trimmingCharacters(in: .whitespacesAndNewlines)
        // The site's folder inside the repository ("" when the site is the repository).
        let sitePath = site.resolvingSymlinksInPath().standardizedFileURL.path
        let rootPath = URL(fileURLWithPath: root).resolvingSymlinksInPath().standardizedFileURL.path
        let prefix = sitePath == rootPath ? "" : String(sitePath.dropFirst(rootPath.count + 1))
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("rentai-diff-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        // Nothing is left behind when a step fails (a revision from before the site existed).
        do {
            let tree = prefix.isEmpty ? hash : "\(hash):\(prefix)"
            let listed = try git(["ls-tree", "--name-only", tree], in: site, saying: "the site's folder does not exist at \(revision) (\(hash.prefix(12)))")
            let parts = ["content", "templates"].filter { name in listed.split(separator: "\n").contains { $0 == name } }
            guard parts.contains("content") else {
                throw Problem(description: "the site has no content/ at \(revision) (\(hash.prefix(12)))")
            }
            let archive = folder.appendingPathComponent(".rentai-archive.tar")
            _ = try git(["archive", "--format=tar", "-o", archive.path, tree, "--"] + parts, in: site)
            try run(["tar", "-xf", archive.path, "-C", folder.path], in: folder)
            try? FileManager.default.removeItem(at: archive)
        } catch {
            try? FileManager.default.removeItem(at: folder)
            throw error
        }
        return GitRevision(hash: hash, folder: folder)
    }

    /// Removes the exported copy.
    public func remove() {
        try? FileManager.default.removeItem(at: folder)
    }

    @discardableResult
    static func git(_ arguments: [String], in folder: URL, saying failure: String? = nil) throws -> String {
        do {
            return try run(["git"] + arguments, in: folder)
        } catch let problem as Problem {
            throw Problem(description: failure ?? problem.description)
        }
    }

    @discardableResult
    static func run(_ arguments: [String], in folder: URL) throws -> String {
        let outcome = try ExternalCommand.run(arguments, in: folder)
        guard outcome.succeeded else {
            let words = outcome.errors.trimmingCharacters(in: .whitespacesAndNewlines)
            throw Problem(description: "\(arguments.prefix(2).joined(separator: " ")): \(words.isEmpty ? "exit status \(outcome.status)" : words)")
        }
        return outcome.output
    }
}
