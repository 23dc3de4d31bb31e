import Foundation

extension SiteLoader {
    /// `site.yaml` and `org.yaml` alone, without the notices: what `rentai serve` needs after a
    /// build to route requests under `base_url`'s path and to offer every profile in its "view as"
    /// control (SPEC §12, §14), at a fraction of the cost of a second full load.
    ///
    /// Nil when either file is missing or has a problem; the build reports those.
    public func loadFrame() -> (settings: SiteSettings, organisation: Organisation)? {
        var diagnostics = Diagnostics()
        func text(_ name: String) -> (text: String, path: String)? {
            let path = paths.display("content/\(name)")
            guard let data = FileManager.default.contents(atPath: paths.content.appendingPathComponent(name).path),
                  case .success(let text) = SourceText.decode(data, path: path) else { return nil }
            return (text, path)
        }
        guard let site = text("site.yaml"), let org = text("org.yaml"),
              var settings = SiteSettingsLoader(path: site.path).load(site.text, diagnostics: &diagnostics),
              let organisation = OrganisationLoader(path: org.path).load(org.text, diagnostics: &diagnostics),
              diagnostics.isEmpty else { return nil }
        settings.addresses = addresses
        return (settings, organisation)
    }
}
