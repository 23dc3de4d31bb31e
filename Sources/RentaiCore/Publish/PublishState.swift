import Foundation

/// `.rentai-state/state.json` (SPEC §17): when the last publish and the last digest happened, so
/// that the next publish knows its windows without anyone typing `--since`. Written only after a
/// step succeeded; never committed (the folder ignores itself in git).
public struct PublishState: Sendable, Equatable {
    public var lastPublish: Date
    public var lastDigest: Date
    /// The scheduled time of a digest begun and not finished (the mail system refused one): the
    /// next publish finishes that very window, in its own folder, before any later one, so that
    /// nobody gets the same notices twice.
    public var pendingDigest: Date?

    public init(lastPublish: Date, lastDigest: Date, pendingDigest: Date? = nil) {
        self.lastPublish = lastPublish
        self.lastDigest = lastDigest
        self.pendingDigest = pendingDigest
    }

    public static func folder(of site: SitePaths) -> URL {
        site.root.appendingPathComponent(".rentai-state", isDirectory: true)
    }

    static func file(of site: SitePaths) -> URL { folder(of: site).appendingPathComponent("state.json") }

    /// The state, nil before the first publish; throws when the file is there but unreadable.
    public static func read(_ site: SitePaths) throws -> PublishState? {
        guard let data = FileManager.default.contents(atPath: file(of: site).path) else { return nil }
        guard let object = try? JSONSerialization.jsonObject(with: data) as? [String: String],
              let publish = object["last_publish"].flatMap(Self.parse), let digest = object["last_digest"].flatMap(Self.parse) else {
            throw Problem(description: "\(site.display(".rentai-state/state.json")) is not a publish state; remove it to start afresh (the next publish then sends nothing)")
        }
        return PublishState(lastPublish: publish, lastDigest: digest, pendingDigest: object["pending_digest"].flatMap(Self.parse))
    }

    /// Written whole or not at all.
    public func write(_ site: SitePaths, zone: TimeZone = TimeZone(identifier: "UTC")!) throws {
        let folder = Self.folder(of: site)
        try PlainFile.makeFolders(folder.path)
        let ignore = folder.appendingPathComponent(".gitignore")
        if !FileManager.default.fileExists(atPath: ignore.path) {
            try PlainFile.write(Array("# rentai publish's own state: never committed\n*\n".utf8), to: ignore.path)
        }
        var text = "{\n  \"last_publish\": \"\(Self.format(lastPublish, in: zone))\",\n  \"last_digest\": \"\(Self.format(lastDigest, in: zone))\""
        if let pendingDigest { text += ",\n  \"pending_digest\": \"\(Self.format(pendingDigest, in: zone))\"" }
        text += "\n}\n"
        try PlainFile.replace(Self.file(of: site).path, with: Data(text.utf8))
    }

    public struct Problem: Error, CustomStringConvertible {
        public var description: String
    }

    /// `2026-11-26T12:00:00+09:00`: ISO 8601, in the site's zone.
    static func format(_ date: Date, in zone: TimeZone = TimeZone(identifier: "UTC")!) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        formatter.timeZone = zone
        return formatter.string(from: date)
    }

    static func parse(_ text: String) -> Date? {
        ISO8601DateFormatter().date(from: text)
    }
}
