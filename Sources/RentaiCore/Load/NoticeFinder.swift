import Foundation

/// Finds every notice under `content/notices/`: `name.md` files, and `name/index.md` folders whose
/// other files are attachments (SPEC §4, §13). Checks slugs and refuses duplicates and links that
/// lead out of the content folder.
struct NoticeFinder {
    let paths: SitePaths

    func find(diagnostics: inout Diagnostics) -> [NoticeFile] {
        var found: [NoticeFile] = []
        let fileManager = FileManager.default
        var isDirectory: ObjCBool = false
        guard fileManager.fileExists(atPath: paths.notices.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            return []
        }
        walk(folder: paths.notices, relative: [], found: &found, diagnostics: &diagnostics)

        // `foo.md` beside `foo/index.md`: the second (in path order) is the duplicate.
        var bySlug: [String: NoticeFile] = [:]
        var unique: [NoticeFile] = []
        for file in found.sorted(by: { $0.displayPath < $1.displayPath }) {
            if let first = bySlug[file.slug] {
                diagnostics.error("duplicate slug '\(file.slug)': '\(first.displayPath)' has the same one; rename one of them",
                                  at: SourceLocation(path: file.displayPath))
            } else {
                bySlug[file.slug] = file
                unique.append(file)
            }
        }
        return unique.sorted { $0.slug < $1.slug }.compactMap { placeInSpace($0, diagnostics: &diagnostics) }
    }

    /// `unions/<union>/…`, `councils/<council>/…` and `blocks/<block>/…` are spaces; a notice
    /// must sit inside one of their folders, not beside them.
    private func placeInSpace(_ file: NoticeFile, diagnostics: inout Diagnostics) -> NoticeFile? {
        let components = file.slug.split(separator: "/").map(String.init)
        guard let first = components.first, let kind = Space.folders[first] else { return file }
        guard components.count >= 3 else {
            let example = kind == .union ? "kddi" : kind == .council ? "tokyo" : "kanto-shinetsu"
            let name = components.count == 2 ? components[1] : "notice"
            diagnostics.error("a notice in \(first)/ must be in the folder of its \(kind.rawValue), like \(first)/\(example)/\(name).md",
                              at: SourceLocation(path: file.displayPath))
            return nil
        }
        var placed = file
        placed.space = Space(kind: kind, id: components[1])
        return placed
    }

    private func walk(folder: URL, relative: [String], found: inout [NoticeFile], diagnostics: inout Diagnostics) {
        let folderPath = folder.path
        for name in visibleEntries(of: folder) {
            let path = relative + [name]
            let display = paths.display((["content", "notices"] + path).joined(separator: "/"))
            // One lstat tells a plain file or folder from a link, which alone needs more.
            let kind = Self.kind(ofEntry: folderPath + "/" + name)
            let url: URL
            let isFolder: Bool
            var stamp: NoticeCache.FileStamp? = nil
            switch kind {
            case .folder:
                url = URL(fileURLWithPath: folderPath + "/" + name, isDirectory: true)
                isFolder = true
            case .file(let info):
                url = URL(fileURLWithPath: folderPath + "/" + name, isDirectory: false)
                isFolder = false
                stamp = NoticeCache.FileStamp(info)
            case .other:
                guard let followed = followLink(folder.appendingPathComponent(name), display: display, diagnostics: &diagnostics) else { continue }
                url = followed
                isFolder = isDirectory(followed)
                guard isFolder || ContentLinks.isRegularFile(followed) else {
                    diagnostics.error(Self.notAFile(name), at: SourceLocation(path: display))
                    continue
                }
            }
            if isFolder {
                let index = url.appendingPathComponent("index.md")
                if FileManager.default.fileExists(atPath: index.path) {
                    guard checkSlug(path, display: display + "/index.md", diagnostics: &diagnostics) else { continue }
                    found.append(NoticeFile(slug: path.joined(separator: "/"), url: index,
                                            displayPath: display + "/index.md",
                                            attachments: attachments(in: url, diagnostics: &diagnostics)))
                } else {
                    walk(folder: url, relative: path, found: &found, diagnostics: &diagnostics)
                }
            } else if name.hasSuffix(".md") {
                let slugPath = relative + [String(name.dropLast(3))]
                guard checkSlug(slugPath, display: display, diagnostics: &diagnostics) else { continue }
                found.append(NoticeFile(slug: slugPath.joined(separator: "/"), url: url, displayPath: display, attachments: [], stamp: stamp))
            } else {
                diagnostics.error("'\(name)' is not a notice; a notice is a '.md' file, or a folder with an 'index.md' and its attachments",
                                  at: SourceLocation(path: display))
            }
        }
    }

