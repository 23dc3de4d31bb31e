import RentaiCore

/// What every page served by the preview gains before `</body>`: the "view as" toolbar, the
/// errors of a failed build, and the script that reloads the page after the next build.
/// Everything works without JavaScript but the reload: the toolbar is a plain form, and the
/// errors are in the page as served.
struct PreviewToolbar {
    var status: PreviewStatus
    var site: PreviewSite?
    /// The profile whose portal the page belongs to, selected in the toolbar.
    var profile: Profile?
    var includeDrafts = false
    var includeScheduled = false

    var labels: PreviewLabels { PreviewLabels(site?.settings.language ?? .ja) }

    var html: String {
        let labels = self.labels
        var html = "\n<link rel=\"stylesheet\" href=\"/_rentai/preview.css\">\n"
        html += "<div id=\"rentai-preview\" class=\"rentai-preview\" data-build=\"\(status.build)\""
        html += " data-failed=\"\(labels.buildFailed.htmlEscaped)\" data-close=\"\(labels.close.htmlEscaped)\">\n"
        html += "<form class=\"rentai-view-as\" action=\"/_rentai/view-as\" method=\"get\">\n"
        html += "<strong>\(labels.preview.htmlEscaped)</strong>\n"
        if includeDrafts { html += "<span class=\"rentai-flag\">\(labels.withDrafts.htmlEscaped)</span>\n" }
        if includeScheduled { html += "<span class=\"rentai-flag\">\(labels.withScheduled.htmlEscaped)</span>\n" }
        if let site {
            html += "<span>\(labels.viewAs.htmlEscaped)</span>\n"
            html += councilSelect(site, labels) + unionSelect(site, labels) + roleSelect(site, labels)
            html += "<button type=\"submit\">\(labels.show.htmlEscaped)</button>\n"
        }
        html += "</form>\n</div>\n"
        if !status.ok { html += Self.overlay(status.errors, labels: labels) }
        html += "<script src=\"/_rentai/preview.js\" defer></script>\n"
        return html
    }

    /// The errors of the last build, on top of the page (the script keeps it up to date).
    static func overlay(_ errors: [PreviewStatus.Problem], labels: PreviewLabels) -> String {
        var html = "<div id=\"rentai-overlay\" class=\"rentai-overlay\" role=\"alert\">\n"
        html += "<p class=\"rentai-overlay-title\">\(labels.buildFailed.htmlEscaped)</p>\n<ul>\n"
        for error in errors {
            html += "<li><code>\("\(error.file):\(error.line):\(error.column)".htmlEscaped)</code> \(error.message.htmlEscaped)</li>\n"
        }
        html += "</ul>\n<button type=\"button\" class=\"rentai-overlay-close\">\(labels.close.htmlEscaped)</button>\n</div>\n"
        return html
    }

    /// Councils grouped by block, as the directory page shows them.
    private func councilSelect(_ site: PreviewSite, _ labels: PreviewLabels) -> String {
        var html = "<select name=\"council\" aria-label=\"\(labels.council.htmlEscaped)\">\n"
        for block in site.organisation.blocks {
            html += "<optgroup label=\"\(block.name.htmlEscaped)\">\n"
            for id in block.councilIDs {
                guard let council = site.organisation.council(id) else { continue }
                html += option(council.id, council.name, selected: profile?.council == council.id)
            }
            html += "</optgroup>\n"
        }
        return html + "</select>\n"
    }

    private func unionSelect(_ site: PreviewSite, _ labels: PreviewLabels) -> String {
        var html = "<select name=\"union\" aria-label=\"\(labels.union.htmlEscaped)\">\n"
        for union in site.organisation.unions {
            html += option(union.id, union.name, selected: profile?.union == union.id)
        }
        return html + "</select>\n"
    }

    private func roleSelect(_ site: PreviewSite, _ labels: PreviewLabels) -> String {
        var html = "<select name=\"role\" aria-label=\"\(labels.role.htmlEscaped)\">\n"
        for role in site.organisation.roles {
            html += option(role.id, role.name, selected: profile?.role == role.id)
        }
        return html + "</select>\n"
    }

    private func option(_ value: String, _ name: String, selected: Bool) -> String {
        "<option value=\"\(value.htmlEscaped)\"\(selected ? " selected" : "")>\(name.htmlEscaped)</option>\n"
    }
}
