/// `index.html`: blocks → councils → unions → roles, each role a link to its portal (SPEC §6).
struct DirectoryPage {
    let context: PageContext

    func values() -> [String: Any] {
        let organisation = context.organisation
        var page = context.frame(title: context.labels["directory"]!, folder: "")
        // In private mode the directory names no portal: each member gets their own link.
        guard !context.settings.addresses.isPrivate else {
            page["blocks"] = [] as [Any]
            return page
        }
        page["blocks"] = organisation.blocks.map { block -> [String: Any] in
            [
                "id": block.id,
                "name": block.name,
                "councils": block.councilIDs.compactMap(organisation.council).map { council -> [String: Any] in
                    let unions = organisation.unions(in: council.id)
                    return [
                        "id": council.id,
                        "name": council.name,
                        "has_unions": !unions.isEmpty,
                        "unions": unions.map { union -> [String: Any] in
                            [
                                "id": union.id,
                                "name": union.name,
                                "roles": organisation.roles.map { role -> [String: Any] in
                                    let profile = Profile(council: council.id, union: union.id, role: role.id)
                                    return ["id": role.id, "name": role.name,
                                            "href": context.settings.addresses.portalFolder(profile) + "index.html"]
                                },
                            ]
                        },
                    ]
                },
            ]
        }
        return page
    }
}
