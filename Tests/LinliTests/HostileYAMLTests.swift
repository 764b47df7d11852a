import Foundation
import Testing
@testable import Linli

/// Issue "Robustness" item 2: files built to hurt a YAML reader get a clear,
/// located error from every loader (scenario, sweep, calibration), quickly
/// and in bounded memory — checked on the real binary under a 400 MB
/// address-space limit, where an expanded alias bomb or a 50 MB string read
/// whole would die instead of answering.
@Suite(.serialized) struct HostileYAMLTests {
    struct Case { let name: String; let bytes: Data; let expect: String; let located: Bool }

    static let valid = "days: 10\npopulation:\n  communities:\n    - {name: c, type: old_compound, households: 10}\n"

    /// Nine levels of nine aliases: 9⁹ ≈ 3.9 × 10⁸ nodes from ~600 bytes.
    static func bomb(at place: String) -> String {
        var lines = ["a0: &a0 [\"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\"]"]
        for i in 1..<9 { lines.append("a\(i): &a\(i) [" + Array(repeating: "*a\(i - 1)", count: 9).joined(separator: ", ") + "]") }
        return "x:\n" + lines.map { "  " + $0 }.joined(separator: "\n") + "\nname: x\n" + place + "\n"
    }

    static var cases: [Case] {
        func text(_ s: String) -> Data { Data(s.utf8) }
        var big = Data("name: \"".utf8)
        big.append(Data(repeating: UInt8(ascii: "a"), count: 50_000_000))
        big.append(Data("\"\n".utf8))
        return [
            Case(name: "alias bomb under a key", bytes: text(bomb(at: "days: 10")), expect: "expands to more than 1000000 YAML nodes", located: true),
            Case(name: "alias bomb as the communities", bytes: text(bomb(at: "population:\n  communities: *a8")),
                 expect: "expands to more than 1000000 YAML nodes", located: true),
            Case(name: "100,000-deep flow nesting", bytes: text("name: x\nparameters: " + String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000) + "\n"),
                 expect: "nesting level", located: true),
            Case(name: "100,000-deep block nesting", bytes: text("name: x\nparameters:\n  " + String(repeating: "- ", count: 100_000) + "x\n"),
                 expect: "nesting level", located: true),
            Case(name: "50 MB string", bytes: big, expect: "Linli reads files of at most 16 MB", located: false),
            Case(name: "not UTF-8", bytes: Data("name: x\n".utf8) + Data([0x63, 0x61, 0x66, 0xE9, 0x0A]) + text(valid),
                 expect: "not valid UTF-8 text from byte 11", located: true),
            Case(name: "NUL byte", bytes: Data("name: x".utf8) + Data([0]) + text("\n" + valid), expect: "NUL byte (byte 7)", located: true),
            Case(name: "foreign tag", bytes: text("name: !!python/object:os.system x\n" + valid), expect: "unsupported YAML tag `!!python/object:os.system`", located: true),
            Case(name: "application tag", bytes: text("name: x\n" + valid.replacingOccurrences(of: "days: 10", with: "days: !cmd 10")),
                 expect: "unsupported YAML tag `!cmd`", located: true),
            Case(name: "duplicate keys", bytes: text("name: x\nname: y\n" + valid), expect: "duplicate key", located: true),
            Case(name: "anchor used across documents", bytes: text("name: &n x\n" + valid + "---\nname: *n\n"), expect: "another document", located: true),
        ]
    }

    static func temp() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("linli-hostile-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    /// Each loader refuses each case with the expected, located message, in well under a second or two.
    @Test func everyLoaderRefusesEveryHostileFile() throws {
        let dir = try Self.temp()
        defer { try? FileManager.default.removeItem(at: dir) }
        let loaders: [(String, (String) throws -> Void)] = [
            ("scenario", { _ = try ScenarioLoader.load(path: $0) }),
            ("sweep", { _ = try SweepLoader.load(path: $0) }),
            ("calibration", { _ = try CalibrationLoader.load(path: $0) }),
        ]
        for (i, c) in Self.cases.enumerated() {
            let url = dir.appendingPathComponent("case\(i).yaml")
            try c.bytes.write(to: url)
            for (kind, load) in loaders {
                let start = Date()
                do {
                    try load(url.path)
                    Issue.record("\(kind) loader accepted \(c.name)")
                } catch let e as ScenarioErrors {
                    let elapsed = Date().timeIntervalSince(start)
                    #expect(e.errors.contains { $0.message.contains(c.expect) }, "\(kind), \(c.name): \(e.description.prefix(400))")
                    if c.located { #expect(e.errors.allSatisfy { $0.line >= 1 && $0.column >= 1 }, "\(kind), \(c.name): \(e.description.prefix(400))") }
                    #expect(elapsed < 3, "\(kind), \(c.name): \(elapsed) s")
                } catch {
                    Issue.record("\(kind), \(c.name): unexpected \(error)")
                }
            }
        }
    }

    /// The binary, limited to 400 MB of address space and 10 s, answers each
    /// case with exit status 1 and the message (a crash would be 134/139, a
    /// timeout 124).
    @Test func theCLIAnswersInBoundedMemoryAndTime() throws {
        let dir = try Self.temp()
        defer { try? FileManager.default.removeItem(at: dir) }
        let linli = try CLITests.binary().path
        for (i, c) in Self.cases.enumerated() {
            let url = dir.appendingPathComponent("case\(i).yaml")
            try c.bytes.write(to: url)
            let p = Process()
            p.executableURL = URL(fileURLWithPath: "/bin/bash")
            p.arguments = ["-c", "ulimit -v 400000; exec timeout 10 \"$0\" validate \"$1\"", linli, url.path]
            let err = Pipe()
            p.standardError = err
            p.standardOutput = FileHandle.nullDevice
            try p.run()
            let data = err.fileHandleForReading.readDataToEndOfFile()
            p.waitUntilExit()
            let stderr = String(decoding: data, as: UTF8.self)
            #expect(p.terminationStatus == 1 && stderr.contains(c.expect), "\(c.name): status \(p.terminationStatus): \(stderr.prefix(300))")
        }
    }

    /// Aliases themselves are fine while the file stays small.
    @Test func modestAliasesStillWork() throws {
        let yaml = """
            name: aliases
            days: 10
            population:
              communities:
                - {name: a, type: &t old_compound, households: &h 10}
                - {name: b, type: *t, households: *h}
            """
        let s = try ScenarioLoader.parse(text: yaml, path: "a.yaml")
        #expect(s.communities.map(\.name) == ["a", "b"])
        #expect(s.communities.map(\.households) == [10, 10])
    }
}
