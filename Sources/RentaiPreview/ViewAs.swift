import Foundation
import RentaiCore

/// "View as" (SPEC §12): from the toolbar's council, union and role to that profile's portal,
/// at its real address (private or readable), or to a page that says why there is none and
/// lists what there is.
struct ViewAs {
    let site: PreviewSite

    enum Answer: Equatable {
        /// The path of the profile's portal.
        case portal(String)
        case noProfile(message: String, heading: String, choices: [Choice])
    }

    struct Choice: Equatable {
        var name: String
        var href: String
    }

    func answer(council: String, union: String, role: String) -> Answer {
        let organisation = site.organisation
        let labels = PreviewLabels(site.settings.language)
        guard let place = organisation.council(council) else {
            return .noProfile(message: labels.unknownCouncil(council), heading: labels.knownCouncils,
                              choices: organisation.councils.map { choice($0.name, $0.id, union, role) })
        }
        guard let member = organisation.union(union) else {
            return .noProfile(message: labels.unknownUnion(union), heading: labels.unionsThere(place.name),
                              choices: organisation.unions(in: council).map { choice($0.name, council, $0.id, role) })
        }
        guard organisation.role(role) != nil else {
            return .noProfile(message: labels.unknownRole(role), heading: labels.knownRoles,
                              choices: organisation.roles.map { choice($0.name, council, union, $0.id) })
        }
        guard site.hasProfile(council: council, union: union) else {
            return .noProfile(message: labels.noMembers(union: member.name, council: place.name),
                              heading: labels.unionsThere(place.name),
                              choices: organisation.unions(in: council).map { choice($0.name, council, $0.id, role) })
        }
        return .portal(site.portalPath(Profile(council: council, union: union, role: role)))
    }

    private func choice(_ name: String, _ council: String, _ union: String, _ role: String) -> Choice {
        Choice(name: name, href: Self.href(council: council, union: union, role: role))
    }

    static func href(council: String, union: String, role: String) -> String {
        func encoded(_ id: String) -> String {
            id.addingPercentEncoding(withAllowedCharacters: idCharacters) ?? ""
        }
        return "/_rentai/view-as?council=\(encoded(council))&union=\(encoded(union))&role=\(encoded(role))"
    }

    /// What an id is made of (SPEC §3); anything else in a link is escaped.
    private static let idCharacters = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyz0123456789-")
}
