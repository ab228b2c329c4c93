import Foundation
import Lua
import Policies
import SessionEngine
import SessionStore
import StationConfig
import StationDaemon
import Testing

/// Issue 10's run-time typos: each is reported with file:line and what is known, never acts silently
/// (for names only a run meets: computed ones, or a file loaded without the check).
@Suite struct StrictNameTests {
    /// Loads `source` as policy "p" (with `settings` on its config line), signs alice in, suspends her
    /// session, and runs a minute of timers; returns the policy errors' details.
    private func errors(of source: String, settings: String = "") throws -> (lab: PolicyLab, errors: [String]) {
        let lab = try PolicyLab(config: "policy \"p\" { \(settings) }", policies: ["p": source])
        // Not vetted: `policies check` refuses these files; this is what a run does with a name it meets.
        try lab.load(vetting: false)
        try lab.signIn("alice", "LAB-1/1")
        try lab.act(.suspend([.user("alice", computer: "LAB-1")]), as: .admin(nil))
        try lab.advance("1m")
        try lab.runOnce()
        return (lab, try lab.events(.policyError).compactMap(\.detail?.text))
    }

    @Test func aSettingsTypoIsAnErrorAndNeverDropsTheFilter() throws {
        let (lab, errors) = try errors(
            of: """
                defaults { after = "2h", message = "bye", staff = {} }
                every("1m", function()
                  for _, s in ipairs(sessions{ state = "suspended", in_state_longer_than = settings.aftre }) do
                    s:terminate()
                  end
                end)
                """)
        #expect(
            errors.first?.hasSuffix("policies/p.lua:3: settings has no 'aftre' — did you mean 'after'? (declared: after, message, staff)")
                == true)
        #expect(try lab.events(.ended).isEmpty, "the typo must not end anyone's session")
    }

    @Test func anUndefinedGlobalSaysWhatWasMeant() throws {
        let (_, errors) = try errors(of: "every('1m', function() for _, s in ipairs(sesions{}) do end end)")
        #expect(errors.first?.hasSuffix("policies/p.lua:1: unknown name 'sesions' — did you mean 'sessions'?") == true)
    }

    @Test func aMethodThatDoesNotExistListsTheMethods() throws {
        let (_, errors) = try errors(of: "on('suspended', function(e) session(e.session):kill() end)")
        let methods = PolicyNames.session.methods.joined(separator: ", ")
        #expect(
            errors.first?.hasSuffix(
                "policies/p.lua:1: session has no 'kill' (fields: \(PolicyNames.session.fields.joined(separator: ", ")); methods: \(methods))"
            ) == true)
        #expect(methods.contains("terminate") && methods.contains("lock"))
    }

    @Test func eventFieldsAreStrictButAbsentKnownFieldsReadAsNil() throws {
        let (lab, errors) = try errors(
            of: """
                on("suspended", function(e)
                  session(e.session):message(tostring(e.detail) .. " " .. e.usr)
                end)
                """)
        #expect(
            errors.first?.hasSuffix(
                "policies/p.lua:2: event has no 'usr' — did you mean 'user'? (fields: actor, at, computer, detail, from, name, reason, seq, session, station, to, user)"
            ) == true)
        #expect(try lab.events(.messageSent).isEmpty)
    }

    @Test func objectFieldsAreStrict() throws {
        let (_, errors) = try errors(
            of: """
                every("1m", function()
                  local c = computer("LAB-1")
                  local st = station("LAB-1/1")
                  local _ = c.shutdown_at, st.user        -- known, absent: nil
                  return c.nmae
                end)
                """)
        #expect(errors.first?.contains("p.lua:5: computer has no 'nmae' — did you mean 'name'?") == true)
    }

    @Test func aWrongArgumentTypeToAnActionIsAnError() throws {
        let (_, errors) = try errors(of: "on('suspended', function(e) session(e.session):lock(15) end)")
        #expect(errors.first?.hasSuffix("policies/p.lua:1: lock: the reason must be a string, not number") == true)
    }

    @Test func aMalformedDurationInATimerIsAnError() throws {
        let (lab, errors) = try errors(
            of: "every('1m', function() for _, s in ipairs(sessions{ in_state_longer_than = '50 mins' }) do s:terminate() end end)")
        #expect(errors.first?.contains("policies/p.lua:1: sessions: in_state_longer_than: ") == true)
        #expect(try lab.events(.ended).isEmpty)
    }

    @Test func anUnknownFilterSuggestsTheNearest() throws {
        let (_, errors) = try errors(of: "every('1m', function() sessions{ stat = 'suspended' } end)")
        #expect(
            errors.first?.hasSuffix(
                "policies/p.lua:1: sessions: unknown filter 'stat' — did you mean 'state'? (allowed: computer, idle_longer_than, in_state_longer_than, state, user)"
            ) == true)
    }

    @Test func theSandboxSaysWhyIoAndOsExecuteAreMissing() throws {
        let (_, errors) = try errors(
            of: """
                every("1m", function() local f = io.open("/etc/passwd") end)
                on("suspended", function() os.execute("reboot") end)
                """)
        #expect(
            errors.contains {
                $0.hasSuffix("p.lua:1: unknown name 'io': policies cannot open files: keep what must last in memory, or let a plugin do it")
            })
        #expect(
            errors.contains {
                $0.hasSuffix(
                    "p.lua:2: os has no 'execute': policies cannot run programs: a plugin granted allow = { \"exec\" } can, with exec{…}")
            })
    }

    @Test func aLibraryTypoSuggestsTheFunction() throws {
        let (_, errors) = try errors(of: "every('1m', function() return string.formt('%d', 1) end)")
        #expect(errors.first?.contains("p.lua:1: string has no 'formt' — did you mean 'format'? (string has: ") == true)
    }

    @Test func globalsAPolicySetsAreReadable() throws {
        let (lab, errors) = try errors(
            of: """
                count = 0
                every("1m", function() count = count + 1; computer("LAB-1"):message_all("tick " .. count) end)
                """)
        #expect(errors.isEmpty)
        #expect(try lab.events(.messageSent).map(\.detail?.text) == ["tick 1"])
    }

    @Test func aGlobalTheFileSetsReadsAsNilUntilThen() throws {
        let lab = try PolicyLab(
            config: "policy \"p\" {}",
            policies: ["p": "every('1m', function() count = (count or 0) + 1; computer('LAB-1'):message_all('n ' .. count) end)"])
        try lab.signIn("alice", "LAB-1/1")
        try lab.load()
        for _ in 0..<2 {
            try lab.advance("1m")
            try lab.runOnce()
        }
        #expect(try lab.events(.messageSent).map(\.detail?.text) == ["n 1", "n 2"])
        #expect(try lab.events(.policyError).isEmpty)
    }

    @Test func aNotifiersMessageIsStrictToo() throws {
        let lab = try PolicyLab(config: "plugin \"n\" {}", plugins: ["n": "notifier(function(m) log.info(m.txt) end)"])
        try lab.load(vetting: false)
        try lab.signIn("alice", "LAB-1/1")
        try lab.act(.message([.user("alice", computer: "LAB-1")], text: "hi"), as: .admin(nil))
        try lab.runOnce()
        let errors = try lab.events(.policyError).compactMap(\.detail?.text)
        #expect(
            errors.first?.hasSuffix("plugins/n.lua:1: message has no 'txt' — did you mean 'text'? (\(PolicyNames.message.listing))")
                == true, "\(errors)")
    }

    @Test func suggestionsAreNearAndNeverFarFetched() {
        #expect(NameSuggestion.nearest(to: "aftre", in: ["after", "message"]) == "after")
        #expect(NameSuggestion.nearest(to: "sesions", in: ["session", "sessions"]) == "sessions")
        #expect(NameSuggestion.nearest(to: "kill", in: PolicyNames.session.names) == nil)
        #expect(NameSuggestion.nearest(to: "x", in: ["y"]) == "y")
        #expect(NameSuggestion.nearest(to: "ab", in: ["xy"]) == nil)
    }
}

