import Foundation

/// Every profile's digest and its text, made once before any message is written, on both cores:
/// a message then only adds its greeting and headers.
final class ProfileTexts: @unchecked Sendable {
    /// By profile position: the digest and its text with CRLF line ends, or nil when empty.
    private let entries: [(digest: ProfileDigest, text: [UInt8])?]
    private let positions: [Profile: Int]

    init(composer: DigestComposer, texts: DigestText) {
        let slots = ResultSlots<(digest: ProfileDigest, text: [UInt8])?>(count: composer.profiles.count)
        DispatchQueue.concurrentPerform(iterations: composer.profiles.count) { index in
            let digest = composer.digest(forProfileAt: index)
            slots.set(index, digest.isEmpty ? nil : (digest, MIMEBody.crlf(texts.text(for: digest))))
        }
        entries = slots.all.map { $0 ?? nil }
        var positions: [Profile: Int] = [:]
        for (index, profile) in composer.profiles.enumerated() { positions[profile] = index }
        self.positions = positions
    }

    func digest(for profile: Profile) -> (digest: ProfileDigest, text: [UInt8])? {
        positions[profile].flatMap { entries[$0] }
    }

    var withDigest: Int { entries.lazy.compactMap { $0 }.count }
}