    /// Every file below a folder notice except `index.md` itself; dot-files are ignored.
    private func attachments(in folder: URL, diagnostics: inout Diagnostics) -> [Attachment] {
        var result: [Attachment] = []
        func collect(_ url: URL, _ relative: [String]) {
            for name in visibleEntries(of: url) {
                let child = url.appendingPathComponent(name)
                let path = relative + [name]
                if relative.isEmpty, name == "index.md" { continue }
                let display = paths.display(child.path.replacingOccurrences(of: paths.root.path + "/", with: ""))
                guard let child = followLink(child, display: display, diagnostics: &diagnostics) else { continue }
                if isDirectory(child) {
                    collect(child, path)
                } else if !ContentLinks.isRegularFile(child) {
                    diagnostics.error(Self.notAFile(name), at: SourceLocation(path: display))
                } else if path == ["index.html"] {
                    diagnostics.error("an attachment cannot be called 'index.html': it would replace the notice's page; rename it",
                                      at: SourceLocation(path: display))
                } else {
                    let size = (try? FileManager.default.attributesOfItem(atPath: child.path)[.size] as? Int) ?? 0
                    result.append(Attachment(name: path.joined(separator: "/"), source: child, size: size))
                }
            }
        }
        collect(folder, [])
        return result.sorted { $0.name < $1.name }
    }

    /// Slugs are lower-case ASCII letters, digits, `-` and `_`, with `/` between folders.
    private func checkSlug(_ components: [String], display: String, diagnostics: inout Diagnostics) -> Bool {
        for component in components where !Self.isValidSlugComponent(component) {
            diagnostics.error("'\(component)' cannot be part of a notice's address; name files and folders with lower-case letters a–z, digits, '-' and '_' only",
                              at: SourceLocation(path: display))
            return false
        }
        return true
    }

    static func isValidSlugComponent(_ text: String) -> Bool {
        !text.isEmpty && text.unicodeScalars.allSatisfy {
            ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" || $0 == "_"
        }
    }

    /// A symbolic link may lead only to a file inside `content/`, which is then read in its
    /// place; a link out of it would publish a file from elsewhere, and a link to a folder can loop.
    private func followLink(_ url: URL, display: String, diagnostics: inout Diagnostics) -> URL? {
        switch ContentLinks.verdict(for: url, within: paths.content) {
        case .plain:
            return url
        case .file(let target):
            return target
        case .outside:
            diagnostics.error("'\(url.lastPathComponent)' is a link to a file outside content/; copy the file in instead", at: SourceLocation(path: display))
        case .folder:
            diagnostics.error("'\(url.lastPathComponent)' is a link to a folder; rentai follows links to files only: move the folder here instead", at: SourceLocation(path: display))
        case .broken:
            diagnostics.error("'\(url.lastPathComponent)' is a link that leads nowhere (a missing file, or links in a loop)", at: SourceLocation(path: display))
        }
        return nil
    }

    /// A FIFO, a socket or a device cannot be published (reading a FIFO waits for a writer).
    static func notAFile(_ name: String) -> String {
        "'\(name)' is not a file but a FIFO, a socket or a device, which cannot be published; remove it or put a file in its place"
    }

    private enum EntryKind { case file(stat), folder, other }

    /// A plain file or folder, or something else (a link, a missing entry) to look at closely.
    private static func kind(ofEntry path: String) -> EntryKind {
        var info = stat()
        guard lstat(path, &info) == 0 else { return .other }
        switch info.st_mode & S_IFMT {
        case S_IFREG: return .file(info)
        case S_IFDIR: return .folder
        default: return .other
        }
    }

    private func visibleEntries(of folder: URL) -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.filter { !$0.hasPrefix(".") }.sorted()
    }

    private func isDirectory(_ url: URL) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) && isDirectory.boolValue
    }
}
