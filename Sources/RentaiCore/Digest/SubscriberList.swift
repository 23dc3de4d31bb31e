import Foundation

/// The subscribers CSV (`email,name,council,union,role`), read as a stream: `check` reports every
/// bad row before anything is written, `forEach` then hands the rows over one at a time, so the
/// memory used does not grow with the number of members (SPEC §10, §14).
public struct SubscriberList {
    public static let columns = ["email", "name", "council", "union", "role"]

    public let url: URL
    /// The path as the user typed it, for messages.
    public let displayPath: String
    let organisation: Organisation

    public init(url: URL, displayPath: String, organisation: Organisation) {
        self.url = url
        self.displayPath = displayPath
        self.organisation = organisation
    }

    /// Every problem, `members.csv:LINE: error: …`, in line order.
    public func check() throws -> [String] {
        var problems: [(line: Int, message: String)] = []
        // Addresses are remembered by a 64-bit hash, not kept whole; a repeated hash is checked
        // against the file again at the end, so that a collision can never report a false duplicate.
        var seen: [UInt64: Int] = [:]
        var suspects: [(line: Int, hash: UInt64)] = []
        try forEachRow { row in
            switch row {
            case .header(let problem):
                if let problem { problems.append((1, problem)) }
            case .invalid(let line, let message):
                problems.append((line, message))
            case .valid(let subscriber):
                let hash = Self.hash(subscriber.address.lowercased())
                if seen[hash] != nil { suspects.append((subscriber.line, hash)) } else { seen[hash] = subscriber.line }
            }
        }
        if !suspects.isEmpty {
            let confirmed = try confirmDuplicates(suspects, firstLines: seen)
            problems += confirmed
        }
        return problems.sorted { $0.line < $1.line }.map { "\(displayPath):\($0.line): error: \($0.message.escapingControlCharacters)" }
    }

    /// Hands every valid row to `body`, in file order. Call after `check` found nothing.
    public func forEach(_ body: (Subscriber) throws -> Void) throws {
        try forEachRow { row in
            if case .valid(let subscriber) = row { try body(subscriber) }
        }
    }

    // MARK: Rows

    private enum Row {
        case header(problem: String?)
        case invalid(line: Int, message: String)
        case valid(Subscriber)
    }

    private func forEachRow(_ body: (Row) throws -> Void) throws {
        var records = try CSVRecords(url: url)
        guard let header = records.next() else {
            try body(.header(problem: "the file is empty; its first line must be 'email,name,council,union,role'"))
            return
        }
        let names = header.fields.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        let missing = Self.columns.filter { !names.contains($0) }
        guard missing.isEmpty else {
            try body(.header(problem: "the header lacks \(missing.map { "'\($0)'" }.joined(separator: ", ")); the first line must be 'email,name,council,union,role'"))
            return
        }
        try body(.header(problem: nil))
        let index = Dictionary(Self.columns.map { name in (name, names.firstIndex(of: name)!) }, uniquingKeysWith: { a, _ in a })
        while let record = records.next() {
            if record.fields.count == 1, record.fields[0].trimmingCharacters(in: .whitespaces).isEmpty { continue }
            try body(row(record, index: index))
        }
    }

    private func row(_ record: CSVRecords.Record, index: [String: Int]) -> Row {
        let needed = index.values.max()! + 1
        guard record.fields.count >= needed else {
            return .invalid(line: record.line, message: "the row has \(record.fields.count) columns, but needs at least \(needed) (email,name,council,union,role)")
        }
        func field(_ name: String) -> String { Self.trimmed(record.fields[index[name]!]) }
        let address = field("email"), council = field("council"), union = field("union"), role = field("role")
        var problems: [String] = []
        if !MailAddress.isValid(address) { problems.append("'\(address)' is not a mail address") }
        if organisation.council(council) == nil {
            problems.append("unknown council '\(council)'\(Suggestion.didYouMean(council, among: organisation.named(.council)))")
        }
        if organisation.union(union) == nil {
            problems.append("unknown union '\(union)'\(Suggestion.didYouMean(union, among: organisation.named(.union)))")
        }
        if organisation.role(role) == nil {
            problems.append("unknown role '\(role)'\(Suggestion.didYouMean(role, among: organisation.named(.role)))")
        }
        if problems.isEmpty, !organisation.unions(in: council).contains(where: { $0.id == union }) {
            problems.append("\(organisation.union(union)!.name) has no members in \(organisation.council(council)!.name): '\(council)/\(union)' is not a profile")
        }
        guard problems.isEmpty else { return .invalid(line: record.line, message: problems.joined(separator: "; ")) }
        let name = field("name").filter { !$0.isNewline }
        return .valid(Subscriber(address: address, name: name, profile: Profile(council: council, union: union, role: role), line: record.line))
    }

    /// Reads the file again for the rows whose address hash was seen before, and reports those
    /// whose address really is a repeat, on its second (or later) line.
    private func confirmDuplicates(_ suspects: [(line: Int, hash: UInt64)], firstLines: [UInt64: Int]) throws -> [(line: Int, message: String)] {
        let hashes = Set(suspects.map(\.hash))
        var addressesByHash: [UInt64: [(address: String, line: Int)]] = [:]
        try forEach { subscriber in
            let address = subscriber.address.lowercased()
            let hash = Self.hash(address)
            if hashes.contains(hash) { addressesByHash[hash, default: []].append((address, subscriber.line)) }
        }
        var problems: [(line: Int, message: String)] = []
        for rows in addressesByHash.values {
            var first: [String: Int] = [:]
            for row in rows {
                if let line = first[row.address] {
                    problems.append((row.line, "duplicate address '\(row.address)'; it is already on line \(line)"))
                } else {
                    first[row.address] = row.line
                }
            }
        }
        return problems
    }

    /// Without spaces and tabs at either end.
    static func trimmed(_ text: String) -> String {
        guard let first = text.utf8.first, let last = text.utf8.last else { return text }
        let blank: (UInt8) -> Bool = { $0 == 0x20 || $0 == 0x09 }
        guard blank(first) || blank(last) else { return text }
        return String(text.drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" }.reversed())
    }

    /// FNV-1a, 64 bits.
    static func hash(_ text: String) -> UInt64 {
        var hash: UInt64 = 0xcbf29ce484222325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash &*= 0x100000001b3
        }
        return hash
    }
}
