import Foundation
import Policies
import Testing

/// `policies check`'s static analysis: issue 10's mistakes, each with its exact message and place.
@Suite struct CheckTests {
    /// The problems of `source` as `p.lua`, as `LINE:COLUMN: severity: message` lines.
    func problems(_ source: String, kind: PolicyKind = .policy) -> [String] {
        PolicyChecker.check(source: source, file: "p.lua", kind: kind).map {
            "\($0.line):\($0.column): \($0.severity.rawValue): \($0.message)"
        }
    }

    @Test func aTypoInAGlobalInsideATimer() {
        #expect(
            problems("every('1m', function()\n  for _, s in ipairs(sesions{}) do s:lock() end\nend)")
                == ["2:22: error: unknown name 'sesions' — did you mean 'sessions'?"])
    }

    @Test func aMethodThatDoesNotExistOnALoopVariable() {
        let found = problems("every('1m', function()\n  for _, s in ipairs(sessions{}) do s:kill() end\nend)")
        #expect(found == ["2:39: error: session has no 'kill' (\(PolicyNames.session.listing))"])
    }

    @Test func aSettingsTypoAgainstDefaults() {
        let source = """
            defaults { after = "2h", message = "bye", staff = {} }
            every("1m", function()
              for _, s in ipairs(sessions{ state = "suspended", in_state_longer_than = settings.aftre }) do s:terminate() end
            end)
            """
        #expect(problems(source) == ["3:85: error: settings has no 'aftre' — did you mean 'after'? (declared: after, message, staff)"])
    }

    @Test func settingsWithoutDefaults() {
        #expect(
            problems("every('1m', function() return settings.after end)")
                == ["1:40: error: settings has no 'after': this file declares no settings (declare it with defaults{ after = … })"])
    }

    @Test func aWrongArgumentTypeToAnAction() {
        #expect(
            problems("on('suspended', function(e)\n  local s = session(e.session)\n  if s then s:lock(15) end\nend)")
                == ["3:20: error: lock: the reason must be a string, not number"])
    }

    @Test func aMalformedDurationInsideATimer() {
        #expect(
            problems("every('1m', function() return sessions{ in_state_longer_than = '50 mins' } end)")
                == [
                    "1:39: error: sessions: in_state_longer_than: '50 mins' is not a duration: use whole numbers with s, m, h, d or w, for example 90s, 5m, 2h, 1h30m"
                ])
    }

    @Test func aDurationWrittenAnywhereIsChecked() {
        #expect(
            problems("local limits = { idle_longer_than = '15 min' }\nevery('1m', function() return sessions(limits) end)")
                == [
                    "1:37: error: idle_longer_than: '15 min' is not a duration: use whole numbers with s, m, h, d or w, for example 90s, 5m, 2h, 1h30m"
                ])
    }

    @Test func ioAndOsExecute() {
        #expect(
            problems("every('1m', function()\n  local f = io.open('x')\n  os.execute('reboot')\n  return f\nend)") == [
                "2:13: error: unknown name 'io': policies cannot open files: keep what must last in memory, or let a plugin do it",
                "3:6: error: os has no 'execute': policies cannot run programs: a plugin granted allow = { \"exec\" } can, with exec{…}",
            ])
    }

    @Test func unknownEventAndHookFields() {
        #expect(
            problems("on('suspended', function(e) return e.usr end)\non('shutdown_scheduled', function(e) return e.user end)") == [
                "1:38: error: event has no 'usr' — did you mean 'user'? (\(PolicyNames.event.listing))",
                "2:47: warning: 'user' is always nil in a shutdown_scheduled hook (its events carry: actor, at, computer, detail, name, reason, seq, to)",
            ])
        #expect(
            problems("on('sigend_in', function(e) end)").first?.hasPrefix(
                "1:4: error: unknown event 'sigend_in' — did you mean 'signed_in'? (events: signed_in, ") == true)
    }

    @Test func timesDaysAndTimersAreCheckedLikeTheAPIDoes() {
        #expect(
            problems("at('25:00', function() end)\nat('22:00', function() end, { days = 'weekdys' })\nevery('5 minutes', function() end)")
                == [
                    "1:4: error: at: '25:00' is not a time of day: use \"HH:MM\" (24-hour), for example \"22:00\"",
                    "2:4: error: at: days must be a list such as { \"mon\", \"fri\" }, or \"weekdays\", \"weekends\", \"daily\", \"school_days\" or \"holidays\"",
                    "3:7: error: every: '5 minutes' is not a duration: use whole numbers with s, m, h, d or w, for example 90s, 5m, 2h, 1h30m",
                ])
        #expect(problems("at('22:00', function() end, { days = { 'weekdays' } })").isEmpty)
    }

    @Test func unknownFiltersAndOptions() {
        #expect(
            problems(
                "every('1m', function()\n  local c = computer('LAB-1')\n  if c then c:sessions{ usr = 'bob' } c:shutdown{ dealy = '5m' } end\nend)"
            ) == [
                "3:23: error: sessions: unknown filter 'usr' — did you mean 'user'? (allowed: computer, idle_longer_than, in_state_longer_than, state, user)",
                "3:49: error: shutdown: unknown option 'dealy' — did you mean 'delay'? (allowed: delay, message, reason)",
            ])
    }

    @Test func aFinderResultUsedWithoutATestIsAWarning() {
        #expect(
            problems("every('1m', function()\n  local c = computer('LAB-9')\n  c:message_all('hi')\nend)") == [
                "3:3: warning: 'c' may be nil here (computer() returns nil when there is no such computer): test it first, for example if c == nil then return end"
            ])
        #expect(
            problems("every('1m', function()\n  local c = computer('LAB-9')\n  if not c then return end\n  c:message_all('hi')\nend)")
                .isEmpty)
    }

    @Test func warningsForUnusedLocalsUnreachableCodeAndShadowedNames() {
        let source = """
            local unused = 1
            local sessions = {}
            every("1m", function()
              for i, s in ipairs(sessions) do
                do return end
                s:lock()
              end
            end)
            count = 0
            """
        #expect(
            problems(source) == [
                "1:7: warning: unused local 'unused': remove it, or name it _ if it must stay",
                "2:7: warning: local 'sessions' hides the API's sessions in the rest of this block: give it another name",
                "4:7: warning: unused loop variable 'i': name it _",
                "6:5: warning: unreachable code: the statement before it always returns, breaks or raises an error",
                "9:1: warning: sets the global 'count': make it local (a global is lost at every restart; memory.count is kept)",
            ])
    }

    @Test func overwritingAnAPINameIsAnError() {
        #expect(
            problems("function sessions() return {} end")
                == ["1:10: error: assigning 'sessions' replaces the API's sessions for the whole file: use a local with another name"])
    }

    @Test func aGlobalSetAnywhereInTheFileMayBeRead() {
        #expect(
            problems("every('1m', function() return helper() end)\nfunction helper() return 1 end") == [
                "2:10: warning: sets the global 'helper': make it local (a global is lost at every restart; memory.helper is kept)"
            ])
    }

    @Test func pluginsHaveTheirOwnNames() {
        #expect(problems("action('x', function(args) return args end)", kind: .plugin).isEmpty)
        #expect(problems("action('x', function(args) return args end)", kind: .policy).first?.contains("unknown name 'action'") == true)
        #expect(
            problems("notifier(function(m) return m.txt end)", kind: .plugin).first
                == "1:31: error: message has no 'txt' — did you mean 'text'? (\(PolicyNames.message.listing))")
    }

    @Test func aMissingEndNamesTheBlockLeftOpen() {
        let source = """
            on("suspended", function(e)
              if e.user then
                log.info(e.user)
            end)
            """
        #expect(
            problems(source) == [
                "4:4: error: 'end' expected (to close 'function' at line 1) near ')'; the 'if' at line 2 is probably missing its 'end' (the 'end' at line 4 lines up with line 1)"
            ])
    }

    @Test func everyProblemOfAFileInOneRunSorted() {
        let found = problems("every('1m', function() sesions{} end)\nevery('1m', function() computrs() end)")
        #expect(found.count == 2)
        #expect(found.map { $0.prefix(2) } == ["1:", "2:"])
    }

    @Test func theBundledFilesAreClean() throws {
        for (folder, kind) in [("policies", PolicyKind.policy), ("plugins", .plugin)] {
            let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
                .deletingLastPathComponent().appendingPathComponent(folder)
            for file in try FileManager.default.contentsOfDirectory(atPath: root.path) where file.hasSuffix(".lua") {
                let found = PolicyChecker.check(file: root.appendingPathComponent(file).path, kind: kind)
                #expect(found.isEmpty, "\(file): \(found)")
            }
        }
    }
}

