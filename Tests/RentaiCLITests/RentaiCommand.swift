import Foundation

/// Runs the `rentai` executable that `swift build` made, as a user would.
struct RentaiCommand {
    static let repository = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// `RENTAI_BINARY`, else the `rentai` beside this test bundle, else `.build/debug/rentai`.
    static let binary: URL = {
        if let path = ProcessInfo.processInfo.environment["RENTAI_BINARY"] { return URL(fileURLWithPath: path) }
        let beside = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("rentai")
        if FileManager.default.isExecutableFile(atPath: beside.path) { return beside }
        return repository.appendingPathComponent(".build/debug/rentai")
    }()

    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// Runs `rentai` (or `executable`, such as strace running rentai) with `arguments`.
    static func run(_ arguments: [String], in directory: URL = repository, executable: URL = binary) throws -> Result {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.currentDirectoryURL = directory
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(status: process.terminationStatus,
                      stdout: String(decoding: stdout, as: UTF8.self),
                      stderr: String(decoding: stderr, as: UTF8.self))
    }

    /// A new folder for one test; `inMemory`: on /dev/shm where there is one, for a test that
    /// builds dozens of times (this project's disks make creating files after deleting many slow).
    static func temporaryFolder(inMemory: Bool = false) throws -> URL {
        let memory = URL(fileURLWithPath: "/dev/shm")
        let base = inMemory && FileManager.default.isWritableFile(atPath: memory.path) ? memory : FileManager.default.temporaryDirectory
        let url = base.appendingPathComponent("rentai-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}
