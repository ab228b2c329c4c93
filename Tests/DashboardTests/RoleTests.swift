import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import SessionEngine
import Testing

@testable import Dashboard

/// An admin may do everything; a teacher only `AccountRole.teacherVerbs`, on their computers.
@Suite struct RoleTests {
    @Test func aTeacherMayLockBlockMessageAndSuspendOnTheirComputer() async throws {
        let lab = try TestDashboard()
        let alice = try lab.signIn("alice", at: "LAB-1/1")
        try await lab.test { client in
            let browser = try await client.login("dupont")
            for fields in [
                [("verb", "lock"), ("target", "\(alice)")], [("verb", "message"), ("target", "\(alice)"), ("text", "Hello")],
                [("verb", "block"), ("target", "LAB-1/2"), ("message", "Broken")], [("verb", "suspend"), ("target", "\(alice)")],
            ] {
                let (headers, body) = browser.form(fields)
                try await client.execute(uri: "/actions/run", method: .post, headers: headers, body: body) { response in
                    #expect(response.status == .seeOther, "\(fields)")
                }
            }
        }
        #expect(try lab.store.session(.id(alice)).state == .suspended)
    }

    @Test func aTeacherMayNotEndShutDownOrActElsewhere() async throws {
        let lab = try TestDashboard()
        let alice = try lab.signIn("alice", at: "LAB-1/1")
        let bob = try lab.signIn("bob", at: "LAB-2/front")
        let before = try lab.journalCount()
        try await lab.test { client in
            let browser = try await client.login("dupont")
            let cases: [([(String, String)], String)] = [
                ([("verb", "terminate"), ("target", "\(alice)")], "a teacher may not terminate"),
                ([("verb", "shutdown"), ("target", "LAB-1")], "a teacher may not shutdown"),
                ([("verb", "end_all"), ("target", "LAB-1")], "a teacher may not end_all"),
                ([("verb", "lock"), ("target", "\(bob)")], "dupont may act only on LAB-1, not on LAB-2"),
                ([("verb", "block"), ("target", "LAB-2/back")], "dupont may act only on LAB-1, not on LAB-2"),
            ]
            for (fields, message) in cases {
                for path in ["/actions/preview", "/actions/run"] {
                    let (headers, body) = browser.form(fields)
                    try await client.execute(uri: path, method: .post, headers: headers, body: body) { response in
                        #expect(response.status == .forbidden, "\(path) \(fields)")
                        #expect(String(buffer: response.body).contains(message), "\(path) \(fields)")
                    }
                }
            }
            // Pages and the API of other computers are closed too.
            try await client.execute(uri: "/computers/LAB-2", method: .get, headers: browser.headers) { #expect($0.status == .forbidden) }
            try await client.execute(uri: "/", method: .get, headers: browser.headers) { response in
                let page = String(buffer: response.body)
                #expect(page.contains(#"href="/computers/LAB-1""#))
                #expect(!page.contains(#"href="/computers/LAB-2""#))
            }
            let (_, sessions) = try await client.getJSON("/api/v1/sessions", token: lab.teacherToken)
            #expect((sessions as? [[String: Any]])?.compactMap { $0["user"] as? String } == ["alice"])
            let (status, _) = try await client.getJSON("/api/v1/journal?computer=LAB-2", token: lab.teacherToken)
            #expect(status == .forbidden)
        }
        #expect(try lab.journalCount() == before)
    }

    @Test func aTeachersPagesOfferOnlyTheirVerbs() async throws {
        let lab = try TestDashboard()
        _ = try lab.signIn("alice", at: "LAB-1/1")
        try await lab.test { client in
            let teacher = try await client.login("dupont")
            try await client.execute(uri: "/computers/LAB-1", method: .get, headers: teacher.headers) { response in
                let page = String(buffer: response.body)
                let offered = Set(page.matches(of: /name="verb" value="(\w+)"/).map { String($0.1) })
                #expect(offered.isSubset(of: Set(AccountRole.teacherVerbs.map(\.rawValue))), "\(offered)")
                #expect(offered.contains("lock") && offered.contains("block") && offered.contains("message_all"))
            }
            let admin = try await client.login("rivera")
            try await client.execute(uri: "/computers/LAB-1", method: .get, headers: admin.headers) { response in
                let page = String(buffer: response.body)
                for verb in ["terminate", "end_all", "shutdown", "restart", "start", "suspend_all"] {
                    #expect(page.contains(#"name="verb" value="\#(verb)""#), "\(verb)")
                }
            }
        }
    }

    @Test func aTeachersMessageToEveryoneReachesOnlyTheirComputers() async throws {
        let lab = try TestDashboard()
        _ = try lab.signIn("alice", at: "LAB-1/1")
        _ = try lab.signIn("bob", at: "LAB-2/front")
        try await lab.test { client in
            let browser = try await client.login("dupont")
            let (headers, body) = browser.form([("verb", "message_all"), ("target", "*"), ("text", "Tidy up")])
            try await client.execute(uri: "/actions/run", method: .post, headers: headers, body: body) { #expect($0.status == .seeOther) }
        }
        let messages = try lab.store.journal().filter { $0.name == .messageSent }
        #expect(messages.map(\.user) == ["alice"])
    }
}