/// The tables policies receive carry only the fields PolicyNames lists (one list for both).
@Suite struct PolicyNameListTests {
    @Test func everyTableAHookSeesHasOnlyListedFields() throws {
        let lab = try PolicyLab(
            config: "policy \"p\" {}",
            policies: [
                "p": """
                on("suspended", function(e)
                  local seen = {}
                  local function add(what, t) for k in pairs(t) do seen[#seen + 1] = what .. "." .. k end end
                  add("event", e)
                  add("session", session(e.session))
                  add("session", session("bob@LAB-1"))
                  add("computer", computer(e.computer))
                  for _, st in ipairs(stations{}) do add("station", st) end
                  table.sort(seen)
                  computer("LAB-1"):message_all(table.concat(seen, " "))
                end)
                """
            ])
        try lab.load()
        try lab.signIn("alice", "LAB-1/1")
        try lab.signIn("bob", "LAB-1/3")
        try lab.act(
            .schedule(computer: "LAB-1", ScheduledShutdown(at: lab.clock.now + 3600, restart: false, message: "m")), as: .admin(nil))
        try lab.act(.block([StationID(parsing: "LAB-1/2")], message: "exam"), as: .admin(nil))
        try lab.act(.suspend([.user("alice", computer: "LAB-1")]), as: .admin(nil))
        try lab.runOnce()
        let seen = try #require(try lab.events(.messageSent).first?.detail?.text).split(separator: " ").map(String.init)
        for entry in seen {
            let parts = entry.split(separator: ".", maxSplits: 1).map(String.init)
            let shape = try #require(PolicyNames.shapes[parts[0]])
            #expect(shape.fields.contains(parts[1]), "\(entry) is not in PolicyNames.\(parts[0])")
        }
        for shape in [PolicyNames.session, PolicyNames.computer, PolicyNames.station] {
            let present = Set(seen.filter { $0.hasPrefix(shape.what + ".") }.map { String($0.dropFirst(shape.what.count + 1)) })
            #expect(present == Set(shape.fields), "\(shape.what): \(Set(shape.fields).subtracting(present)) never seen")
        }
    }
}

