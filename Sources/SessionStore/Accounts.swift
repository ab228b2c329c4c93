import Foundation
import SessionEngine

/// A dashboard account, as `stationctl admins list` shows it (no secret).
public struct Account: Sendable, Equatable {
    public var name: String
    public var role: AccountRole
    /// The computers a teacher may act on (empty for an admin: every computer).
    public var computers: [String]
    /// How many API tokens it has.
    public var tokens: Int

    public init(name: String, role: AccountRole, computers: [String] = [], tokens: Int = 0) {
        self.name = name
        self.role = role
        self.computers = computers
        self.tokens = tokens
    }
}

/// Dashboard accounts, their password hashes and API token digests (migration v6).
///
/// ```swift
/// try store.addAccount(Account(name: "dupont", role: .teacher, computers: ["LAB-1"]), passwordHash: hash, at: now)
/// try store.account(forTokenDigest: digest)?.name   // "dupont"
/// ```
extension SessionStore {
    /// - Throws: ``SessionEngine/EngineError/refused(_:)`` when the name is taken.
    public func addAccount(_ account: Account, passwordHash: String, at now: Date) throws {
        try write { db in
            guard try Self.accountExists(account.name, in: db) == false else {
                throw EngineError.refused(
                    "an account named '\(account.name)' already exists: change its password with 'stationctl admins passwd \(account.name)'"
                )
            }
            try db.execute(
                "INSERT INTO account (name, role, computers, password_hash, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)",
                [
                    account.name, account.role.rawValue, account.computers.joined(separator: ","), passwordHash,
                    now.timeIntervalSince1970, now.timeIntervalSince1970,
                ])
        }
    }

    /// Every account, by name.
    public func accounts() throws -> [Account] {
        try read { db in try Self.accounts(in: db) }
    }

    private static func accounts(in db: any SQLConnection, named name: String? = nil) throws -> [Account] {
        try db.rows(
            """
            SELECT a.name, a.role, a.computers, (SELECT COUNT(*) FROM account_token t WHERE t.account = a.name)
            FROM account a \(name == nil ? "" : "WHERE a.name = ?") ORDER BY a.name
            """, name.map { [$0] } ?? []
        ) { row in
            let computers: String = row[2]
            return Account(
                name: row[0], role: AccountRole(rawValue: row[1]) ?? .teacher,
                computers: computers.split(separator: ",").map(String.init), tokens: row[3])
        }
    }

    /// Removes an account and its tokens.
    /// - Throws: ``SessionEngine/EngineError/unknown(_:)``.
    public func removeAccount(_ name: String) throws {
        try write { db in
            try Self.requireAccount(name, in: db)
            try db.execute("DELETE FROM account WHERE name = ?", [name])
        }
    }

    public func setPasswordHash(_ hash: String, of name: String, at now: Date) throws {
        try write { db in
            try Self.requireAccount(name, in: db)
            try db.execute("UPDATE account SET password_hash = ?, updated_at = ? WHERE name = ?", [hash, now.timeIntervalSince1970, name])
        }
    }

    /// The account named `name`.
    /// - Throws: ``SessionEngine/EngineError/unknown(_:)`` naming the accounts there are.
    public func account(named name: String) throws -> Account {
        try read { db in
            try Self.requireAccount(name, in: db)
            guard let account = try Self.accounts(in: db, named: name).first else { throw EngineError.unknown("no account '\(name)'") }
            return account
        }
    }

    /// The bcrypt hash to check a login against; `nil` for an unknown name.
    public func passwordHash(of name: String) throws -> String? {
        try read { db in
            try db.one("SELECT password_hash FROM account WHERE name = ?", [name])
        }
    }

    /// Keeps an API token's digest for an account.
    public func addToken(digest: String, to name: String, at now: Date) throws {
        try write { db in
            try Self.requireAccount(name, in: db)
            try db.execute(
                "INSERT INTO account_token (digest, account, created_at) VALUES (?, ?, ?)", [digest, name, now.timeIntervalSince1970])
        }
    }

    /// The account a `Bearer` token belongs to, looked up by its digest.
    public func account(forTokenDigest digest: String) throws -> Account? {
        try read { db in
            guard
                let name: String = try db.one("SELECT account FROM account_token WHERE digest = ?", [digest])
            else { return nil }
            return try Self.accounts(in: db, named: name).first
        }
    }

    private static func accountExists(_ name: String, in db: any SQLConnection) throws -> Bool {
        try db.exists("SELECT 1 FROM account WHERE name = ?", [name])
    }

    private static func requireAccount(_ name: String, in db: any SQLConnection) throws {
        guard try accountExists(name, in: db) else {
            let known: [String] = try db.column("SELECT name FROM account ORDER BY name")
            throw EngineError.unknown(
                "no account '\(name)'"
                    + (known.isEmpty
                        ? " (none yet: add one with 'stationctl admins add')" : " (accounts: \(known.joined(separator: ", ")))"))
        }
    }
}

extension Account {
    /// Whether the account may see and act on `computer`: an admin every one, a teacher theirs.
    public func covers(_ computer: String) -> Bool {
        role == .admin || computers.contains(computer)
    }
}
