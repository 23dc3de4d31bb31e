import Foundation
import RentaiCore

/// What the preview tells the person who started it. The command line prints it; the preview
/// itself prints nothing.
public enum PreviewReport: Sendable {
    /// The server listens at this address (the site's own path included).
    case serving(URL)
    /// A build succeeded; `build` counts the successful ones.
    case built(BuildSummary, build: Int)
    /// The content has errors; the last good site is still served.
    case failed([Diagnostic])
    /// The audit refused the new site (SPEC §11); the last good site is still served.
    case leaked([AuditLeak], output: String)
    /// Asked to stop while a build runs: the server stops once it is done.
    case stoppingAfterBuild
    /// The site could not be written: the output was refused, or the disk said no.
    case notWritten(String)
}
