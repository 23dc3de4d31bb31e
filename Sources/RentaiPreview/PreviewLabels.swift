import RentaiCore

/// The preview's own words, in the site's language (SPEC §2).
struct PreviewLabels: Sendable {
    var preview: String
    var viewAs: String
    var council: String
    var union: String
    var role: String
    var show: String
    var withDrafts: String
    var withScheduled: String
    var buildFailed: String
    var close: String
    var notFound: String
    var notBuilt: String
    var noSuchProfile: String
    var knownCouncils: String
    var knownRoles: String
    private let language: Language

    init(_ language: Language) {
        self.language = language
        switch language {
        case .ja:
            preview = "プレビュー"
            viewAs = "表示する立場"
            council = "県協"
            union = "組合"
            role = "役割"
            show = "表示"
            withDrafts = "下書きを含む"
            withScheduled = "公開予定を含む"
            buildFailed = "ビルドに失敗しました。直前に成功したサイトを表示しています。"
            close = "閉じる"
            notFound = "このアドレスにはページがありません。"
            notBuilt = "サイトはまだビルドされていません。エラーを直すと表示されます。"
            noSuchProfile = "この立場のページはありません"
            knownCouncils = "県協:"
            knownRoles = "役割:"
        case .en:
            preview = "Preview"
            viewAs = "View as"
            council = "Council"
            union = "Union"
            role = "Role"
            show = "Show"
            withDrafts = "drafts included"
            withScheduled = "scheduled notices included"
            buildFailed = "The build failed. This is the last site that built."
            close = "Close"
            notFound = "There is no page at this address."
            notBuilt = "The site has not been built yet; it shows once the errors are fixed."
            noSuchProfile = "No such profile"
            knownCouncils = "Councils:"
            knownRoles = "Roles:"
        }
    }

    func unknownCouncil(_ id: String) -> String {
        language == .ja ? "県協 '\(id)' はありません。" : "There is no council '\(id)'."
    }

    func unknownUnion(_ id: String) -> String {
        language == .ja ? "組合 '\(id)' はありません。" : "There is no union '\(id)'."
    }

    func unknownRole(_ id: String) -> String {
        language == .ja ? "役割 '\(id)' はありません。" : "There is no role '\(id)'."
    }

    func noMembers(union: String, council: String) -> String {
        language == .ja ? "\(union)は\(council)に組合員がいないため、この組み合わせのポータルはありません。"
            : "\(union) has no members in \(council), so there is no portal for this profile."
    }

    func unionsThere(_ council: String) -> String {
        language == .ja ? "\(council)にある組合:" : "Unions in \(council):"
    }
}