/// PolicyNames.apiGlobals is what a loaded policy or plugin really has beyond Lua's sandbox.
@Suite struct APIGlobalsTests {
    @Test(arguments: [PolicyKind.policy, .plugin])
    func theListedAPIGlobalsAreTheRuntimes(kind: PolicyKind) throws {
        let lister = """
            local names = {}
            for name in pairs(_G) do names[#names + 1] = name end
            table.sort(names)
            computer("LAB-1"):message_all(table.concat(names, " "))
            """
        let lab = try PolicyLab(
            config: kind == .policy ? "policy \"p\" {}" : "plugin \"p\" {}",
            policies: kind == .policy ? ["p": "every('1m', function()\n\(lister)\nend)"] : [:],
            plugins: kind == .plugin ? ["p": "every('1m', function()\n\(lister)\nend)"] : [:])
        try lab.signIn("alice", "LAB-1/1")
        try lab.load()
        try lab.advance("1m")
        try lab.runOnce()
        let seen = Set(try #require(try lab.events(.messageSent).first?.detail?.text).split(separator: " ").map(String.init))
        let bare = try LuaState()
        defer { bare.close() }
        let lua = try bare.run("local t = {} for k in pairs(_G) do t[#t + 1] = k end return t", path: "bare")
        let luaNames = Set(lua.first?.tableValue?.array.compactMap(\.stringValue) ?? [])
        #expect(seen.subtracting(luaNames) == Set(PolicyNames.apiGlobals(for: kind)))
    }
}