/// What the review of issue 10 found: valid files the check must accept, mistakes it must still find.
@Suite struct CheckEdgeTests {
    func problems(_ source: String) -> [String] {
        PolicyChecker.check(source: source, file: "p.lua", kind: .policy).map {
            "\($0.line):\($0.column): \($0.severity.rawValue): \($0.message)"
        }
    }

    @Test func helpersAddedToALibraryMayBeUsed() {
        #expect(
            problems(
                """
                function string.trim(s) return (s:gsub("^%s+", ""):gsub("%s+$", "")) end
                table.contains = function(t, x) for _, v in ipairs(t) do if v == x then return true end end return false end
                every("1m", function() log.info(string.trim(" x "), table.contains({ 1 }, 1)) end)
                """
            ).isEmpty)
        #expect(problems("every('1m', function() return string.trimm('x') end)").first?.contains("string has no 'trimm'") == true)
    }

    @Test func wordsLikeDelayInAPolicysOwnTablesAreLeftAlone() {
        #expect(
            problems(
                "local labels = { delay = 'a little while', days = 'Mon to Fri', grace = 'none' }\nevery('1m', function() log.info(labels.delay) end)"
            )
            .isEmpty)
    }

    @Test func aSettingDeclaredNilIsNotDeclared() {
        #expect(
            problems("defaults{ after = '30m', group = nil }\nevery('1m', function() return settings.group end)")
                == ["2:40: error: settings has no 'group' (declared: after)"])
    }

    @Test func aLocalFunctionGivenAsAHookGetsTheEvent() {
        #expect(
            problems("local function h(e) log.info(e.usr) end\non('signed_in', h)")
                == ["1:32: error: event has no 'usr' — did you mean 'user'? (\(PolicyNames.event.listing))"])
    }

    @Test func filterNamesAreCheckedWhenValuesAreComputed() {
        #expect(
            problems(
                "defaults{ after = '1h' }\nevery('1m', function() return sessions{ stat = 'suspended', idle_longer_than = settings.after } end)"
            )
            .first?.contains("sessions: unknown filter 'stat' — did you mean 'state'?") == true)
        #expect(
            problems("every('1m', function(x) local c = computer('LAB-1') if c then c:shutdown{ dealy = x } end end)").first?
                .contains("shutdown: unknown option 'dealy' — did you mean 'delay'?") == true)
    }

    @Test func aLocalDeclaredWithoutAValueAndIndexedIsAWarning() {
        #expect(
            problems("every('1m', function()\n  local t = nil\n  log.info(t.x)\nend)") == [
                "3:12: warning: 't' may be nil here (it is declared without a value): test it first, for example if t == nil then return end"
            ])
        #expect(
            problems("local t\non('signed_in', function() t = {} end)\nevery('1m', function() if t then log.info(t.x) end end)").isEmpty)
    }

    @Test func aLabelAfterAJumpIsReachable() {
        #expect(
            problems(
                "every('1m', function()\n  for i = 1, 3 do\n    if i == 2 then goto continue end\n    log.info(i)\n    ::continue::\n  end\nend)"
            ).isEmpty)
    }
}
