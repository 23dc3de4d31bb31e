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

    func validate() throws {
        if let now, TimeParser.parse(now, in: TimeZone(secondsFromGMT: 0)!) == nil {
            throw ValidationError("--now '\(now)' is not a date; write \(TimeParser.expectedForms)")
        }
    }

    var paths: SitePaths { SitePaths(site: site) }

    /// `--now` in the site's time zone, or the clock. The only place that reads the clock.
    func moment() -> Date {
        guard let now else { return Date() }
        return TimeParser.parse(now, in: paths.declaredTimeZone())?.instant ?? Date()
    }
}
