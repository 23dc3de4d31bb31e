import Foundation

/// `sent.log` of `rentai notify`: a line `<key> <channel id>` per message Apprise accepted,
/// synced at once (SPEC §16). A rerun skips every (key, channel) in it, whatever changed in
/// between: keys name what was said (`new:<slug>`), never a file number (the digest's first
/// resume had exactly that bug, issue 12).
public final class ChannelLog {
    public let url: URL
    private var posted: Set<String> = []
    private var handle: FileHandle?

    public init(folder: URL) {
        url = folder.appendingPathComponent("sent.log")
        if let text = try? String(contentsOf: url, encoding: .utf8) {
            for line in text.split(separator: "\n") { posted.insert(String(line)) }
        }
    }

    deinit { try? handle?.close() }

    public func wasPosted(_ key: String, to channel: String) -> Bool {
        posted.contains("\(key) \(channel)")
    }

    /// Opens the log for writing before anything is posted: a log that cannot be written must
    /// stop the run before a message goes out unrecorded (and would go out again).
    public func open() throws {
        guard handle == nil else { return }
        if !FileManager.default.fileExists(atPath: url.path) { FileManager.default.createFile(atPath: url.path, contents: nil) }
        handle = try FileHandle(forUpdating: url)
        let end = try handle!.seekToEnd()
        // A line cut short by a crash is ended, so that the next record is a line of its own.
        if end > 0 {
            try handle!.seek(toOffset: end - 1)
            if handle!.readData(ofLength: 1) != Data("\n".utf8) { try handle!.write(contentsOf: Data("\n".utf8)) }
        }
    }

    public func record(_ key: String, to channel: String) throws {
        try open()
        try handle!.write(contentsOf: Data("\(key) \(channel)\n".utf8))
        try handle!.synchronize()
        posted.insert("\(key) \(channel)")
    }
}
