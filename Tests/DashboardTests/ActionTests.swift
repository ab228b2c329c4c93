import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import SessionEngine
import SessionStore
import Testing

@testable import Dashboard

/// Actions from the pages: the preview first, CSRF, the engine's refusals, and what is journaled.
@Suite struct ActionTests {
    @Test func aStateChangeWithoutTheCSRFTokenIsRefusedAndChangesNothing() async throws {
        let lab = try TestDashboard()
        _ = try lab.signIn("alice", at: "LAB-1/1")
        let before = try lab.journalCount()
        try await lab.test { client in
            let browser = try await client.login("rivera")
            for withCSRF in [false] {
                let (headers, body) = browser.form([("verb", "end_all"), ("target", "LAB-1")], withCSRF: withCSRF)
                try await client.execute(uri: "/actions/run", method: .post, headers: headers, body: body) { response in
                    #expect(response.status == .forbidden)
                    #expect(String(buffer: response.body).contains("CSRF token is missing or out of date"))
                }
            }
            // Another session's token is no better.
            var (headers, _) = browser.form([])
            let forged = ByteBuffer(
                string: Form.encode([("csrf", String(repeating: "0", count: 64)), ("verb", "end_all"), ("target", "LAB-1")]))
            try await client.execute(uri: "/actions/run", method: .post, headers: headers, body: forged) {
                #expect($0.status == .forbidden)
            }
            // The right token from another site's page.
            (headers, _) = browser.form([])
            headers[.origin] = "http://evil.example"
            let (_, body) = browser.form([("verb", "end_all"), ("target", "LAB-1")])
            try await client.execute(uri: "/actions/run", method: .post, headers: headers, body: body) { response in
                #expect(response.status == .forbidden)
                #expect(String(buffer: response.body).contains("evil.example"))
            }
        }
        #expect(try lab.journalCount() == before)
        #expect(try lab.store.sessions().count == 1)
    }

    @Test func thePreviewSaysWhatWouldHappenAndChangesNothing() async throws {
        let lab = try TestDashboard()
        _ = try lab.signIn("alice", at: "LAB-1/1")
        _ = try lab.signIn("bob", at: "LAB-1/2")
        _ = try lab.store.perform(.suspend([.user("alice", computer: "LAB-1")]), actor: .admin("rivera"), at: Date())
        let before = try lab.journalCount()
        try await lab.test { client in
            let browser = try await client.login("rivera")
            let (headers, body) = browser.form([("verb", "end_all"), ("target", "LAB-1"), ("return", "/computers/LAB-1")])
            try await client.execute(uri: "/actions/preview", method: .post, headers: headers, body: body) { response in
                #expect(response.status == .ok)
                let page = String(buffer: response.body)
                #expect(page.contains("This ends 2 sessions."))
                #expect(page.contains("1 suspended session loses its unsaved work"))
                #expect(page.contains(#"<li class="would">would have ended session"#))
                #expect(page.contains(#"<form id="confirm" method="post" action="/actions/run">"#))
                #expect(page.contains(#"<input type="hidden" name="verb" value="end_all">"#))
            }
        }
        #expect(try lab.journalCount() == before)
        #expect(try lab.store.sessions().count == 2)
    }

    @Test func thePagesPreviewIsAGetThatNeedsNoCSRFToken() async throws {
        let lab = try TestDashboard()
        _ = try lab.signIn("alice", at: "LAB-1/1")
        let before = try lab.journalCount()
        try await lab.test { client in
            let browser = try await client.login("rivera")
            // What a tile's form sends: the verb is the button pressed.
            try await client.execute(uri: "/computers/LAB-1", method: .get, headers: browser.headers) { response in
                #expect(String(buffer: response.body).contains(#"<button type="submit" name="verb" value="terminate">End…</button>"#))
            }
            let query = Form.encode([("target", "alice@LAB-1"), ("return", "/computers/LAB-1"), ("verb", "terminate")])
            try await client.execute(uri: "/actions/preview?\(query)", method: .get, headers: browser.headers) { response in
                #expect(response.status == .ok)
                let page = String(buffer: response.body)
                #expect(page.contains("This ends 1 session."))
                #expect(page.contains(#"name="csrf" value="\#(browser.csrf)""#), "the confirm form carries the token")
            }
        }
        #expect(try lab.journalCount() == before)
    }

    @Test func confirmingRunsItJournaledAndGoesBack() async throws {
        let lab = try TestDashboard()
        _ = try lab.signIn("alice", at: "LAB-1/1")
        try await lab.test { client in
            let browser = try await client.login("rivera")
            let (headers, body) = browser.form([
                ("verb", "block"), ("target", "LAB-1/3"), ("message", "Exam at 10:00"), ("reason", "exam"),
                ("return", "/computers/LAB-1"),
            ])
            try await client.execute(uri: "/actions/run", method: .post, headers: headers, body: body) { response in
                #expect(response.status == .seeOther)
                #expect(response.headers[.location] == "/computers/LAB-1?done=1&skipped=0")
            }
        }
        let event = try #require(try lab.store.journal(JournalFilter(limit: 1)).last)
        #expect(event.name == .stationBlocked)
        #expect(event.station?.description == "LAB-1/3")
        #expect(event.detail?.text == "Exam at 10:00")
        #expect(event.reason == "exam")
        #expect(event.actor.rawValue == "admin:rivera", "journaled with the account as the actor")
    }

