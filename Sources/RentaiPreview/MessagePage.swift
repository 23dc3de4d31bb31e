/// A page of the preview's own: an address with no page, or a profile that does not exist. It
/// uses the site's stylesheet and carries the toolbar like every page, so one can choose again.
struct MessagePage {
    var title: String
    var message: String
    var heading: String?
    var choices: [ViewAs.Choice] = []
    var site: PreviewSite?

    var html: String {
        let language = site?.settings.language.rawValue ?? "ja"
        let siteTitle = site?.settings.title ?? "rentai"
        var html = """
        <!DOCTYPE html>
        <html lang="\(language)">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(title.htmlEscaped) | \(siteTitle.htmlEscaped)</title>

        """
        if let site { html += "<link rel=\"stylesheet\" href=\"\(site.basePath.htmlEscaped)assets/style.css\">\n" }
        html += "</head>\n<body>\n<main id=\"main\" class=\"wrap\">\n<h1>\(title.htmlEscaped)</h1>\n<p>\(message.htmlEscaped)</p>\n"
        if let heading, !choices.isEmpty {
            html += "<p>\(heading.htmlEscaped)</p>\n<ul>\n"
            for choice in choices {
                html += "<li><a href=\"\(choice.href.htmlEscaped)\">\(choice.name.htmlEscaped)</a></li>\n"
            }
            html += "</ul>\n"
        }
        if let site { html += "<p><a href=\"\(site.basePath.htmlEscaped)\">\(siteTitle.htmlEscaped)</a></p>\n" }
        return html + "</main>\n</body>\n</html>\n"
    }
}
