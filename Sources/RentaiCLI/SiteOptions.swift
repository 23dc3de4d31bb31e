import ArgumentParser
import Foundation
import RentaiCore

/// The options every command that reads a site shares.
struct SiteOptions: ParsableArguments {
    @Option(help: ArgumentHelp("The site folder, holding content/ and templates/.", valueName: "dir"))
    var site: String?

    @Option(help: ArgumentHelp("""
        The moment to build for, instead of the clock: YYYY-MM-DD, "YYYY-MM-DD HH:MM", or ISO 8601 \
        with an offset. Without an offset, the site's time zone.
        """, valueName: "time"))
    var now: String?

    @Option(help: ArgumentHelp("""
        A file holding the secret of private addresses (instead of the RENTAI_SECRET environment \
        variable). Keep it outside the site's repository.
        """, valueName: "file"))
    var secretFile: String?

    /// `--since` of digest and notify: a date in the same forms as `--now`, within 1900–2999.
    static func checkSince(_ since: String) throws {
        if let year = TimeParser.yearOutOfRange(since) {
            throw ValidationError("--since '\(since)': \(TimeParser.outOfRange(year))")
        }
        if TimeParser.parse(since, in: TimeZone(secondsFromGMT: 0)!) == nil {
            throw ValidationError("--since '\(since)' is not a date; write \(TimeParser.expectedForms)")
        }
    }

    func validate() throws {
        if let now, let year = TimeParser.yearOutOfRange(now) {
            throw ValidationError("--now '\(now)': \(TimeParser.outOfRange(year))")
        }
        if let now, TimeParser.parse(now, in: TimeZone(secondsFromGMT: 0)!) == nil {
            throw ValidationError("--now '\(now)' is not a date; write \(TimeParser.expectedForms)")
        }
        _ = try secret()
    }

    /// The secret of private addresses (SPEC §11): `--secret-file` (one trailing newline
    /// ignored), else `RENTAI_SECRET`; nil for the readable layout.
    func secret() throws -> Data? {
        if let secretFile {
            let url = URL(fileURLWithPath: secretFile).standardizedFileURL.resolvingSymlinksInPath()
            let root = paths.root.resolvingSymlinksInPath().path
            if url.path.hasPrefix(root.hasSuffix("/") ? root : root + "/") {
                throw ValidationError("the secret file '\(secretFile)' is inside the site; keep it outside the repository, where no commit can publish it")
            }
            guard var data = FileManager.default.contents(atPath: url.path) else {
                throw ValidationError("cannot read the secret file '\(secretFile)'")
            }
            if data.last == 0x0A { data.removeLast() }
            if data.last == 0x0D { data.removeLast() }
            guard !String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
                throw ValidationError("the secret file '\(secretFile)' is empty")
            }
            return data
        }
        guard let value = ProcessInfo.processInfo.environment["RENTAI_SECRET"] else { return nil }
        guard !value.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw ValidationError("RENTAI_SECRET is set but empty; set a long random value, or unset it")
        }
        return Data(value.utf8)
    }

    var paths: SitePaths { SitePaths(site: site) }

    /// The site of a command given a file (`rentai reach FILE`): found from the file's folder.
    func paths(near file: String) -> SitePaths { SitePaths(site: site, near: file) }

    /// `--now` in the site's time zone, or the clock. The only place that reads the clock.
    func moment() -> Date {
        guard let now else { return Date() }
        return TimeParser.parse(now, in: paths.declaredTimeZone())?.instant ?? Date()
    }
}