    @Test func aRefusalShowsTheEngineMessageTheCLIPrints() async throws {
        let lab = try TestDashboard()
        _ = try lab.signIn("alice", at: "LAB-1/1")
        // What the engine says when the session is already locked, as `stationctl lock` prints it.
        _ = try lab.store.perform(.lock(.user("alice", computer: "LAB-1")), actor: .user, at: Date())
        var expected = ""
        do {
            _ = try lab.store.perform(.lock(.user("alice", computer: "LAB-1")), actor: .admin("rivera"), at: Date(), dryRun: true)
        } catch let error as EngineError {
            expected = error.description
        }
        #expect(!expected.isEmpty)
        let refusal = expected
        let before = try lab.journalCount()
        try await lab.test { client in
            let browser = try await client.login("rivera")
            for path in ["/actions/preview", "/actions/run"] {
                let (headers, body) = browser.form([("verb", "lock"), ("target", "alice@LAB-1")])
                try await client.execute(uri: path, method: .post, headers: headers, body: body) { response in
                    #expect(response.status == .conflict, "\(path)")
                    let page = String(buffer: response.body)
                    #expect(page.contains(Escape.html(refusal)), "\(path): \(page)")
                }
            }
            let (status, body) = try await client.postJSON(
                "/api/v1/actions", token: lab.adminToken, #"{"verb": "lock", "target": "alice@LAB-1"}"#)
            #expect(status == .conflict)
            #expect((body["error"] as? [String: String])?["message"] == refusal)
        }
        #expect(try lab.journalCount() == before)
    }

    @Test func badActionsSayWhatIsAllowed() async throws {
        let lab = try TestDashboard()
        try await lab.test { client in
            let browser = try await client.login("rivera")
            let cases: [([(String, String)], String)] = [
                ([("verb", "explode"), ("target", "LAB-1")], "'explode' is not an action: use one of lock, unlock"),
                ([("verb", "sign_in"), ("target", "LAB-1/1")], "'sign_in' is not an action"),
                ([("verb", "lock")], "lock needs a target: a session number or USER@COMPUTER"),
                ([("verb", "block"), ("target", "LAB-1")], "is not a station"),
                ([("verb", "shutdown"), ("target", "LAB-1"), ("delay", "soon")], "'soon' is not a duration"),
                ([("verb", "message"), ("target", "1")], "no session"),
            ]
            for (fields, message) in cases {
                let (headers, body) = browser.form(fields)
                try await client.execute(uri: "/actions/preview", method: .post, headers: headers, body: body) { response in
                    #expect([.badRequest, .notFound].contains(response.status), "\(fields)")
                    #expect(String(buffer: response.body).contains(Escape.html(message)), "\(fields): \(String(buffer: response.body))")
                }
            }
        }
    }

    @Test func aScheduledShutdownCanBeCancelled() async throws {
        let lab = try TestDashboard()
        try await lab.test { client in
            let browser = try await client.login("rivera")
            var (headers, body) = browser.form([("verb", "shutdown"), ("target", "LAB-2"), ("delay", "15m"), ("message", "Lab closes")])
            try await client.execute(uri: "/actions/run", method: .post, headers: headers, body: body) { #expect($0.status == .seeOther) }
            #expect(try lab.store.computers(named: "LAB-2").first?.computer.scheduled?.message == "Lab closes")
            try await client.execute(uri: "/computers/LAB-2", method: .get, headers: browser.headers) { response in
                #expect(String(buffer: response.body).contains("Shutdown scheduled at"))
            }
            (headers, body) = browser.form([("verb", "cancel_shutdown"), ("target", "LAB-2")])
            try await client.execute(uri: "/actions/run", method: .post, headers: headers, body: body) { #expect($0.status == .seeOther) }
            #expect(try lab.store.computers(named: "LAB-2").first?.computer.scheduled == nil)
        }
    }

    @Test func aSelectionOfSessionsGetsOneMessageEach() async throws {
        let lab = try TestDashboard()
        let alice = try lab.signIn("alice", at: "LAB-1/1")
        let bob = try lab.signIn("bob", at: "LAB-1/2")
        _ = try lab.signIn("carol", at: "LAB-1/3")
        try await lab.test { client in
            let browser = try await client.login("rivera")
            let (headers, body) = browser.form([("verb", "message"), ("target", "\(alice)"), ("target", "\(bob)"), ("text", "Save now")])
            try await client.execute(uri: "/actions/run", method: .post, headers: headers, body: body) { response in
                #expect(response.headers[.location] == "/?done=2&skipped=0")
            }
        }
        let messages = try lab.store.journal().filter { $0.name == .messageSent }
        #expect(Set(messages.compactMap(\.session)) == [alice, bob])
    }
}

/// What Mustache turns a text into.
enum Escape {
    static func html(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
            .replacingOccurrences(of: "'", with: "&#39;")
    }
}
