import Accounts
import ArgumentParser
import Foundation
import Presentation
import SessionEngine
import SessionStore

#if canImport(Glibc)
import Glibc
#endif

/// `stationctl admins`: the dashboard's accounts (docs/dashboard.md).
struct Admins: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "admins",
        abstract: "Manage the dashboard's accounts: admins, and teachers limited to some computers.",
        discussion: """
            Passwords are read from standard input (one line) or, at a terminal, asked for twice \
            without echo; only a bcrypt hash is kept. API tokens are shown once; only their \
            SHA-256 is kept.
            """,
        subcommands: [Add.self, List.self, Remove.self, Passwd.self, Token.self],
        defaultSubcommand: List.self)

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Add an account; its password is read from stdin or asked for.")

        @OptionGroup var lab: PathOptions
        @Argument(help: ArgumentHelp("The account's name (1 to 64 characters, no spaces, '/' or '@').", valueName: "name"))
        var name: String
        @Option(help: ArgumentHelp("admin (everything) or teacher (message, lock, block, suspend on its computers).", valueName: "role"))
        var role: String
        @Option(
            name: .customLong("computer"), help: ArgumentHelp("A computer a teacher may act on (repeat for more).", valueName: "computer"))
        var computers: [String] = []

        func validate() throws {
            guard let role = AccountRole(rawValue: role) else {
                throw ValidationError("--role must be admin or teacher, not '\(role)'")
            }
            if role == .teacher && computers.isEmpty {
                throw ValidationError("a teacher needs at least one --computer (the computers of their room)")
            }
            if role == .admin && !computers.isEmpty {
                throw ValidationError("an admin acts on every computer: --computer is for teachers")
            }
        }

        func run() throws {
            try Exit.guarding {
                try Names.validate(name, as: "account")
                let context = try Context.open(lab)
                let known = Set(try context.store.computerNames())
                if let unknown = computers.first(where: { !known.contains($0) }) {
                    throw EngineError.unknown("no computer '\(unknown)' in the config (known: \(known.sorted().joined(separator: ", ")))")
                }
                let password = try Admins.readPassword(for: name)
                let account = Account(name: name, role: AccountRole(rawValue: role) ?? .teacher, computers: computers)
                try context.store.addAccount(account, passwordHash: Credentials.hash(password: password), at: context.now)
                print("added \(role) \(name)" + (computers.isEmpty ? "" : " for \(computers.joined(separator: ", "))"))
            }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the accounts (the default): name, role, computers, tokens.")

        @OptionGroup var lab: PathOptions
        @OptionGroup var output: OutputOptions

        func run() throws {
            try Exit.guarding {
                let accounts = try Context.open(lab, readOnly: true).store.accounts()
                if output.json {
                    print(
                        JSON.array(
                            accounts.map { account in
                                .object([
                                    ("name", .string(account.name)), ("role", .string(account.role.rawValue)),
                                    ("computers", .array(account.computers.map { .string($0) })), ("tokens", .int(account.tokens)),
                                ])
                            }
                        ).text, terminator: "")
                    return
                }
                if accounts.isEmpty {
                    print("no account yet: add one with 'stationctl admins add NAME --role admin'")
                    return
                }
                var table = Table("NAME", "ROLE", "COMPUTERS", "TOKENS")
                for account in accounts {
                    let computers = account.computers.isEmpty ? "all" : account.computers.joined(separator: ",")
                    table.add(account.name, account.role.rawValue, computers, "\(account.tokens)")
                }
                print(table.text, terminator: "")
            }
        }
    }

    struct Remove: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Remove an account and its API tokens.")

        @OptionGroup var lab: PathOptions
        @Argument(help: ArgumentHelp("The account.", valueName: "name")) var name: String

        func run() throws {
            try Exit.guarding {
                try Context.open(lab).store.removeAccount(name)
                print("removed \(name) and its API tokens")
            }
        }
    }

    struct Passwd: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Change an account's password (read from stdin or asked for).")

        @OptionGroup var lab: PathOptions
        @Argument(help: ArgumentHelp("The account.", valueName: "name")) var name: String

        func run() throws {
            try Exit.guarding {
                let context = try Context.open(lab)
                _ = try context.store.account(named: name)  // an unknown name is refused before the password is asked for
                let password = try Admins.readPassword(for: name)
                try context.store.setPasswordHash(Credentials.hash(password: password), of: name, at: context.now)
                print("changed the password of \(name)")
            }
        }
    }

    struct Token: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Make an API token for an account (sent as 'Authorization: Bearer …'); it is shown once.")

        @OptionGroup var lab: PathOptions
        @Argument(help: ArgumentHelp("The account.", valueName: "name")) var name: String

        func run() throws {
            try Exit.guarding {
                let context = try Context.open(lab)
                let (token, digest) = Credentials.newToken()
                try context.store.addToken(digest: digest, to: name, at: context.now)
                print(token)
            }
        }
    }

    /// One line from stdin when it is not a terminal; else asked for twice without echo.
    static func readPassword(for name: String) throws -> String {
        let password: String
        if isatty(0) == 0 {
            password = readLine(strippingNewline: true) ?? ""
        } else {
            let first = try prompt("Password for \(name): ")
            guard try prompt("Again: ") == first else {
                throw EngineError.invalid("the two passwords differ: nothing changed")
            }
            password = first
        }
        if let weakness = Credentials.weakness(of: password) { throw EngineError.invalid("\(weakness): nothing changed") }
        return password
    }

    /// Reads a line from the terminal with echo off.
    private static func prompt(_ text: String) throws -> String {
        FileHandle.standardError.write(Data(text.utf8))
        var saved = termios()
        tcgetattr(0, &saved)
        var quiet = saved
        quiet.c_lflag &= ~tcflag_t(ECHO)
        tcsetattr(0, TCSANOW, &quiet)
        defer {
            tcsetattr(0, TCSANOW, &saved)
            FileHandle.standardError.write(Data("\n".utf8))
        }
        return readLine(strippingNewline: true) ?? ""
    }
}
