import Foundation
import RentaiCore

/// One line on the terminal that says where a long build is, rewritten in place; nothing at all
/// when standard error is not a terminal (CI logs, pipes) or with --quiet.
final class ProgressLine: @unchecked Sendable {
    private let enabled: Bool
    private let lock = NSLock()
    private var shown = false

    init(enabled: Bool) {
        self.enabled = enabled && isatty(STDERR_FILENO) == 1
    }

    var handler: ProgressHandler? {
        guard enabled else { return nil }
        return { [self] progress in show(progress) }
    }

    private func show(_ progress: BuildProgress) {
        var text = "rentai: \(progress.stage.rawValue)"
        if progress.total > 0 { text += " \(progress.done)/\(progress.total)" }
        lock.withLock {
            FileHandle.standardError.write(Data(("\r\u{1B}[K" + text).utf8))
            shown = true
        }
    }

    /// Clears the line before the summary or the errors are printed.
    func finish() {
        lock.withLock {
            if shown { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
            shown = false
        }
    }
}
