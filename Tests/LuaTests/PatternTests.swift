import PatternCheck
import Testing

@testable import Lua

/// Pattern matching runs on CLua's own matcher, which charges its real steps (issue 9, point 2).
@Suite struct PatternTests {
    @Test func theMatcherAgreesWithLuasOwnOnGeneratedCases() {
        var report = [CChar](repeating: 0, count: 4096)
        for seed: UInt64 in [1, 2, 3] {
            let disagreements = pc_run(seed, 20_000, &report, report.count)
            let text = String(decoding: report.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            #expect(disagreements == 0, "seed \(seed): \(text)")
        }
    }

    @Test(arguments: [
        "local s = ('a'):rep(1e6) return s:find('.-b')",
        "local s = ('a'):rep(1e6) return s:match('.*b')",
        "local s = ('a'):rep(1e6) return s:find('a*b')",
        "local s = ('a'):rep(1e6) return (s:gsub('%a+b', ''))",
        "local set = '[' .. ('x'):rep(1e5) .. ']' return (('a'):rep(1e5)):find(set)",
        "local lit = ('a'):rep(5e4) .. 'b' return (('a'):rep(1e5)):find(lit .. '.')",
        "local n = 0 for m in (('a'):rep(1e5)):gmatch('.-b') do n = n + 1 end return n",
        "return (('a'):rep(1e4)):match(('a*'):rep(20) .. 'b')",
    ])
    func anyPatternOnAnySubjectIsStoppedWithinItsBudget(script: String) throws {
        let lua = try quickState(instructions: 2_000_000)
        let error = luaError { try lua.run(script, path: "pattern.lua") }
        #expect(error?.kind == .budget, "\(String(describing: error))")
    }

    @Test func backReferencesAreChargedByWhatTheyDo() throws {
        // Returns at once: it must not be refused as it was by the estimate.
        let lua = try quickState(instructions: 2_000_000)
        #expect(try lua.run("return #(('a'):rep(1e4)):match('(.-)%1')", path: "backref.lua") == [0])
    }

    @Test func ordinaryPatternsStillWork() throws {
        let lua = try quickState()
        #expect(try lua.run("return ('key = value'):match('^(%w+)%s*=%s*(%w+)$')", path: "p.lua") == ["key", "value"])
        #expect(try lua.run("return ('hello world'):gsub('o', '0')", path: "p.lua") == ["hell0 w0rld", 2])
        #expect(try lua.run("local t = {} for w in ('a b c'):gmatch('%a') do t[#t + 1] = w end return #t", path: "p.lua") == [3])
        let malformed = luaError { try lua.run("return ('x'):find('[a')", path: "p.lua") }
        #expect(malformed?.message.hasSuffix("malformed pattern (missing ']')") == true, "\(String(describing: malformed))")
    }
}
