import GRDB

/// The store's schema, as named migrations. Never edit a shipped migration: add a new one.
enum Schema {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1: computers and stations") { db in
            try db.execute(
                sql: """
                    CREATE TABLE computer (
                        name TEXT PRIMARY KEY NOT NULL,
                        position INTEGER NOT NULL,
                        power TEXT NOT NULL DEFAULT 'running' CHECK (power IN ('running', 'off')),
                        shutdown_at REAL
                    );
                    CREATE TABLE station (
                        computer TEXT NOT NULL REFERENCES computer(name) ON DELETE CASCADE,
                        name TEXT NOT NULL,
                        position INTEGER NOT NULL,
                        block_message TEXT,
                        PRIMARY KEY (computer, name)
                    ) WITHOUT ROWID;
                    CREATE TABLE meta (key TEXT PRIMARY KEY NOT NULL, value TEXT NOT NULL) WITHOUT ROWID;
                    """)
        }
        migrator.registerMigration("v1: live sessions") { db in
            // Only live sessions live here; an ended session is deleted and the journal remembers it.
            // AUTOINCREMENT keeps ids from being reused after that delete.
            try db.execute(
                sql: """
                    CREATE TABLE session (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        user TEXT NOT NULL,
                        computer TEXT NOT NULL REFERENCES computer(name),
                        station TEXT,
                        state TEXT NOT NULL CHECK (state IN ('active', 'locked', 'suspended')),
                        suspended_by TEXT CHECK (suspended_by IN ('user', 'admin', 'policy')),
                        started_at REAL NOT NULL,
                        state_since REAL NOT NULL,
                        last_activity REAL NOT NULL,
                        CHECK ((state = 'suspended') = (station IS NULL))
                    );
                    CREATE UNIQUE INDEX session_user_computer ON session(user, computer);
                    CREATE UNIQUE INDEX session_station ON session(computer, station) WHERE station IS NOT NULL;
                    CREATE INDEX session_state ON session(state, state_since);
                    CREATE INDEX session_last_activity ON session(last_activity);
                    """)
        }
        migrator.registerMigration("v1: journal") { db in
            try db.execute(
                sql: """
                    CREATE TABLE journal (
                        seq INTEGER PRIMARY KEY AUTOINCREMENT,
                        at REAL NOT NULL,
                        event TEXT NOT NULL,
                        session INTEGER,
                        user TEXT,
                        computer TEXT,
                        station TEXT,
                        from_state TEXT,
                        to_state TEXT,
                        actor TEXT NOT NULL,
                        reason TEXT,
                        detail TEXT
                    );
                    CREATE INDEX journal_session ON journal(session);
                    CREATE INDEX journal_computer ON journal(computer, seq);
                    CREATE INDEX journal_at ON journal(at);
                    CREATE TRIGGER journal_no_update BEFORE UPDATE ON journal
                        BEGIN SELECT RAISE(ABORT, 'the journal is append-only'); END;
                    CREATE TRIGGER journal_no_delete BEFORE DELETE ON journal
                        BEGIN SELECT RAISE(ABORT, 'the journal is append-only'); END;
                    """)
        }
        migrator.registerMigration("v2: scheduled shutdowns and cascade depth") { db in
            try db.execute(
                sql: """
                    ALTER TABLE computer ADD COLUMN shutdown_restart INTEGER NOT NULL DEFAULT 0;
                    ALTER TABLE computer ADD COLUMN shutdown_message TEXT;
                    ALTER TABLE journal ADD COLUMN depth INTEGER NOT NULL DEFAULT 0;
                    """)
        }
        migrator.registerMigration("v2: daemon state") { db in
            // The daemon's durable cursor into the journal, its timers' schedule, and each
            // policy's health, so that a restart resumes where it stopped and `stationctl
            // policies` can report from another process.
            try db.execute(
                sql: """
                    CREATE TABLE cursor (name TEXT PRIMARY KEY NOT NULL, seq INTEGER NOT NULL) WITHOUT ROWID;
                    CREATE TABLE timer (
                        key TEXT PRIMARY KEY NOT NULL,
                        next_run REAL NOT NULL,
                        last_run REAL
                    ) WITHOUT ROWID;
                    CREATE TABLE policy_status (
                        name TEXT PRIMARY KEY NOT NULL,
                        state TEXT NOT NULL CHECK (state IN ('ok', 'failing', 'quarantined')),
                        failures INTEGER NOT NULL DEFAULT 0,
                        last_error TEXT,
                        last_error_at REAL,
                        updated_at REAL NOT NULL
                    ) WITHOUT ROWID;
                    """)
        }
        migrator.registerMigration("v3: policy memory and versioned health") { db in
            // What each policy keeps in its `memory` table (Lua constructor text its prelude
            // reads back), and which version of a policy its health is about: a quarantine
            // lasts across restarts until the policy's file or settings change. And an index
            // for `stationctl policies`, which shows each policy's last errors.
            try db.execute(
                sql: """
                    CREATE TABLE policy_memory (
                        name TEXT PRIMARY KEY NOT NULL,
                        data TEXT NOT NULL,
                        updated_at REAL NOT NULL
                    ) WITHOUT ROWID;
                    ALTER TABLE policy_status ADD COLUMN version TEXT;
                    CREATE INDEX journal_policy_error ON journal (actor, seq) WHERE event = 'policy_error';
                    """)
        }
        migrator.registerMigration("v4: retired computers and stations") { db in
            // A computer or station the config no longer lists, kept while a live session is
            // there: it refuses new sign-ins and goes in the command that ends its last session.
            try db.execute(
                sql: """
                    ALTER TABLE computer ADD COLUMN retired INTEGER NOT NULL DEFAULT 0;
                    ALTER TABLE station ADD COLUMN retired INTEGER NOT NULL DEFAULT 0;
                    CREATE INDEX computer_retired ON computer (name) WHERE retired = 1;
                    CREATE INDEX station_retired ON station (computer, name) WHERE retired = 1;
                    CREATE INDEX session_computer ON session (computer);
                    """)
        }
        migrator.registerMigration("v4: policy events per second") { db in
            // How many events policies caused in each second, for the policy action limit: the
            // check reads at most 60 rows instead of counting a busy minute's journal on every action.
            try db.execute(
                sql: """
                    CREATE TABLE policy_rate (second INTEGER PRIMARY KEY NOT NULL, events INTEGER NOT NULL);
                    INSERT INTO policy_rate (second, events)
                        SELECT CAST(at AS INTEGER), COUNT(*) FROM journal
                        WHERE at > (SELECT COALESCE(MAX(at), 0) FROM journal) - 120
                            AND actor LIKE 'policy:%' AND event != 'policy_error'
                        GROUP BY CAST(at AS INTEGER);
                    """)
        }
        migrator.registerMigration("v5: logind sessions") { db in
            // Which logind session is which Stationkeeper session, on the computer that follows
            // logind. A link outlives its session until the daemon has ended the logind session
            // too (its id is needed for TerminateSession after the session's row is gone).
            try db.execute(
                sql: """
                    CREATE TABLE logind_link (
                        logind_id TEXT PRIMARY KEY NOT NULL,
                        session INTEGER NOT NULL,
                        linked_at REAL NOT NULL
                    ) WITHOUT ROWID;
                    CREATE INDEX logind_link_session ON logind_link (session);
                    """)
        }
        migrator.registerMigration("v6: dashboard accounts") { db in
            // Accounts of the dashboard (stationctl admins): a bcrypt hash, never the password;
            // API tokens by their SHA-256, never the token.
            try db.execute(
                sql: """
                    CREATE TABLE account (
                        name TEXT PRIMARY KEY NOT NULL,
                        role TEXT NOT NULL CHECK (role IN ('admin', 'teacher')),
                        computers TEXT NOT NULL DEFAULT '',
                        password_hash TEXT NOT NULL,
                        created_at REAL NOT NULL,
                        updated_at REAL NOT NULL
                    ) WITHOUT ROWID;
                    CREATE TABLE account_token (
                        digest TEXT PRIMARY KEY NOT NULL,
                        account TEXT NOT NULL REFERENCES account(name) ON DELETE CASCADE,
                        created_at REAL NOT NULL
                    ) WITHOUT ROWID;
                    CREATE INDEX account_token_account ON account_token (account);
                    """)
        }
        return migrator
    }
}
