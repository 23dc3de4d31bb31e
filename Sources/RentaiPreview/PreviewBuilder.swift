import Dispatch
import Foundation
import RentaiCore

/// Runs one build of the preview at a time and records its outcome: the status open pages see,
/// and the report the terminal prints.
struct PreviewBuilder: Sendable {
    let configuration: PreviewConfiguration
    let state: PreviewState
    let report: @Sendable (PreviewReport) -> Void
    /// Builds block a thread for their whole length and spread over every core by themselves:
    /// they run here, one after the other, never on the threads that answer requests.
    private let queue = DispatchQueue(label: "rentai.preview.build")

    init(configuration: PreviewConfiguration, state: PreviewState, report: @escaping @Sendable (PreviewReport) -> Void) {
        self.configuration = configuration
        self.state = state
        self.report = report
    }

    /// Builds the site as it is now, exactly as `rentai build` would (the same options, the same
    /// swap of the output folder), and waits until it is done, even when asked to stop meanwhile:
    /// a build cut short would leave its staging folder behind.
    func rebuild() async {
        await state.buildStarted()
        let options = configuration.buildOptions()
        let (paths, secret) = (configuration.paths, configuration.secret)
        let (outcome, site) = await withCheckedContinuation { (continuation: CheckedContinuation<(Result<BuildResult, Error>, PreviewSite?), Never>) in
            queue.async {
                let outcome = Result { try SiteBuild.build(options) }
                continuation.resume(returning: (outcome, Self.servedSite(after: outcome, paths: paths, secret: secret)))
            }
        }
        var status = await state.status
        switch outcome {
        case .success(.built(let summary)):
            status = PreviewStatus(build: status.build + 1, ok: true)
            // Told first, then shown: the terminal says what the pages are about to reload to.
            report(.built(summary, build: status.build))
            await state.buildFinished(status: status, site: site)
        case .success(.failed(let diagnostics)):
            status.ok = false
            status.errors = diagnostics.filter { !$0.isWarning }.map(PreviewStatus.Problem.init)
            report(.failed(diagnostics))
            await finishFailed(status, site: site)
        case .success(.leaked(let leaks)):
            let output = outputDisplay
            status.ok = false
            status.errors = leaks.map { leak in
                let file = output + "/" + leak.file
                let message = leak.description.hasPrefix(leak.file + ": ") ? String(leak.description.dropFirst(leak.file.count + 2)) : leak.description
                return PreviewStatus.Problem(file: file, message: message)
            }
            report(.leaked(leaks, output: output))
            await finishFailed(status, site: site)
        case .failure(let error):
            let message = ErrorMessage.text(error)
            status.ok = false
            status.errors = [PreviewStatus.Problem(file: outputDisplay, message: message)]
            report(.notWritten(message))
            await finishFailed(status, site: site)
        }
    }

    /// The site is served by the settings it was built with, which a save during the build may
    /// already have changed on disk; they are read anew only when the build failed.
    private static func servedSite(after outcome: Result<BuildResult, Error>, paths: SitePaths, secret: Data?) -> PreviewSite? {
        if case .success(.built(let summary)) = outcome, let settings = summary.settings, let organisation = summary.organisation {
            return PreviewSite(settings: settings, organisation: organisation)
        }
        let frame = SiteLoader(paths: paths, addresses: SiteAddresses(secret: secret)).loadFrame()
        return frame.map { PreviewSite(settings: $0.settings, organisation: $0.organisation) }
    }

    /// After a failed build the served site is the last good one, so its settings stay; only
    /// before any success are the settings read now used (to know the site's path).
    private func finishFailed(_ status: PreviewStatus, site: PreviewSite?) async {
        let keep = await state.site
        await state.buildFinished(status: status, site: keep == nil ? site : nil)
    }

    /// The output folder as the user would type it: `public`, or `.rentai-cache/preview`.
    var outputDisplay: String {
        let root = configuration.paths.root.standardizedFileURL.path
        let output = configuration.output.standardizedFileURL.path
        let relative = output.hasPrefix(root + "/") ? String(output.dropFirst(root.count + 1)) : output
        return configuration.paths.display(relative.hasSuffix("/") ? String(relative.dropLast()) : relative)
    }
}
