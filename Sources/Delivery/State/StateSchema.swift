import GRDB

/// The state database's tables, as `DatabaseMigrator` migrations. A released migration is never
/// edited: a change is a new migration after it. `Sources/Delivery/README.md` describes the tables.
enum StateSchema {
    static let migrator: DatabaseMigrator = {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1: run ledger and alert state") { db in
            try db.execute(
                sql: """
                    CREATE TABLE run (
                        key TEXT NOT NULL PRIMARY KEY,
                        kind TEXT NOT NULL,
                        dashboard TEXT NOT NULL,
                        period TEXT NOT NULL,
                        channel TEXT NOT NULL,
                        state TEXT NOT NULL CHECK (state IN ('claimed', 'posted', 'failed')),
                        owner TEXT NOT NULL,
                        claimed_at TEXT NOT NULL,
                        ts TEXT,
                        posted_at TEXT,
                        repost INTEGER NOT NULL DEFAULT 0 CHECK (repost IN (0, 1)),
                        failure TEXT,
                        failed_at TEXT,
                        CHECK (state <> 'posted' OR (ts IS NOT NULL AND posted_at IS NOT NULL)),
                        CHECK (state <> 'failed' OR failure IS NOT NULL)
                    );
                    CREATE TABLE alert (
                        dashboard TEXT NOT NULL,
                        channel TEXT NOT NULL,
                        episode TEXT NOT NULL,
                        finding_id TEXT NOT NULL,
                        first_announced TEXT NOT NULL,
                        last_announced TEXT NOT NULL,
                        last_seen TEXT NOT NULL,
                        announcements INTEGER NOT NULL CHECK (announcements >= 1),
                        resolved_at TEXT,
                        PRIMARY KEY (dashboard, channel, episode)
                    );
                    """)
        }
        migrator.registerMigration("v2: schedule fires") { db in
            try db.execute(
                sql: """
                    CREATE TABLE schedule_fire (
                        job TEXT NOT NULL PRIMARY KEY,
                        last_completed TEXT NOT NULL
                    );
                    """)
        }
        return migrator
    }()

    /// Brings `writer`'s schema up to date. Two processes opening a new file at once may both
    /// try the first migration; the loser's transaction fails, and its second attempt finds the
    /// migration applied.
    static func migrate(_ writer: some DatabaseWriter) throws {
        do {
            try migrator.migrate(writer)
        } catch {
            try migrator.migrate(writer)
        }
    }
}
