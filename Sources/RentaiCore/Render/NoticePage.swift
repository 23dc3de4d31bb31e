import Foundation

/// `n/<slug>/index.html`: one notice, whole, with its attachments (SPEC §6).
struct NoticePage {
    let context: PageContext

    func values(for notice: Notice, status: NoticeStatus, entry: [String: Any]) -> [String: Any] {
        var page = context.frame(title: notice.title, folder: context.settings.addresses.folder(notice.slug))
        var values = entry
        values["body_html"] = notice.body.html
        values["audience"] = context.audienceLines(notice)
        values["has_attachments"] = !notice.attachments.isEmpty
        values["attachments"] = notice.attachments.map { attachment -> [String: Any] in
            ["name": attachment.name, "href": Self.percentEncoded(attachment.name), "size_text": Self.size(attachment.size)]
        }
        page["notice"] = values
        return page
    }

    /// Attachment names are free; links to them are percent-encoded, folder by folder (SPEC §14).
    static func percentEncoded(_ path: String) -> String {
        var allowed = CharacterSet.urlPathAllowed
        allowed.remove(charactersIn: "?#[]@!$&'()*+,;=:")
        return path.split(separator: "/", omittingEmptySubsequences: false)
            .map { $0.addingPercentEncoding(withAllowedCharacters: allowed) ?? String($0) }
            .joined(separator: "/")
    }

    static func size(_ bytes: Int) -> String {
        if bytes < 1024 { return "\(bytes) B" }
        if bytes < 1024 * 1024 { return "\((bytes + 512) / 1024) KB" }
        let tenths = (bytes * 10 + 512 * 1024) / (1024 * 1024)
        return "\(tenths / 10).\(tenths % 10) MB"
    }
}
