import Foundation
import RentaiCore

/// The site as the preview routes it: where it lives under `base_url`'s path (SPEC §14), and
/// every profile with its portal, for "view as".
struct PreviewSite: Sendable {
    let settings: SiteSettings
    let organisation: Organisation
    /// The path of `base_url`, percent-encoded as in requests, with a slash at each end: `/`, or
    /// `/portal/` for `https://example.org/portal/`.
    let basePath: String
    /// Each portal's folder (`p/tokyo/kddi/member/`, or `p/<token>/` in private mode) to its profile.
    private let profilesByFolder: [String: Profile]

    init(settings: SiteSettings, organisation: Organisation) {
        self.settings = settings
        self.organisation = organisation
        self.basePath = Self.basePath(of: settings.baseURL)
        var folders: [String: Profile] = [:]
        for profile in organisation.profiles { folders[settings.addresses.portalFolder(profile)] = profile }
        self.profilesByFolder = folders
    }

    static func basePath(of baseURL: String) -> String {
        let path = URLComponents(string: baseURL)?.percentEncodedPath ?? "/"
        let trimmed = path.split(separator: "/", omittingEmptySubsequences: true).joined(separator: "/")
        return trimmed.isEmpty ? "/" : "/\(trimmed)/"
    }

    /// Where a profile's portal is served: `/portal/p/tokyo/kddi/member/`.
    func portalPath(_ profile: Profile) -> String {
        basePath + settings.addresses.portalFolder(profile)
    }

    /// The profile whose folder holds a file, given by its path inside the site
    /// (`p/tokyo/kddi/member/all/index.html`); nil outside every portal.
    func profile(at sitePath: String) -> Profile? {
        let parts = sitePath.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count > 2, parts[0] == "p" else { return nil }
        // A private portal is `p/<token>/`, a readable one `p/<council>/<union>/<role>/`.
        for depth in [2, 4] where parts.count > depth {
            if let profile = profilesByFolder[parts[0..<depth].joined(separator: "/") + "/"] { return profile }
        }
        return nil
    }

    /// Whether a union has members in a council, and so a profile there.
    func hasProfile(council: String, union: String) -> Bool {
        organisation.unions(in: council).contains { $0.id == union }
    }
}
