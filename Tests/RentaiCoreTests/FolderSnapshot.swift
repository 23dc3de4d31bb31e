import Foundation

/// Every file under a folder with its bytes, to compare two builds or one folder before and after.
struct FolderSnapshot: Equatable {
    var files: [String: Data]

    init(_ folder: URL) {
        files = [:]
        let root = folder.standardizedFileURL.path + "/"
        guard let enumerator = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: [.isRegularFileKey]) else { return }
        for case let url as URL in enumerator {
            guard (try? url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true else { continue }
            let path = url.standardizedFileURL.path
            files[String(path.dropFirst(root.count))] = try? Data(contentsOf: url)
        }
    }

    var paths: [String] { files.keys.sorted() }
}
