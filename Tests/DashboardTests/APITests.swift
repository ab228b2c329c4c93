import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import SessionEngine
import Testing

@testable import Dashboard

/// `/api/v1` with tokens: the CLI's `--json` shapes, actions, and its OpenAPI document.
@Suite struct APITests {
    @Test func listingsHaveTheShapesOfTheCLIsJSON() async throws {
        let lab = try TestDashboard()
        _ = try lab.signIn("alice", at: "LAB-1/1")
        try await lab.test { client in
            let (status, sessions) = try await client.getJSON("/api/v1/sessions", token: lab.adminToken)
            #expect(status == .ok)
            let session = try #require((sessions as? [[String: Any]])?.first)
            #expect(
                Set(session.keys) == [
                    "id", "user", "computer", "station", "state", "suspended_by", "state_since", "last_activity", "idle_seconds",
                ])
            #expect(session["station"] as? String == "LAB-1/1")
            let (_, computers) = try await client.getJSON("/api/v1/computers", token: lab.adminToken)
            #expect((computers as? [[String: Any]])?.compactMap { $0["name"] as? String } == ["LAB-1", "LAB-2"])
            let (_, stations) = try await client.getJSON("/api/v1/stations?computer=LAB-2", token: lab.adminToken)
            #expect((stations as? [[String: Any]])?.compactMap { $0["id"] as? String } == ["LAB-2/front", "LAB-2/back"])
            let (_, one) = try await client.getJSON("/api/v1/sessions/alice@LAB-1", token: lab.adminToken)
            #expect((one as? [String: Any])?["user"] as? String == "alice")
            let (_, journal) = try await client.getJSON("/api/v1/journal?after=0", token: lab.adminToken)
            #expect((journal as? [[String: Any]])?.first?["event"] as? String == "signed_in")
            let (_, me) = try await client.getJSON("/api/v1/me", token: lab.teacherToken)
            #expect((me as? [String: Any])?["role"] as? String == "teacher")
            let (_, health) = try await client.getJSON("/api/v1/health", token: lab.adminToken)
            #expect(((health as? [String: Any])?["daemon"] as? [String: Any])?["running"] as? Bool == false)
            let (bad, error) = try await client.getJSON("/api/v1/sessions?state=ended", token: lab.adminToken)
            #expect(bad == .badRequest)
            #expect(((error as? [String: Any])?["error"] as? [String: String])?["message"]?.contains("active, locked or suspended") == true)
        }
    }

    @Test func anActionWithATokenNeedsNoCSRFAndADryRunChangesNothing() async throws {
        let lab = try TestDashboard()
        _ = try lab.signIn("alice", at: "LAB-1/1")
        try await lab.test { client in
            var (status, body) = try await client.postJSON(
                "/api/v1/actions", token: lab.adminToken, #"{"verb": "terminate", "target": ["alice@LAB-1"], "dry_run": true}"#)
            #expect(status == .ok)
            #expect(body["dry_run"] as? Bool == true)
            #expect((body["events"] as? [[String: Any]])?.first?["event"] as? String == "ended")
            #expect(try lab.store.sessions().count == 1)
            (status, body) = try await client.postJSON(
                "/api/v1/actions", token: lab.adminToken, #"{"verb": "terminate", "target": "alice@LAB-1", "reason": "script"}"#)
            #expect(status == .ok)
            #expect((body["events"] as? [[String: Any]])?.first?["reason"] as? String == "script")
            #expect(try lab.store.sessions().isEmpty)
        }
    }

    @Test func badBodiesAreRefusedByName() async throws {
        let lab = try TestDashboard()
        try await lab.test { client in
            let cases = [
                ("not json", "must be a JSON object"),
                (#"{"verb": "lock", "target": "1", "force": true}"#, "unknown field 'force'"),
                (#"{"verb": "lock", "target": 1}"#, "'target' must be a string or a list of strings"),
                (#"{"verb": "lock", "target": "1", "dry_run": "yes"}"#, "'dry_run' must be true or false"),
                (#"{"verb": "fly", "target": "1"}"#, "'fly' is not an action"),
            ]
            for (body, message) in cases {
                let (status, answer) = try await client.postJSON("/api/v1/actions", token: lab.adminToken, body)
                #expect(status == .badRequest, "\(body)")
                #expect((answer["error"] as? [String: String])?["message"]?.contains(message) == true, "\(body): \(answer)")
            }
        }
    }

    @Test func aBulkVerbThatAppliesToNothingIsAConflictLikeTheCLIsExitCode() async throws {
        let lab = try TestDashboard()
        try await lab.test { client in
            let (status, body) = try await client.postJSON(
                "/api/v1/actions", token: lab.adminToken, #"{"verb": "unblock_all", "target": "LAB-1"}"#)
            #expect(status == .conflict)
            #expect((body["skipped"] as? [[String: Any]])?.count == 4)
        }
    }

    @Test func theServedOpenAPIDocumentIsDocsOpenAPIAndNamesEveryRoute() async throws {
        let lab = try TestDashboard()
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let documented = try Data(contentsOf: root.appendingPathComponent("docs/openapi.json"))
        try await lab.test { client in
            try await client.execute(uri: "/api/v1/openapi.json", method: .get, headers: client.bearer(lab.adminToken)) { response in
                #expect(Data(buffer: response.body) == documented)
            }
        }
        let document = try #require(try JSONSerialization.jsonObject(with: documented) as? [String: Any])
        #expect((document["openapi"] as? String)?.hasPrefix("3.") == true)
        let paths = Set(((document["paths"] as? [String: Any]) ?? [:]).keys)
        #expect(
            paths == [
                "/me", "/health", "/computers", "/stations", "/sessions", "/sessions/{ref}", "/journal", "/policies", "/actions", "/events",
                "/openapi.json",
            ])
        let verbs =
            ((((document["components"] as? [String: Any])?["schemas"] as? [String: Any])?["Verb"] as? [String: Any])?["enum"]) as? [String]
        #expect(verbs == ActionCatalog.names)
    }
}
