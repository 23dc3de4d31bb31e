import Foundation
import Hummingbird

/// Answers only requests addressed to this computer by name (`127.0.0.1`, `localhost`, `[::1]`).
/// Listening on loopback is not enough: a web page elsewhere can point a host name of its own at
/// 127.0.0.1 (DNS rebinding) and read the preview, drafts and private addresses included.
struct LoopbackOnly<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard Self.isLoopback(authority: request.head.authority) else {
            return PreviewRoutes.response(Data("rentai serve answers only http://127.0.0.1 and http://localhost\n".utf8),
                                          type: "text/plain; charset=utf-8", status: .misdirectedRequest)
        }
        return try await next(request, context)
    }

    /// Whether a `Host` (with or without a port) names this computer.
    static func isLoopback(authority: String?) -> Bool {
        guard let authority = authority?.lowercased(), !authority.isEmpty else { return false }
        let host: Substring
        if authority.hasPrefix("[") {
            guard let close = authority.firstIndex(of: "]") else { return false }
            host = authority[authority.index(after: authority.startIndex)..<close]
        } else {
            host = authority.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
        }
        return host == "127.0.0.1" || host == "localhost" || host == "::1"
    }
}
