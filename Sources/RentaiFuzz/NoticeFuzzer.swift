import Foundation
import RentaiCore

/// Feeds arbitrary bytes to the notice loader (front matter, dates, ids, Markdown): it must
/// answer with a notice or with errors, never crash, hang or run away with memory.
///
/// Built for libFuzzer (`scripts/fuzz`, which passes `-sanitize=fuzzer -DFUZZING`), this file
/// defines `LLVMFuzzerTestOneInput`. Built normally, it is a replayer: `RentaiFuzz FILE…` runs each
/// file through the same entry point, so a crash the fuzzer found becomes a reproducible case.
enum NoticeFuzzer {
    static let reader: NoticeReader = {
        let org = """
            roles:
              - { id: member, name: 組合員 }
              - { id: officer, name: 役員, includes: [member] }
            blocks:
              - id: kanto
                name: 関東
                councils:
                  - { id: tokyo, name: 東京 }
                  - { id: kanagawa, name: 神奈川 }
            unions:
              - { id: ntt, name: NTT, councils: all }
              - { id: kddi, name: KDDI, councils: [tokyo] }
            """
        return NoticeReader(organisation: NoticeReader.organisation(fromYAML: org).0!)
    }()

    static func run(_ data: Data) {
        let (notice, diagnostics) = reader.read(data)
        // A notice comes with no errors; errors come without a notice.
        precondition((notice == nil) != diagnostics.isEmpty, "a notice with errors, or neither")
    }
}

#if FUZZING
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ bytes: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    NoticeFuzzer.run(Data(bytes: bytes, count: count))
    return 0
}

/// libFuzzer's own driver, started from the entry point SwiftPM gives an executable target.
@_silgen_name("LLVMFuzzerRunDriver")
func runFuzzerDriver(_ argc: UnsafeMutablePointer<CInt>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
                     _ callback: @convention(c) (UnsafePointer<UInt8>, Int) -> CInt) -> CInt

@_cdecl("RentaiFuzz_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    var count = argc
    var arguments = argv
    return runFuzzerDriver(&count, &arguments, fuzzOneInput)
}
#else
@main
struct Replay {
    static func main() throws {
        for path in CommandLine.arguments.dropFirst() {
            NoticeFuzzer.run(try Data(contentsOf: URL(fileURLWithPath: path)))
            print("ok \(path)")
        }
    }
}
#endif
