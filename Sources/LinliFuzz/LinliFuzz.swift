// linli-fuzz: the parsers' fuzz targets (issue "Robustness", item 1).
//
// Built with `-D LINLI_FUZZ -sanitize=fuzzer,address -parse-as-library`
// (scripts/fuzz.sh), this file is a libFuzzer target: libFuzzer supplies
// the fuzzing loop (LLVMFuzzerRunDriver, called from the entry point SwiftPM
// links, so the replay `@main` is compiled out and the file is not main.swift), runs `LLVMFuzzerTestOneInput` on every input of the parser named by
// LINLI_FUZZ_TARGET, and mutates inputs with `LLVMFuzzerCustomMutator`.
// Built normally (`swift build`), it is a corpus-replay tool:
//
//     linli-fuzz TARGET FILE|DIR...     # exit 1 if any input breaks the promise
//
// Either way each input goes through `ParserFuzzing.check`, which accepts an
// input that loads or is refused with located errors, and reports anything
// else; the fuzz build traps on that report so libFuzzer keeps the input.
// Relative `scenario:` references resolve below LINLI_FUZZ_ROOT (default: the
// working directory, the package root).
import Foundation
import Linli
#if LINLI_FUZZ
import CLinliFuzz
#endif

let fuzzRoot = ProcessInfo.processInfo.environment["LINLI_FUZZ_ROOT"] ?? FileManager.default.currentDirectoryPath
let targetNames = ParserFuzzing.Target.allCases.map(\.rawValue).joined(separator: ", ")

#if LINLI_FUZZ
/// The target, read once from LINLI_FUZZ_TARGET.
let fuzzTarget: ParserFuzzing.Target = {
    let name = ProcessInfo.processInfo.environment["LINLI_FUZZ_TARGET"] ?? ""
    guard let t = ParserFuzzing.Target(rawValue: name) else {
        FileHandle.standardError.write(Data("linli-fuzz: set LINLI_FUZZ_TARGET to one of \(targetNames) (got `\(name)`)\n".utf8))
        exit(2)
    }
    return t
}()

@_cdecl("LLVMFuzzerTestOneInput")
public func linliFuzzTestOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let input = data.map { Data(bytes: $0, count: size) } ?? Data()
    if let violation = ParserFuzzing.check(fuzzTarget, input, root: fuzzRoot) {
        FileHandle.standardError.write(Data("linli-fuzz \(fuzzTarget.rawValue): \(violation)\n".utf8))
        abort()
    }
    return 0
}

/// The entry point SwiftPM links as `main` for this executable target (its
/// `LinliFuzz_main`): hands the command line to libFuzzer's driver.
@_cdecl("LinliFuzz_main")
public func linliFuzzMain(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
    var argc = argc, argv = argv
    return LLVMFuzzerRunDriver(&argc, &argv) { data, size in linliFuzzTestOneInput(data, size) }
}

/// Half the time a tree edit (YAML targets) or a key/value edit (`set`),
/// else — or when the edit fails or does not fit — libFuzzer's byte mutation.
@_cdecl("LLVMFuzzerCustomMutator")
public func linliFuzzCustomMutator(_ data: UnsafeMutablePointer<UInt8>?, _ size: Int, _ maxSize: Int, _ seed: UInt32) -> Int {
    guard let data else { return 0 }
    if seed % 2 == 0, let text = String(validating: UnsafeBufferPointer(start: data, count: size), as: UTF8.self) {
        let mutated = fuzzTarget == .set ? YAMLMutator.mutateSets(text, seed: UInt64(seed))
                                         : YAMLMutator.mutate(text, seed: UInt64(seed))
        if let mutated, mutated.utf8.count <= maxSize, mutated != text {
            let bytes = Array(mutated.utf8)
            bytes.withUnsafeBufferPointer { data.update(from: $0.baseAddress!, count: bytes.count) }
            return bytes.count
        }
    }
    return LLVMFuzzerMutate(data, size, maxSize)
}
#else
@main struct LinliFuzzReplay {
    static func main() { exit(replay()) }
}

/// Replay: every FILE (or every file in a DIR) through the target's check.
func replay() -> Int32 {
    let args = CommandLine.arguments.dropFirst()
    guard let name = args.first, let target = ParserFuzzing.Target(rawValue: name), args.count > 1 else {
        print("usage: linli-fuzz TARGET FILE|DIR...   (targets: \(targetNames))")
        return 2
    }
    var files: [String] = []
    for arg in args.dropFirst() {
        var isDir: ObjCBool = false
        if FileManager.default.fileExists(atPath: arg, isDirectory: &isDir), isDir.boolValue {
            let names = (try? FileManager.default.contentsOfDirectory(atPath: arg)) ?? []
            files += names.sorted().map { arg + "/" + $0 }
        } else {
            files.append(arg)
        }
    }
    var failures = 0, slowest = 0.0, slowestFile = ""
    for file in files {
        guard let data = FileManager.default.contents(atPath: file) else {
            print("\(file): unreadable"); failures += 1; continue
        }
        let start = Date()
        let violation = ParserFuzzing.check(target, data, root: fuzzRoot)
        let seconds = Date().timeIntervalSince(start)
        if seconds > slowest { slowest = seconds; slowestFile = file }
        if let violation { print("\(file): \(violation)"); failures += 1 }
    }
    print("linli-fuzz \(target.rawValue): \(files.count) inputs, \(failures) failing; slowest \(String(format: "%.3f", slowest)) s (\(slowestFile))")
    return failures == 0 ? 0 : 1
}
#endif
