import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import SessionEngine
import Testing

@testable import Dashboard

/// What the pages show, always as text.
@Suite struct PageTests {
    static let payload = #"<img src=x onerror="alert(1)"><script>alert('x')</script>"#

    @Test func scriptPayloadsInNamesMessagesAndBlockTextsAreShownAsText() async throws {
        let lab = try TestDashboard()
        let hostile = "<script>alert(1)<"  // a valid user name: no space, '/' or '@'
        let id = try lab.signIn(hostile, at: "LAB-1/1")
        _ = try lab.store.perform(.block([try StationID(parsing: "LAB-1/2")], message: Self.payload), actor: .admin("rivera"), at: Date())
        _ = try lab.store.perform(.message([.id(id)], text: Self.payload), actor: .admin("rivera"), at: Date())
        try await lab.test { client in
            let browser = try await client.login("rivera")
            for page in ["/computers/LAB-1", "/sessions/\(id)", "/journal"] {
                try await client.execute(uri: page, method: .get, headers: browser.headers) { response in
                    let html = String(buffer: response.body)
                    #expect(response.status == .ok, "\(page)")
                    #expect(!html.contains("<script>alert"), "\(page)")
                    #expect(!html.contains("<img src=x"), "\(page)")
                    #expect(html.contains("&lt;script&gt;alert(1)&lt;"), "\(page)")
                }
            }
            try await client.execute(uri: "/computers/LAB-1", method: .get, headers: browser.headers) { response in
                #expect(String(buffer: response.body).contains(#"<p class="block-message">\#(Escape.html(Self.payload))</p>"#))
            }
        }
    }

