import Dispatch
import Foundation
import RentaiCore
import RentaiPreview

/// Ctrl-C or a kill during a build: remove the half-written staging folder, then stop, so the
/// published site stays as it was and nothing is left beside it.
enum Interruption {
    nonisolated(unsafe) private static var sources: [DispatchSourceSignal] = []

    /// A build that failed because a signal stopped it waits here for the signal's handler to
    /// finish removing the staging folder and end the process.
    static func waitIfStopping() {
        guard StagingFolder.isStopping else { return }
        while true { sleep(60) }
    }

    static func removeStagingOnSignal() {
        for signalNumber in [SIGINT, SIGTERM, SIGHUP] {
            signal(signalNumber, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: .global())
            source.setEventHandler {
                StagingFolder.discardAllInProgress()
                Terminal.error("rentai: stopped; the published site is unchanged")
                exit(128 + signalNumber)
            }
            source.resume()
            sources.append(source)
        }
    }

    /// `rentai serve`: the first Ctrl-C stops the server gracefully, after the build in progress
    /// (the server handles it); a second one does not wait for that build, whose staging folder
    /// is removed as above.
    static func abandonBuildOnSecondSignal() {
        for signalNumber in [SIGINT, SIGTERM] {
            signal(signalNumber, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: signalQueue)
            source.setEventHandler {
                signalsReceived += 1
                guard signalsReceived >= 2 else { return }
                Terminal.error("rentai: stopping now, without waiting for the build in progress")
                StagingFolder.discardAllInProgress()
                Terminal.error("rentai: stopped; the published site is unchanged")
                exit(128 + signalNumber)
            }
            source.resume()
            sources.append(source)
        }
    }

    /// `rentai serve`: SIGHUP builds again now, changed files or not, as daemons reload on it
    /// (after a `git pull` that kept files' times, say).
    static func rebuildOnHangUp(_ requests: RebuildRequests) {
        signal(SIGHUP, SIG_IGN)
        let source = DispatchSource.makeSignalSource(signal: SIGHUP, queue: signalQueue)
        source.setEventHandler {
            Terminal.error("rentai: SIGHUP: building again")
            requests.request()
        }
        source.resume()
        sources.append(source)
    }

    /// The signals counted so far; touched on `signalQueue` only.
    nonisolated(unsafe) private static var signalsReceived = 0
    private static let signalQueue = DispatchQueue(label: "rentai.signals")
}
