/// The table officers hand out (SPEC §11): every profile's portal, feed and calendar address.
public struct ProfileLinks {
    public let site: LoadedSite

    public init(site: LoadedSite) {
        self.site = site
    }

    public var csv: String {
        var lines = ["council,union,role,portal,feed,calendar"]
        let base = site.settings.baseURL
        for profile in site.organisation.profiles {
            let portal = base + site.settings.addresses.portalFolder(profile)
            lines.append([profile.council, profile.union, profile.role, portal, portal + "feed.xml", portal + "calendar.ics"].joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