    @Test func theGridShowsEachStationWithItsSessionAndFilters() async throws {
        let lab = try TestDashboard()
        _ = try lab.signIn("alice", at: "LAB-1/1")
        _ = try lab.store.perform(
            .block([try StationID(parsing: "LAB-1/4")], message: "Broken screen"), actor: .admin("rivera"), at: Date())
        try await lab.test { client in
            let browser = try await client.login("rivera")
            try await client.execute(uri: "/computers/LAB-1", method: .get, headers: browser.headers) { response in
                let html = String(buffer: response.body)
                let tiles = html.matches(of: /<article class="tile status-(\w+)" data-station="([^"]+)" data-status="(\w+)">/)
                #expect(tiles.map { String($0.2) } == ["LAB-1/1", "LAB-1/2", "LAB-1/3", "LAB-1/4"])
                #expect(tiles.map { String($0.3) } == ["in_use", "available", "available", "blocked"])
                #expect(html.contains(#"<span class="user">alice</span>"#))
                #expect(html.contains(#"<span class="state">active</span> for"#))
                #expect(html.contains("Broken screen"))
            }
            try await client.execute(uri: "/computers/LAB-1?status=blocked", method: .get, headers: browser.headers) { response in
                #expect(String(buffer: response.body).matches(of: /class="tile status-/).count == 1)
            }
            try await client.execute(uri: "/computers/LAB-1?q=ali", method: .get, headers: browser.headers) { response in
                #expect(String(buffer: response.body).matches(of: /data-station="/).count == 1)
            }
            try await client.execute(uri: "/computers/LAB-1?status=sleeping", method: .get, headers: browser.headers) { response in
                #expect(response.status == .badRequest)
                #expect(String(buffer: response.body).contains("use one of available"))
            }
            try await client.execute(uri: "/computers/LAB-9", method: .get, headers: browser.headers) { response in
                #expect(response.status == .notFound)
            }
        }
    }

    @Test func everyStationPageGroupsTheGridsByComputerForWhoMaySeeThem() async throws {
        let lab = try TestDashboard()
        _ = try lab.signIn("alice", at: "LAB-1/1")
        _ = try lab.signIn("bob", at: "LAB-2/back")
        try await lab.test { client in
            let admin = try await client.login("rivera")
            try await client.execute(uri: "/stations", method: .get, headers: admin.headers) { response in
                let html = String(buffer: response.body)
                #expect(html.matches(of: /data-station="/).count == 6)
                #expect(html.contains("1 of 4 stations") == false)
                #expect(html.contains("4 of 4 stations · 1 sessions") && html.contains("2 of 2 stations · 1 sessions"))
            }
            try await client.execute(uri: "/stations?status=in_use", method: .get, headers: admin.headers) { response in
                let stations = String(buffer: response.body).matches(of: /data-station="([^"]+)"/).map { String($0.1) }
                #expect(stations == ["LAB-1/1", "LAB-2/back"])
            }
            let teacher = try await client.login("dupont")
            try await client.execute(uri: "/stations", method: .get, headers: teacher.headers) { response in
                let stations = String(buffer: response.body).matches(of: /data-station="([^"]+)"/).map { String($0.1) }
                #expect(stations == ["LAB-1/1", "LAB-1/2", "LAB-1/3", "LAB-1/4"])
            }
        }
    }

    @Test func aSessionPageShowsItsHistoryAndMessages() async throws {
        let lab = try TestDashboard()
        let id = try lab.signIn("alice", at: "LAB-1/1")
        _ = try lab.store.perform(.message([.id(id)], text: "Ten minutes left"), actor: .admin("rivera"), at: Date())
        _ = try lab.store.perform(.lock(.id(id)), actor: .user, at: Date())
        try await lab.test { client in
            let browser = try await client.login("rivera")
            try await client.execute(uri: "/sessions/\(id)", method: .get, headers: browser.headers) { response in
                let html = String(buffer: response.body)
                #expect(html.contains("Messages (1)"))
                #expect(html.contains(#"<q class="message-text">Ten minutes left</q>"#))
                #expect(html.matches(of: /<tr data-seq=/).count == 3)
                #expect(html.contains(#"data-verb="unlock""#))
            }
        }
    }

    @Test func theJournalFiltersAndRefusesBadFilters() async throws {
        let lab = try TestDashboard()
        _ = try lab.signIn("alice", at: "LAB-1/1")
        _ = try lab.signIn("bob", at: "LAB-2/front")
        try await lab.test { client in
            let browser = try await client.login("rivera")
            try await client.execute(uri: "/journal?computer=LAB-2", method: .get, headers: browser.headers) { response in
                let html = String(buffer: response.body)
                #expect(html.contains("signed in bob") && !html.contains("signed in alice"))
            }
            try await client.execute(uri: "/journal?since=soon", method: .get, headers: browser.headers) { response in
                #expect(response.status == .badRequest)
                #expect(String(buffer: response.body).contains("is not a duration"))
            }
            try await client.execute(uri: "/journal?limit=0", method: .get, headers: browser.headers) { #expect($0.status == .badRequest) }
        }
    }

    @Test func thePoliciesPageShowsHealthTimersAndErrorsWithFileAndLine() async throws {
        let policy = """
            every("5m", function() end)
            on("locked", function(e) error("<b>boom</b>") end)
            """
        let lab = try TestDashboard(
            config: TestDashboard.standardConfig + "\npolicy \"breaks\" {}\n", policies: ["breaks": policy])
        let id = try lab.signIn("alice", at: "LAB-1/1")
        _ = try lab.store.perform(.lock(.id(id)), actor: .user, at: Date())
        // The daemon runs the hook once, which fails.
        let daemon = try TestDaemon(lab)
        try daemon.runOnce()
        try await lab.test { client in
            let browser = try await client.login("rivera")
            try await client.execute(uri: "/policies", method: .get, headers: browser.headers) { response in
                let html = String(buffer: response.body)
                #expect(html.contains("breaks"))
                #expect(html.contains("every 5m (next "))
                #expect(html.contains("breaks.lua:2:"), "\(html)")
                #expect(html.contains("&lt;b&gt;boom&lt;/b&gt;"))
                #expect(html.contains("Daemon: <strong>not running"))
                #expect(!html.contains("Reload the config"), "no daemon to signal")
            }
        }
    }

    @Test func theSimulationPageRunsAScenarioFromItsFolder() async throws {
        let lab = try TestDashboard()
        let scenario = """
            at("08:00", sign_in("alice", "LAB-1/1"))
            at("08:30", lock("alice@LAB-1"))
            """
        try Data(scenario.utf8).write(to: lab.folder.appendingPathComponent("scenarios/morning.lua"))
        try await lab.test { client in
            let browser = try await client.login("rivera")
            try await client.execute(uri: "/simulate", method: .get, headers: browser.headers) { response in
                #expect(String(buffer: response.body).contains(#"<option value="morning.lua""#))
            }
            try await client.execute(uri: "/simulate?scenario=morning.lua&from=07:00&until=10:00", method: .get, headers: browser.headers) {
                response in
                let html = String(buffer: response.body)
                #expect(response.status == .ok)
                #expect(html.contains("signed in alice at LAB-1/1"), "\(html)")
                #expect(html.contains("locked session 1"))
                #expect(html.contains("Summary"))
            }
            try await client.execute(uri: "/simulate?scenario=..%2Fstationkeeper.lua", method: .get, headers: browser.headers) { response in
                #expect(response.status == .badRequest)
                #expect(String(buffer: response.body).contains("pick one of morning.lua"))
            }
        }
        #expect(try lab.store.sessions().isEmpty, "a simulation never touches the lab")
    }
}
