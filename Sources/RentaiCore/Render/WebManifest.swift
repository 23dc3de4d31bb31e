/// A portal's web app manifest, `manifest.webmanifest` (issue 6): each member installs *their*
/// portal on the phone's home screen, so `start_url` and `scope` are the portal's own folder
/// (written `./`, relative to the manifest, which lives there).
struct WebManifest {
    let context: PageContext

    /// The header's colour (style.css `--accent`) and the page background (`--wash`).
    static let themeColour = "#1f5fa8"
    static let backgroundColour = "#f4f6f9"

    /// The icons in `assets/` (templates/assets/icon-*.png), as phones ask for them.
    static let icons: [(file: String, size: String, purpose: String)] = [
        ("icon-192.png", "192x192", "any"),
        ("icon-512.png", "512x512", "any"),
        ("icon-maskable-512.png", "512x512", "maskable"),
    ]

    func manifest(for profile: Profile, folder: String) -> String {
        let organisation = context.organisation
        let council = organisation.council(profile.council)?.name ?? profile.council
        let union = organisation.union(profile.union)?.name ?? profile.union
        let role = organisation.role(profile.role)?.name ?? profile.role
        let root = PageContext.root(forPageIn: folder)
        let icons = Self.icons.map {
            "    {\"src\": \((root + "assets/" + $0.file).jsonLiteral), \"sizes\": \"\($0.size)\", \"type\": \"image/png\", \"purpose\": \"\($0.purpose)\"}"
        }
        return """
        {
          "name": \("\(council) / \(union) / \(role) | \(context.settings.title)".jsonLiteral),
          "short_name": \(Self.shortName(union: union, role: role, language: context.settings.language).jsonLiteral),
          "lang": "\(context.settings.language.rawValue)",
          "dir": "ltr",
          "id": "./",
          "start_url": "./",
          "scope": "./",
          "display": "standalone",
          "theme_color": "\(Self.themeColour)",
          "background_color": "\(Self.backgroundColour)",
          "icons": [
        \(icons.joined(separator: ",\n"))
          ]
        }

        """
    }

    /// What the home screen shows under the icon, which has room for about twelve characters:
    /// 「KDDI労組 組合員」, with 労働組合 shortened the way members say it.
    static func shortName(union: String, role: String, language: Language) -> String {
        switch language {
        case .ja: union.replacingOccurrences(of: "労働組合", with: "労組") + " " + role
        case .en: union + " " + role
        }
    }
}
