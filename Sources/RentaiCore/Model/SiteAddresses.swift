import Crypto
import Foundation

/// Where each portal, layer and notice page lives in the output, as a path from the site's top
/// (SPEC §6, §11). Readable by default (`p/tokyo/kddi/member/`, `n/2026/seminar/`); with a
/// secret, each is a token that only the links officers hand out reveal:
/// `hex(HMAC-SHA256(secret, "profile:<council>/<union>/<role>"))[0..<32]`, and likewise
/// `"notice:<slug>"` and `"layer:<place>/<union>/<role>"`. Changing the secret moves every address.
public struct SiteAddresses: Sendable {
    private let secret: Data?

    public init(secret: Data? = nil) {
        self.secret = secret
    }

    /// What tells one secret from another (and from none) without giving it away.
    public var identity: String { token("identity") ?? "readable" }

    /// Private mode: addresses are tokens, and the directory lists no portal.
    public var isPrivate: Bool { secret != nil }

    /// The first 32 hex digits of the HMAC of `text`.
    public func token(_ text: String) -> String? {
        guard let secret else { return nil }
        let mac = HMAC<SHA256>.authenticationCode(for: Data(text.utf8), using: SymmetricKey(data: secret))
        return mac.prefix(16).map { byte in
            let hex = String(byte, radix: 16)
            return byte < 16 ? "0" + hex : hex
        }.joined()
    }

    /// What names a notice in URLs and calendar UIDs: its slug, or its token.
    public func noticeID(_ slug: String) -> String { token("notice:\(slug)") ?? slug }

    public func folder(_ slug: String) -> String { "n/\(noticeID(slug))/" }
    public func page(_ slug: String) -> String { folder(slug) + "index.html" }

    public func portalFolder(_ profile: Profile) -> String {
        "p/\(token("profile:\(profile.path)") ?? profile.path)/"
    }

    /// What names a layer in URLs: its path, or its token (SPEC §15).
    public func layerID(_ layer: Layer) -> String { token("layer:\(layer.path)") ?? layer.path }

    public func layerFolder(_ layer: Layer) -> String { "l/\(layerID(layer))/" }
}
