import Foundation

/// Hands a message to the standard sendmail interface (`/usr/sbin/sendmail -t -oi`, or any
/// command that reads a message on its input: Postfix, Exim, msmtp), so that delivery runs on
/// whatever mail system the federation already has.
public struct Sendmail: Sendable {
    public var command: String

    public init(command: String) {
        self.command = command
    }

    public struct Refusal: Error, CustomStringConvertible {
        public var status: Int32
        public var output: String
        public var description: String { output.isEmpty ? "exit status \(status)" : output }
    }

    /// Runs the command through `/bin/sh -c` with the message on its input (LF line ends, as the
    /// local interface expects) and throws the MTA's own words when it does not accept it.
    public func deliver(_ message: Data) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", command]
        let input = Pipe(), output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = output
        // A sendmail that exits without reading must give an error, not end this process.
        signal(SIGPIPE, SIG_IGN)
        try process.run()
        let text = Data(String(decoding: message, as: UTF8.self).replacingOccurrences(of: "\r\n", with: "\n").utf8)
        // Collect the MTA's words while writing, so that neither side waits on a full pipe.
        let collected = CollectedOutput()
        let reading = DispatchGroup()
        DispatchQueue.global().async(group: reading) {
            collected.set(output.fileHandleForReading.readDataToEndOfFile())
        }
        try? input.fileHandleForWriting.write(contentsOf: text)  // a refusal shows in the status
        try? input.fileHandleForWriting.close()
        process.waitUntilExit()
        reading.wait()
        guard process.terminationReason == .exit, process.terminationStatus == 0 else {
            let words = String(decoding: collected.data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            throw Refusal(status: process.terminationStatus, output: words)
        }
    }
}

/// What the MTA printed, filled in by the reading task.
private final class CollectedOutput: @unchecked Sendable {
    private let lock = NSLock()
    private var value = Data()
    func set(_ data: Data) { lock.withLock { value = data } }
    var data: Data { lock.withLock { value } }
}
