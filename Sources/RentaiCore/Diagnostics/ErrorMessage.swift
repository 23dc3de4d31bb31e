import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What went wrong outside the content (a disk, a permission, a mail system), in words for the
/// person at the terminal: which file, what happened, and what to do (issue 12: "The operation
/// could not be completed" named no file and no cause).
public enum ErrorMessage {
    public static func text(_ error: Error) -> String {
        switch error {
        case let error as PlainFile.WriteError:
            return error.description
        case let error as CustomStringConvertible where !(error is NSError) && !(error is CocoaError):
            return error.description
        default:
            break
        }
        let nsError = error as NSError
        let path = (nsError.userInfo[NSFilePathErrorKey] as? String) ?? (nsError.userInfo[NSURLErrorKey] as? URL)?.path
        let underlying = (nsError.userInfo[NSUnderlyingErrorKey] as? Error).map { $0 as NSError }
        let code = underlying.flatMap { $0.domain == NSPOSIXErrorDomain ? Int32($0.code) : nil } ?? systemCode(of: nsError)
        guard let path else { return nsError.localizedDescription }
        guard let code else { return "\(path): \(nsError.localizedDescription)" }
        return "\(path): \(cause(code))"
    }

    /// The system error behind one of Foundation's file errors that names none.
    static func systemCode(of error: NSError) -> Int32? {
        guard error.domain == NSCocoaErrorDomain else { return nil }
        switch CocoaError.Code(rawValue: error.code) {
        case .fileWriteFileExists: return EEXIST
        case .fileNoSuchFile, .fileReadNoSuchFile: return ENOENT
        case .fileWriteOutOfSpace: return ENOSPC
        case .fileWriteVolumeReadOnly: return EROFS
        case .fileWriteNoPermission, .fileReadNoPermission: return EACCES
        default: return nil
        }
    }

    /// A system error in words, with what to do where there is something to do.
    static func cause(_ code: Int32) -> String {
        let words = String(cString: strerror(code))
        switch code {
        case ENOSPC: return "\(words): the disk is full; free some space (or choose an --output on another disk) and build again"
        case EDQUOT: return "\(words): the disk quota is used up; free some space and build again"
        case EROFS: return "\(words): this file system is read-only; choose an --output on a writable disk"
        case EACCES, EPERM: return "\(words): check who owns this folder and file, and that rentai may write there"
        case ENOTDIR, EEXIST: return "\(words): a file stands where a folder is needed (or a folder where a file is); move it away, or choose another --output"
        case ENOENT: return "\(words): it was moved or deleted during the build; build again"
        default: return words
        }
    }
}
