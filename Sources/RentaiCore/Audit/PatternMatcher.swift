/// Finds every occurrence of many byte strings in one pass over a text (Aho–Corasick), so that
/// the audit can look for every notice's title in every file of a large site in linear time.
struct PatternMatcher {
    struct Match {
        var pattern: Int
        var start: Int
        var end: Int
    }

    // States are numbered from 0 (the root). Each state's children are a short list of
    // (byte, state) pairs: most states of a set of titles have a single child.
    private var children: [[(UInt8, Int32)]] = [[]]
    private var rootChildren = [Int32](repeating: 0, count: 256)
    private var failure: [Int32] = [0]
    /// The patterns that end at each state, through its failure chain as well.
    private var outputs: [[Int32]] = [[]]
    private let lengths: [Int]

    init(_ patterns: [[UInt8]]) {
        lengths = patterns.map(\.count)
        for (index, pattern) in patterns.enumerated() where !pattern.isEmpty {
            var state: Int32 = 0
            for byte in pattern {
                if let next = child(of: state, byte) {
                    state = next
                } else {
                    let new = Int32(children.count)
                    children.append([])
                    failure.append(0)
                    outputs.append([])
                    children[Int(state)].append((byte, new))
                    if state == 0 { rootChildren[Int(byte)] = new }
                    state = new
                }
            }
            outputs[Int(state)].append(Int32(index))
        }
        // Breadth first: each state's failure is the longest proper suffix that is a state.
        var queue: [Int32] = children[0].map(\.1)
        var head = 0
        while head < queue.count {
            let state = queue[head]
            head += 1
            for (byte, next) in children[Int(state)] {
                queue.append(next)
                var fallback = failure[Int(state)]
                while fallback != 0 && child(of: fallback, byte) == nil { fallback = failure[Int(fallback)] }
                let target = child(of: fallback, byte) ?? 0
                failure[Int(next)] = target == next ? 0 : target
                outputs[Int(next)] += outputs[Int(failure[Int(next)])]
            }
        }
    }

    private func child(of state: Int32, _ byte: UInt8) -> Int32? {
        if state == 0 {
            let next = rootChildren[Int(byte)]
            return next == 0 ? nil : next
        }
        for (key, next) in children[Int(state)] where key == byte { return next }
        return nil
    }

    func matches(in text: [UInt8]) -> [Match] {
        var found: [Match] = []
        var state: Int32 = 0
        for (position, byte) in text.enumerated() {
            while state != 0 && child(of: state, byte) == nil { state = failure[Int(state)] }
            state = child(of: state, byte) ?? 0
            for pattern in outputs[Int(state)] {
                found.append(Match(pattern: Int(pattern), start: position + 1 - lengths[Int(pattern)], end: position + 1))
            }
        }
        return found
    }
}
