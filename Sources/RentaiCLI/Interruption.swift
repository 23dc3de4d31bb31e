import Dispatch
import Foundation
import RentaiCore

/// Ctrl-C or a kill during a build: remove the half-written staging folder, then stop, so the
/// published site stays as it was and nothing is left beside it.
enum Interruption {
    nonisolated(unsafe) private static var sources: [DispatchSourceSignal] = []

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
}
