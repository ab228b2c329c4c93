import Foundation
import SessionEngine
import Testing

/// How actors are written to the journal and read back from it.
@Suite struct ActorTests {
    @Test(arguments: [
        (Actor.user, "user"), (.admin("rivera"), "admin:rivera"), (.admin(nil), "admin"), (.admin("uid:1001"), "admin:uid:1001"),
        (.policy("end-idle-suspended"), "policy:end-idle-suspended"), (.system, "system"),
    ])
    func everyActorReadsBackAsWritten(actor: Actor, text: String) {
        #expect(actor.rawValue == text)
        #expect(Actor(rawValue: text) == actor)
    }

    @Test func aPlainAdminAsOlderJournalsHoldItIsAnAdminWithNoName() {
        let old = Actor(rawValue: "admin")
        #expect(old == .admin(nil))
        #expect(old?.isAdmin == true && old?.adminName == nil)
        #expect(Actor(rawValue: "admin:rivera")?.adminName == "rivera")
        #expect(!Actor.user.isAdmin && !Actor.policy("admin").isAdmin && !Actor.system.isAdmin)
    }

    @Test(arguments: [
        "admin:", "admin:a b", "admin:a/b", "admin:x@LAB-1", "admin:\t", "admin:" + String(repeating: "r", count: 65), "Admin", "admin ",
    ])
    func anAdminWithoutAValidNameIsRefused(text: String) {
        #expect(Actor(rawValue: text) == nil, "\(text) was read as an actor")
    }

    @Test func theEngineRefusesAnAdminNameTheJournalCouldNotReadBack() throws {
        var lab = Lab()
        let session = try lab.signIn("alice", "LAB-1/1")
        #expect(throws: EngineError.invalid("'a b' is not a valid admin name: use 1 to 64 characters without spaces, '/' or '@'")) {
            try lab.run(.suspend([.id(session.id)]), as: .admin("a b"))
        }
        #expect(lab.session(session.id)?.state == .active)
    }
}
