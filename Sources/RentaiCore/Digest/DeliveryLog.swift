import Foundation

/// `sent.log`: one line per delivered message, `<file name> <recipient>`, written and synced right
/// after the MTA accepted it (SPEC §10, §14). A rerun skips every *recipient* already in it, not
/// every file: message files are numbered in the order they are written, and a notice or a member
/// added between a failed run and its rerun moves the numbers (issue 12). A folder holds one
/// digest (a week's, say: `outbox/<date>`); the window its log was first written for is kept
/// beside it, in `sent.window`, so that a run for another window can say that it is skipping
/// members because of an earlier one.
public final class DeliveryLog {
    public let url: URL
    private let windowURL: URL
    private let window: String
    private var delivered: Set<String> = []
    private var handle: FileHandle?
    /// The window the log was written for, when it is not this run's.
    public private(set) var earlierWindow: String?

    /// Opens the log of `folder` for the digest of `window` (`since` and `now`, as written).
    public init(folder: URL, window: String) throws {
        url = folder.appendingPathComponent("sent.log")
        windowURL = folder.appendingPathComponent("sent.window")
        self.window = window
        if let text = try? String(contentsOf: url, encoding: .utf8) {
            for line in text.split(separator: "\n") {
                guard let space = line.lastIndex(of: " ") else { continue }
                delivered.insert(Self.normalised(String(line[line.index(after: space)...])))
            }
        }
        if let recorded = try? String(contentsOf: windowURL, encoding: .utf8).trimmingCharacters(in: .newlines),
           !delivered.isEmpty, recorded != window {
            earlierWindow = recorded
        }
    }

    deinit { try? handle?.close() }

    /// Addresses are compared as mail systems do: the domain ignores case, and in practice so
    /// does every mailbox a federation's members have.
    static func normalised(_ address: String) -> String { address.lowercased() }

    public func wasDelivered(to recipient: String) -> Bool {
        delivered.contains(Self.normalised(recipient))
    }

    public func record(_ file: String, to recipient: String) throws {
        if handle == nil {
            if !FileManager.default.fileExists(atPath: windowURL.path) {
                try PlainFile.write(Array((window + "\n").utf8), to: windowURL.path)
            }
            if !FileManager.default.fileExists(atPath: url.path) {
                FileManager.default.createFile(atPath: url.path, contents: nil)
            }
            handle = try FileHandle(forWritingTo: url)
            try handle!.seekToEnd()
        }
        try handle!.write(contentsOf: Data("\(file) \(recipient)\n".utf8))
        try handle!.synchronize()
        delivered.insert(Self.normalised(recipient))
    }
}
