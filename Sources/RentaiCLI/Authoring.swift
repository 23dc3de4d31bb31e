import ArgumentParser
import Foundation
import RentaiCore

struct New: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write a new notice with every key explained, and print its path.",
        discussion: """
        The notice gets today's date (in the site's time zone) and every front-matter key as a \
        comment in Japanese; remove the # of those you need. An English title becomes the file \
        name; any other title gets the date (2026-11-26-1).

          rentai new "冬季セミナーのご案内" --space blocks/kanto-shinetsu
          rentai new "Winter seminar" --draft
        """)

    @OptionGroup var options: SiteOptions

    @Argument(help: "The notice's title.")
    var title: String

    @Option(help: ArgumentHelp("The file name (its address), instead of one made from the title or date.", valueName: "slug"))
    var slug: String?

    @Option(help: ArgumentHelp("The space to write it in: unions/<union>, councils/<council> or blocks/<block>.", valueName: "space"))
    var space: String?

    @Flag(help: "Write it as a draft (not published until draft: true is removed).")
    var draft = false

    func run() throws {
        var diagnostics = Diagnostics()
        guard let site = SiteLoader(paths: options.paths).load(diagnostics: &diagnostics) else {
            Terminal.report(diagnostics.sorted)
            Terminal.error("rentai: fix these first; no notice was written")
            throw ExitCode(1)
        }
        do {
            let path = try NewNotice(paths: options.paths, organisation: site.organisation, timeZone: site.settings.timeZone)
                .create(title: title, slug: slug, space: space, draft: draft, today: options.moment())
            print(path)
        } catch let problem as NewNotice.Problem {
            Terminal.error("rentai: \(problem)")
            throw ExitCode(64)
        }
    }
}

struct Reach: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show who a notice reaches, before you commit it.",
        discussion: """
        Prints the blocks, councils, unions and roles the notice reaches and the number of \
        profiles (council × union × role) that will see it; --list prints every profile.

          rentai reach content/notices/2026/winter-seminar/index.md
        """)

    @OptionGroup var options: SiteOptions

    @Argument(help: "The notice's file.")
    var file: String

    @Flag(help: "List every profile reached, one a line: council/union/role.")
    var list = false

    func run() throws {
        var diagnostics = Diagnostics()
        let paths = options.paths(near: file)
        guard let site = SiteLoader(paths: paths).load(diagnostics: &diagnostics) else {
            Terminal.report(diagnostics.sorted)
            Terminal.error("rentai: \(Terminal.count(diagnostics.sorted.count, "error"))")
            throw ExitCode(1)
        }
        let absolute = URL(fileURLWithPath: file).standardizedFileURL.path
        let folder = paths.notices.standardizedFileURL.path + "/"
        guard absolute.hasPrefix(folder), absolute.hasSuffix(".md") else {
            throw ValidationError("'\(file)' is not a notice under \(paths.display("content/notices/"))")
        }
        var slug = String(absolute.dropFirst(folder.count).dropLast(3))
        if slug.hasSuffix("/index") { slug = String(slug.dropLast("/index".count)) }
        guard let notice = site.notices.first(where: { $0.slug == slug }) else {
            throw ValidationError("no notice at '\(file)'")
        }
        let report = ReachReport(notice: notice, organisation: site.organisation, settings: site.settings, now: options.moment(),
                                 channels: site.channels)
        print(report.text(listing: list), terminator: "")
    }
}
