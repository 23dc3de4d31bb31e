import Foundation

/// `sent.log`: one line per delivered message, `<file name> <recipient>`, written and synced
/// right after the MTA accepted it, so that a rerun after a crash or a refusal sends the rest
/// and nothing twice (SPEC §10, §14).
public final class DeliveryLog {
    public let url: URL
    private var delivered: Set<String> = []
    private var handle: FileHandle?

    public init(url: URL) throws {
        self.url = url
        if let text = try? String(contentsOf: url, encoding: .utf8) {
            for line in text.split(separator: "\n") where !line.isEmpty { delivered.insert(String(line)) }
        }
    }

    deinit { try? handle?.close() }

    public func wasDelivered(_ file: String, to recipient: String) -> Bool {
        delivered.contains("\(file) \(recipient)")
    }

    public func record(_ file: String, to recipient: String) throws {
        if handle == nil {
            if !FileManager.default.fileExists(atPath: url.path) {
                FileManager.default.createFile(atPath: url.path, contents: nil)
            }
            handle = try FileHandle(forWritingTo: url)
            try handle!.seekToEnd()
        }
        try handle!.write(contentsOf: Data("\(file) \(recipient)\n".utf8))
        try handle!.synchronize()
        delivered.insert("\(file) \(recipient)")
    }
}
