import Foundation
import Hummingbird
import RentaiCore
import ServiceLifecycle

/// Every address the preview answers: the site under its base path, and the preview's own
/// under `/_rentai/` (its script and style, the build's status and events, "view as").
struct PreviewRoutes: Sendable {
    let state: PreviewState
    let files: SiteFiles
    var includeDrafts = false
    var includeScheduled = false

    func router() -> Router<BasicRequestContext> {
        let router = Router(options: .autoGenerateHeadEndpoints)
        router.add(middleware: LoopbackOnly())
        router.get("/_rentai/preview.js") { _, _ in
            Self.response(Data(PreviewAssets.script.utf8), type: "text/javascript; charset=utf-8")
        }
        router.get("/_rentai/preview.css") { _, _ in
            Self.response(Data(PreviewAssets.style.utf8), type: "text/css; charset=utf-8")
        }
        router.get("/_rentai/status") { _, _ in
            Self.response(Data(await state.status.json.utf8), type: "application/json")
        }
        router.get("/_rentai/events") { _, _ in await events() }
        router.get("/_rentai/view-as") { request, _ in await viewAs(request) }
        router.get("/") { request, _ in await site(request) }
        router.get("**") { request, _ in await site(request) }
        return router
    }

    // MARK: The site

    /// A file of the last site built; pages gain the toolbar, the errors and the script.
    func site(_ request: Request) async -> Response {
        let path = request.uri.path
        let base = await state.site?.basePath ?? "/"
        // The site lives under base_url's path, as it will when published (SPEC §14).
        if base != "/" && (path == "/" || path + "/" == base) {
            return .redirect(to: base, type: .found)
        }
        guard path.hasPrefix(base) else { return await notFound() }
        let inside = String(path.dropFirst(base.count))
        // The preview is for seeing every edit at once, and its port is reused by other work:
        // the site's service worker is replaced by one that removes itself and its copies.
        if inside == "sw.js" { return Self.response(Data(PreviewAssets.retiringWorker.utf8), type: "text/javascript; charset=utf-8") }
        for attempt in 0..<2 {
            switch files.lookup(inside) {
            case .folder:
                let query = request.uri.query.map { "?" + $0 } ?? ""
                return .redirect(to: path + "/" + query, type: .found)
            case .file(let url, let sitePath):
                if let data = FileManager.default.contents(atPath: url.path) {
                    return await file(data, sitePath: sitePath)
                }
            case .missing:
                break
            }
            // The new site is being swapped in: the file is there again once that is done.
            guard attempt == 0, await state.isBuilding else { break }
            await state.waitUntilIdle()
        }
        return await notFound()
    }

    private func file(_ data: Data, sitePath: String) async -> Response {
        let type = SiteFiles.contentType(of: sitePath, data: data)
        guard type.hasPrefix("text/html") else { return Self.response(data, type: type) }
        let (status, site) = await state.snapshot
        let toolbar = self.toolbar(status, site, profile: site?.profile(at: sitePath))
        let page = PageInjection.inject(toolbar.html, into: String(decoding: data, as: UTF8.self))
        return Self.response(Data(page.utf8), type: type)
    }

    private func notFound() async -> Response {
        let (status, site) = await state.snapshot
        let labels = PreviewLabels(site?.settings.language ?? .ja)
        let message = site == nil ? labels.notBuilt : labels.notFound
        let page = MessagePage(title: "404", message: message, site: site)
        return messageResponse(page, status: status, site: site, code: .notFound)
    }

    // MARK: The preview's own

    /// Server-Sent Events: the status now, then one event per build, until the page goes away
    /// or the server stops.
    private func events() async -> Response {
        let events = await state.events()
        var headers = HTTPFields()
        headers[.contentType] = "text/event-stream; charset=utf-8"
        headers[.cacheControl] = "no-store"
        return Response(status: .ok, headers: headers, body: ResponseBody { writer in
            try await writer.write(ByteBuffer(string: "retry: 1000\n\n"))
            for await event in events.cancelOnGracefulShutdown() {
                try await writer.write(ByteBuffer(string: event.serverSentEvent))
            }
            try await writer.finish(nil)
        })
    }

    /// The toolbar's form: a redirect to the chosen profile's portal, or a page saying why there is none.
    private func viewAs(_ request: Request) async -> Response {
        let (status, site) = await state.snapshot
        guard let site else { return await notFound() }
        let query = request.uri.queryParameters
        let chosen = (council: String(query["council"] ?? ""), union: String(query["union"] ?? ""), role: String(query["role"] ?? ""))
        switch ViewAs(site: site).answer(council: chosen.council, union: chosen.union, role: chosen.role) {
        case .portal(let path):
            return .redirect(to: path, type: .found)
        case .noProfile(let message, let heading, let choices):
            let labels = PreviewLabels(site.settings.language)
            let page = MessagePage(title: labels.noSuchProfile, message: message, heading: heading, choices: choices, site: site)
            // The toolbar keeps what was chosen, to change one of the three.
            let chosen = Profile(council: chosen.council, union: chosen.union, role: chosen.role)
            return messageResponse(page, status: status, site: site, profile: chosen, code: .notFound)
        }
    }

    // MARK: Responses

    private func toolbar(_ status: PreviewStatus, _ site: PreviewSite?, profile: Profile?) -> PreviewToolbar {
        PreviewToolbar(status: status, site: site, profile: profile, includeDrafts: includeDrafts, includeScheduled: includeScheduled)
    }

    private func messageResponse(_ page: MessagePage, status: PreviewStatus, site: PreviewSite?, profile: Profile? = nil,
                                 code: HTTPResponse.Status) -> Response {
        let html = PageInjection.inject(toolbar(status, site, profile: profile).html, into: page.html)
        return Self.response(Data(html.utf8), type: "text/html; charset=utf-8", status: code)
    }

    /// Never cached: after a rebuild the browser must ask again.
    static func response(_ body: Data, type: String, status: HTTPResponse.Status = .ok) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = type
        headers[.cacheControl] = "no-store"
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: body)))
    }
}
