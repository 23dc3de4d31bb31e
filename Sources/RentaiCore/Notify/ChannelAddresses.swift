import Foundation
import Yams

/// The Apprise URL of each channel, which holds its token and so never lives in the repository:
/// in an environment variable (`url_env`) or under a key of `--channels-file`, a YAML file of
/// `key: URL` lines kept outside the site (SPEC §16).
public struct ChannelAddresses: Sendable {
    private let environment: [String: String]
    private let file: [String: String]
    private let fileName: String?

    /// Reads `--channels-file` when given; throws a message naming the file when it cannot.
    public init(channelsFile: URL?, displayName: String? = nil, environment: [String: String] = ProcessInfo.processInfo.environment) throws {
        self.environment = environment
        fileName = displayName ?? channelsFile?.path
        guard let channelsFile else {
            file = [:]
            return
        }
        guard let data = FileManager.default.contents(atPath: channelsFile.path), let text = String(data: data, encoding: .utf8) else {
            throw Problem("cannot read the channels file '\(fileName!)'")
        }
        guard let mapping = (try? Yams.compose(yaml: text))?.mapping else {
            throw Problem("\(fileName!): write one channel a line, 'key: apprise-url'")
        }
        var values: [String: String] = [:]
        for (key, value) in mapping {
            if let key = key.string, let value = value.string { values[key] = value }
        }
        file = values
    }

    public struct Problem: Error, CustomStringConvertible {
        public var description: String
        init(_ description: String) { self.description = description }
    }

    /// The URL of `channel`, or why there is none.
    public func url(of channel: Channel) -> Result<String, Problem> {
        switch channel.address {
        case .environment(let name):
            guard let value = environment[name]?.trimmingCharacters(in: .whitespacesAndNewlines), !value.isEmpty else {
                return .failure(Problem("channel '\(channel.id)' (\(channel.name)): the environment variable \(name) is not set; set it to the channel's Apprise URL"))
            }
            return .success(value)
        case .key(let key):
            guard let fileName else {
                return .failure(Problem("channel '\(channel.id)' (\(channel.name)): its address is the key '\(key)' of a channels file; give one with --channels-file"))
            }
            guard let value = file[key]?.trimmingCharacters(in: .whitespacesAndNewlines), !value.isEmpty else {
                return .failure(Problem("channel '\(channel.id)' (\(channel.name)): '\(fileName)' has no key '\(key)'"))
            }
            return .success(value)
        }
    }
}
