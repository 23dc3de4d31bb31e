/// A CODEOWNERS file for the site's repository (SPEC §11): the federation's office owns
/// everything, and each space's folder belongs to its own officers. The later line wins in
/// CODEOWNERS, so the general line comes first.
public struct CodeOwners {
    public let organisation: Organisation
    public let teamPrefix: String

    public init(organisation: Organisation, teamPrefix: String = "@your-org/") {
        self.organisation = organisation
        self.teamPrefix = teamPrefix
    }

    public var text: String {
        var lines = [
            "# CODEOWNERS: who must approve a change (GitHub, GitLab and Forgejo read this file).",
            "# The federation's office owns the site, the organisation and the templates; each",
            "# union's, council's and block's officers own their folder under content/notices/.",
            "# Replace the team names with your git host's teams.",
            "",
            "*  \(teamPrefix)federation-office",
            "",
        ]
        func line(_ folder: String, _ team: String) -> String {
            "/content/notices/\(folder)  \(teamPrefix)\(team)"
        }
        lines.append("# Unions (加盟組合)")
        lines += organisation.unions.map { line("unions/\($0.id)/", "union-\($0.id)-officers") }
        lines.append("")
        lines.append("# Prefectural councils (県協)")
        lines += organisation.councils.map { line("councils/\($0.id)/", "council-\($0.id)-officers") }
        lines.append("")
        lines.append("# Regional blocks (ブロック支部)")
        lines += organisation.blocks.map { line("blocks/\($0.id)/", "block-\($0.id)-officers") }
        return lines.joined(separator: "\n") + "\n"
    }
}
