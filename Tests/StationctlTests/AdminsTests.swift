import Accounts
import Foundation
import StoreTestSupport
import Testing

/// Issue 13's accounts: `stationctl admins`, end to end against a temporary store.
@Suite struct AdminsTests {
    func stored(_ lab: Lab, _ sql: String) throws -> String {
        try Lab.execute(
            [lab.store.path, sql], in: lab.folder, environment: ProcessInfo.processInfo.environment,
            executable: URL(fileURLWithPath: "/usr/bin/sqlite3")
        ).out.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    @Test(TestStores.sqliteOnly) func anAccountKeepsOnlyABcryptHashOfItsPassword() throws {
        let lab = try Lab()
        let added = try lab.run("admins", "add", "dupont", "--role", "teacher", "--computer", "LAB-1", input: "correct horse\n")
        #expect(added.status == 0 && added.out == "added teacher dupont for LAB-1\n", "\(added.err)")
        let hash = try stored(lab, "SELECT password_hash FROM account WHERE name = 'dupont'")
        #expect(hash.hasPrefix("$2") && !hash.contains("correct horse"))
        #expect(Credentials.verify(password: "correct horse", hash: hash))
        #expect(!Credentials.verify(password: "wrong horse", hash: hash))

        #expect(try lab.run("admins", "passwd", "dupont", input: "battery staple\n").status == 0)
        let changed = try stored(lab, "SELECT password_hash FROM account WHERE name = 'dupont'")
        #expect(
            Credentials.verify(password: "battery staple", hash: changed) && !Credentials.verify(password: "correct horse", hash: changed))
    }

    @Test func listingShowsRolesAndComputersButNoSecret() throws {
        let lab = try Lab()
        try lab.run("admins", "add", "root-admin", "--role", "admin", input: "a long password\n")
        try lab.run("admins", "add", "dupont", "--role", "teacher", "--computer", "LAB-1", "--computer", "LAB-2", input: "correct horse\n")
        let listed = try lab.ok("admins", "list", "--json").jsonArray()
        #expect(listed.map { $0["name"] as? String } == ["dupont", "root-admin"])
        #expect(listed.first?["computers"] as? [String] == ["LAB-1", "LAB-2"])
        #expect(listed.last?["role"] as? String == "admin")
        #expect(!(try lab.ok("admins").out.contains("$2")))
    }

    @Test(TestStores.sqliteOnly) func aTokenIsShownOnceAndKeptOnlyAsItsDigest() throws {
        let lab = try Lab()
        try lab.run("admins", "add", "dupont", "--role", "admin", input: "correct horse\n")
        let token = try lab.ok("admins", "token", "dupont").out.trimmingCharacters(in: .newlines)
        #expect(token.hasPrefix("skt_") && token.count == 47)
        #expect(try stored(lab, "SELECT digest FROM account_token") == Credentials.digest(of: token))
        #expect(try stored(lab, "SELECT COUNT(*) FROM account_token WHERE digest LIKE '%' || substr('\(token)', 5, 10) || '%'") == "0")
        try lab.ok("admins", "remove", "dupont")
        #expect(try stored(lab, "SELECT COUNT(*) FROM account_token") == "0", "removing an account removes its tokens")
    }

    @Test(arguments: [
        (["admins", "add", "x", "--role", "boss"], "long enough\n", 64, "--role must be admin or teacher, not 'boss'"),
        (["admins", "add", "x", "--role", "teacher"], "long enough\n", 64, "a teacher needs at least one --computer"),
        (["admins", "add", "x", "--role", "admin", "--computer", "LAB-1"], "long enough\n", 64, "an admin acts on every computer"),
        (["admins", "add", "x", "--role", "teacher", "--computer", "LAB-9"], "long enough\n", 2, "no computer 'LAB-9' in the config"),
        (["admins", "add", "x", "--role", "admin"], "short\n", 64, "a password needs at least 8 characters: nothing changed"),
        (["admins", "add", "a b", "--role", "admin"], "long enough\n", 64, "'a b' is not a valid account name"),
        (["admins", "remove", "nobody"], "", 2, "no account 'nobody'"),
        (["admins", "token", "nobody"], "", 2, "no account 'nobody'"),
    ])
    func badInputIsRefusedAndChangesNothing(arguments: [String], input: String, status: Int32, message: String) throws {
        let lab = try Lab()
        let result = try Lab.execute(
            arguments + ["--config", lab.config.path, "--store", lab.storeLocation], in: lab.folder,
            environment: ProcessInfo.processInfo.environment, input: input)
        #expect(result.status == status && result.err.contains(message), "\(result.status): \(result.err)")
        #expect(try lab.ok("admins", "list", "--json").jsonArray().isEmpty)
    }

    @Test func aSecondAccountOfTheSameNameIsRefused() throws {
        let lab = try Lab()
        try lab.run("admins", "add", "dupont", "--role", "admin", input: "correct horse\n")
        let again = try lab.run("admins", "add", "dupont", "--role", "admin", input: "other horse\n")
        #expect(again.status == 3 && again.err.contains("an account named 'dupont' already exists"))
    }
}
