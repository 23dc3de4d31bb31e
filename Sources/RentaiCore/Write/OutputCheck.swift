import Foundation

/// Refuses an output folder whose replacement would lose something: the site itself, a folder
/// that holds it, its content or templates, or a folder of other files (SPEC §5: nothing is lost).
/// A folder Rentai wrote carries `.rentai-output`; an empty one, or one with only dot-files, is
/// fine too.
public struct OutputCheck {
    public struct Refusal: Error, CustomStringConvertible {
        public var description: String
    }

    let paths: SitePaths
    let output: URL

    public func check() throws {
        let output = self.output.standardizedFileURL.resolvingSymlinksInPath().path
        let site = paths.root.standardizedFileURL.resolvingSymlinksInPath().path
        let display = self.output.path
        if output == site || site.hasPrefix(output.hasSuffix("/") ? output : output + "/") {
            throw Refusal(description: "the output '\(display)' holds the site itself; building would replace it. Choose another folder, like public/")
        }
        for folder in ["content", "templates"] {
            let inside = paths.root.appendingPathComponent(folder).standardizedFileURL.resolvingSymlinksInPath().path
            if output == inside || output.hasPrefix(inside + "/") {
                throw Refusal(description: "the output '\(display)' is inside the site's \(folder)/ folder. Choose another folder, like public/")
            }
        }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: output, isDirectory: &isDirectory) else { return }
        guard isDirectory.boolValue else {
            throw Refusal(description: "the output '\(display)' is a file, not a folder")
        }
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: output)) ?? []
        let visible = entries.filter { !$0.hasPrefix(".") }
        let madeByRentai = entries.contains(StagingFolder.marker)
            || (Set(["index.html", "p", "n"]).isSubset(of: Set(visible)))
        if !visible.isEmpty && !madeByRentai {
            throw Refusal(description: "the output '\(display)' holds other files and was not written by rentai; a build replaces its folder whole. Choose an empty folder, or empty this one first")
        }
    }
}
