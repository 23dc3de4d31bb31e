import Foundation

/// The built site's files, looked up by a request's path as a static host would: a folder's
/// `index.html`, a folder without its slash redirected, and nothing outside the folder, hidden
/// (`.rentai-output`) or listed.
struct SiteFiles: Sendable {
    /// The output folder the build writes.
    let root: URL

    enum Lookup: Sendable, Equatable {
        /// `sitePath` is the file's path inside the site, `/`-separated.
        case file(URL, sitePath: String)
        /// A folder asked for without its trailing slash.
        case folder
        case missing
    }

    /// `path` is the part of the request's path after the site's base path, percent-encoded as
    /// it came (`p/tokyo/kddi/member/`, `n/2026/seminar/%E5%9C%B0%E5%9B%B3.png`).
    func lookup(_ path: String) -> Lookup {
        var segments: [String] = []
        for raw in path.split(separator: "/", omittingEmptySubsequences: true) {
            guard let segment = raw.removingPercentEncoding, !segment.isEmpty,
                  !segment.hasPrefix("."), !segment.contains("/"), !segment.contains("\0") else { return .missing }
            segments.append(segment)
        }
        let asFolder = path.isEmpty || path.hasSuffix("/")
        var url = root
        for segment in segments { url.appendPathComponent(segment) }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) else { return .missing }
        if isDirectory.boolValue {
            guard asFolder else { return .folder }
            url.appendPathComponent("index.html")
            segments.append("index.html")
            guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), !isDirectory.boolValue else { return .missing }
        } else if asFolder {
            return .missing
        }
        // The build writes plain files; a link leading out of the site is not followed.
        let inside = root.resolvingSymlinksInPath().path + "/"
        guard url.resolvingSymlinksInPath().path.hasPrefix(inside) else { return .missing }
        return .file(url, sitePath: segments.joined(separator: "/"))
    }

    /// The media type of a file of the site, by its name (SPEC §6 names what is built). An
    /// officer's text attachment is said to be UTF-8 only when it is: a CSV exported from Excel
    /// is often Shift_JIS, which a browser reads right only when not told otherwise.
    static func contentType(of sitePath: String, data: Data? = nil) -> String {
        let name = sitePath.split(separator: "/").last.map(String.init) ?? sitePath
        if name == "feed.xml" { return "application/rss+xml; charset=utf-8" }
        let ext = name.split(separator: ".").count > 1 ? name.split(separator: ".").last!.lowercased() : ""
        if let plain = attachmentTextTypes[ext], let data, String(validating: data, as: UTF8.self) == nil {
            return plain
        }
        return types[ext] ?? "application/octet-stream"
    }

    private static let attachmentTextTypes: [String: String] = ["txt": "text/plain", "md": "text/plain", "csv": "text/csv"]

    private static let types: [String: String] = [
        "html": "text/html; charset=utf-8",
        "css": "text/css; charset=utf-8",
        "js": "text/javascript; charset=utf-8",
        "xml": "application/xml; charset=utf-8",
        "ics": "text/calendar; charset=utf-8",
        "txt": "text/plain; charset=utf-8",
        "md": "text/plain; charset=utf-8",
        "csv": "text/csv; charset=utf-8",
        "json": "application/json",
        "webmanifest": "application/manifest+json",
        "svg": "image/svg+xml",
        "png": "image/png",
        "jpg": "image/jpeg",
        "jpeg": "image/jpeg",
        "gif": "image/gif",
        "webp": "image/webp",
        "avif": "image/avif",
        "ico": "image/vnd.microsoft.icon",
        "pdf": "application/pdf",
        "zip": "application/zip",
        "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        "woff2": "font/woff2",
    ]
}
