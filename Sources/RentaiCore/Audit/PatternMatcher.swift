/// Finds every occurrence of many byte strings in one pass over a text (Aho–Corasick), so that
/// the audit can look for every notice's title in every file of a large site in linear time.
/// The automaton is kept in flat arrays and walked through unsafe buffers: the audit reads
/// gigabytes, and this loop is all of its time.
struct PatternMatcher: Sendable {
    struct Match: Sendable {
        var pattern: Int
        var start: Int
        var end: Int
    }

    private let rootNext: [Int32]          // 256 entries: the root's transitions (0 = stay at root)
    /// States with many children (the lead bytes of Japanese text) get a full row of 256
    /// transitions (-1: none), so that the busiest states are one lookup, not a search.
    private let denseRow: [Int32]          // by state: its row in denseNext, or -1
    private let denseNext: [Int32]
    private let edgeStart: [Int32]         // by state: where its edges start in edgeBytes/edgeTargets
    private let edgeCount: [UInt16]
    private let edgeBytes: [UInt8]
    private let edgeTargets: [Int32]
    private let failure: [Int32]
    private let outputStart: [Int32]       // by state: its patterns in outputPatterns, failure chain included
    private let outputCount: [Int32]
    private let outputPatterns: [Int32]
    private let lengths: [Int]
    /// The longest pattern's length in bytes.
    let longest: Int

    init(_ patterns: [[UInt8]]) {
        lengths = patterns.map(\.count)
        longest = lengths.max() ?? 0
        // Build a trie with per-state child lists first, then flatten it.
        var children: [[(UInt8, Int32)]] = [[]]
        var ends: [[Int32]] = [[]]
        func child(_ state: Int32, _ byte: UInt8) -> Int32? {
            for (key, next) in children[Int(state)] where key == byte { return next }
            return nil
        }
        for (index, pattern) in patterns.enumerated() where !pattern.isEmpty {
            var state: Int32 = 0
            for byte in pattern {
                if let next = child(state, byte) {
                    state = next
                } else {
                    let new = Int32(children.count)
                    children.append([])
                    ends.append([])
                    children[Int(state)].append((byte, new))
                    state = new
                }
            }
            ends[Int(state)].append(Int32(index))
        }
        var failure = [Int32](repeating: 0, count: children.count)
        var outputs = ends
        var queue: [Int32] = children[0].map(\.1)
        var head = 0
        while head < queue.count {
            let state = queue[head]
            head += 1
            for (byte, next) in children[Int(state)] {
                queue.append(next)
                var fallback = failure[Int(state)]
                while fallback != 0 && child(fallback, byte) == nil { fallback = failure[Int(fallback)] }
                let target = child(fallback, byte) ?? 0
                failure[Int(next)] = target == next ? 0 : target
                outputs[Int(next)] += outputs[Int(failure[Int(next)])]
            }
        }
        var rootNext = [Int32](repeating: 0, count: 256)
        for (byte, next) in children[0] { rootNext[Int(byte)] = next }
        var denseRow = [Int32](repeating: -1, count: children.count)
        var denseNext: [Int32] = []
        for state in children.indices where state != 0 && children[state].count > 6 {
            denseRow[state] = Int32(denseNext.count / 256)
            var row = [Int32](repeating: -1, count: 256)
            for (byte, next) in children[state] { row[Int(byte)] = next }
            denseNext += row
        }
        self.denseRow = denseRow
        self.denseNext = denseNext
        var edgeStart: [Int32] = [], edgeCount: [UInt16] = [], edgeBytes: [UInt8] = [], edgeTargets: [Int32] = []
        var outputStart: [Int32] = [], outputCount: [Int32] = [], outputPatterns: [Int32] = []
        for state in children.indices {
            edgeStart.append(Int32(edgeBytes.count))
            edgeCount.append(UInt16(children[state].count))
            for (byte, next) in children[state] { edgeBytes.append(byte); edgeTargets.append(next) }
            outputStart.append(Int32(outputPatterns.count))
            outputCount.append(Int32(outputs[state].count))
            outputPatterns += outputs[state]
        }
        self.rootNext = rootNext
        self.edgeStart = edgeStart
        self.edgeCount = edgeCount
        self.edgeBytes = edgeBytes
        self.edgeTargets = edgeTargets
        self.failure = failure
        self.outputStart = outputStart
        self.outputCount = outputCount
        self.outputPatterns = outputPatterns
    }

    func matches(in text: [UInt8]) -> [Match] {
        var found: [Match] = []
        rootNext.withUnsafeBufferPointer { rootNext in
        denseRow.withUnsafeBufferPointer { denseRow in
        denseNext.withUnsafeBufferPointer { denseNext in
        edgeStart.withUnsafeBufferPointer { edgeStart in
        edgeCount.withUnsafeBufferPointer { edgeCount in
        edgeBytes.withUnsafeBufferPointer { edgeBytes in
        edgeTargets.withUnsafeBufferPointer { edgeTargets in
        failure.withUnsafeBufferPointer { failure in
        outputCount.withUnsafeBufferPointer { outputCount in
        text.withUnsafeBufferPointer { text in
            @inline(__always) func next(_ state: Int32, _ byte: UInt8) -> Int32 {
                if state == 0 { return rootNext[Int(byte)] }
                let row = denseRow[Int(state)]
                if row >= 0 { return denseNext[Int(row) * 256 + Int(byte)] }
                let start = Int(edgeStart[Int(state)])
                for edge in start..<(start + Int(edgeCount[Int(state)])) where edgeBytes[edge] == byte {
                    return edgeTargets[edge]
                }
                return -1
            }
            var state: Int32 = 0
            for position in 0..<text.count {
                let byte = text[position]
                var target = next(state, byte)
                while target < 0 {
                    state = failure[Int(state)]
                    target = next(state, byte)
                }
                state = target
                if outputCount[Int(state)] > 0 {
                    let start = Int(outputStart[Int(state)])
                    for output in start..<(start + Int(outputCount[Int(state)])) {
                        let pattern = Int(outputPatterns[output])
                        found.append(Match(pattern: pattern, start: position + 1 - lengths[pattern], end: position + 1))
                    }
                }
            }
        }}}}}}}}}}
        return found
    }
}
