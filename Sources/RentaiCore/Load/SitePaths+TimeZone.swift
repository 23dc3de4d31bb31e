import Foundation
import Yams

extension SitePaths {
    /// The `timezone` of `site.yaml`, read early so that the command line's `--now` can be read in
    /// it; Asia/Tokyo when the file or the key is missing (the full load reports any problem).
    public func declaredTimeZone() -> TimeZone {
        let fallback = TimeZone(identifier: "Asia/Tokyo")!
        guard let data = FileManager.default.contents(atPath: content.appendingPathComponent("site.yaml").path),
              let text = String(data: data, encoding: .utf8),
              let node = try? Yams.compose(yaml: text),
              let name = node.mapping?["timezone"]?.string else { return fallback }
        return TimeZone(identifier: name) ?? fallback
    }
}
