import Foundation

/// Runs a program that does a job Rentai leaves to a standard tool (git, tar, rsync, rclone,
/// Apprise), found on the PATH, with nothing on its input, and collects what it says: its output
/// and its errors are read at once, so that neither pipe fills and stops it.
enum ExternalCommand {
    struct Outcome {
        var status: Int32
        /// False when it ended on a signal.
        var exited: Bool
        var output: String
        var errors: String
        var succeeded: Bool { exited && status == 0 }
    }

    /// `arguments[0]` is the program; throws only when it cannot be started at all.
    static func run(_ arguments: [String], in folder: URL? = nil) throws -> Outcome {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        if let folder { process.currentDirectoryURL = folder }
        let output = Pipe(), errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let reading = DispatchGroup()
        let collected = Collected()
        DispatchQueue.global().async(group: reading) { collected.set(output: output.fileHandleForReading.readDataToEndOfFile()) }
        DispatchQueue.global().async(group: reading) { collected.set(errors: errors.fileHandleForReading.readDataToEndOfFile()) }
        process.waitUntilExit()
        reading.wait()
        return Outcome(status: process.terminationStatus, exited: process.terminationReason == .exit,
                       output: String(decoding: collected.output, as: UTF8.self), errors: String(decoding: collected.errors, as: UTF8.self))
    }
}

/// What the two reading tasks filled in.
private final class Collected: @unchecked Sendable {
    private let lock = NSLock()
    private var out = Data(), err = Data()
    func set(output: Data) { lock.withLock { out = output } }
    func set(errors: Data) { lock.withLock { err = errors } }
    var output: Data { lock.withLock { out } }
    var errors: Data { lock.withLock { err } }
}
