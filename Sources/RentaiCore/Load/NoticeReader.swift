import Foundation

/// Reads one notice from its bytes and checks it against an organisation, exactly as a build
/// would, without a site on disk: for tools, and for the fuzzer that feeds it hostile input.
public struct NoticeReader: Sendable {
    public let organisation: Organisation
    public let timeZone: TimeZone
    public let baseURL: String

    public init(organisation: Organisation, timeZone: TimeZone = TimeZone(identifier: "Asia/Tokyo")!,
                baseURL: String = "https://portal.example.org/") {
        self.organisation = organisation
        self.timeZone = timeZone
        self.baseURL = baseURL
    }

    /// The notice, when it has no problems, and every problem found.
    public func read(_ data: Data, slug: String = "notice") -> (notice: Notice?, diagnostics: [Diagnostic]) {
        var diagnostics = Diagnostics()
        let file = NoticeFile(slug: slug, url: URL(fileURLWithPath: "/dev/null"), displayPath: "\(slug).md", attachments: [])
        let loaded = NoticeLoader(timeZone: timeZone, baseURL: baseURL).load(data, file: file, diagnostics: &diagnostics)
        if let loaded {
            NoticeValidator(organisation: organisation, timeZone: timeZone, organisationIsSound: true).check(loaded, diagnostics: &diagnostics)
        }
        return (diagnostics.isEmpty ? loaded?.notice : nil, diagnostics.sorted)
    }

    /// Reads an org.yaml from its text; nil with the problems when it has any.
    public static func organisation(fromYAML text: String) -> (Organisation?, [Diagnostic]) {
        var diagnostics = Diagnostics()
        let organisation = OrganisationLoader(path: "org.yaml").load(text, diagnostics: &diagnostics)
        return (diagnostics.isEmpty ? organisation : nil, diagnostics.sorted)
    }
}
