import Foundation

/// Hands a message to Apprise (`apprise -t <title> -b <body> <url>`), the standard way to post
/// one message to a hundred chat and push services by URL, as sendmail is for mail: Rentai
/// decides what goes where, Apprise delivers it. The command is site.yaml's `notify.command`.
public struct Apprise: Sendable {
    /// The command and its own arguments, as written (`apprise`, `python3 -m apprise`).
    public var command: [String]

    public init(command: String) {
        self.command = command.split(whereSeparator: \.isWhitespace).map(String.init)
    }

    public struct Refusal: Error, CustomStringConvertible {
        public var status: Int32
        public var output: String
        public var description: String { output.isEmpty ? "exit status \(status)" : "\(output) (exit status \(status))" }
    }

    /// Where the command is: found on PATH (or as written, with a slash), nil when it is not
    /// installed. Asked before anything is sent.
    public func executable(path: String? = ProcessInfo.processInfo.environment["PATH"]) -> String? {
        guard let name = command.first else { return nil }
        if name.contains("/") { return FileManager.default.isExecutableFile(atPath: name) ? name : nil }
        for folder in (path ?? "/usr/local/bin:/usr/bin:/bin").split(separator: ":") {
            let candidate = "\(folder)/\(name)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    /// Posts one message; throws Apprise's own words when it fails.
    public func post(title: String, body: String, to url: String) throws {
        guard let executable = executable() else {
            throw Refusal(status: 127, output: "'\(command.first ?? "")' is not installed")
        }
        // `--` ends the options: a title or body starting with '-' is text, not an option.
        let outcome = try ExternalCommand.run([executable] + command.dropFirst() + ["-t", title, "-b", body, "--", url])
        guard outcome.succeeded else {
            let text = (outcome.output + outcome.errors).trimmingCharacters(in: .whitespacesAndNewlines)
            throw Refusal(status: outcome.status, output: String(text.suffix(600)))
        }
    }
}
