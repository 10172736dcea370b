import DashbriefTestSupport
import Foundation
import GRDB
import Testing

@testable import Delivery

/// The store's file, schema and transactions.
@Suite struct StateStoreTests {
    static let key = RunKey(kind: .daily, dashboard: "Marketing Dashboard", period: "2026-11-19", channel: "C0MARKET")

    @Test func defaultDirectory_followsDashbriefStateDir_thenXDG_thenHome() {
        #expect(
            StateStore.defaultDirectory(environment: ["DASHBRIEF_STATE_DIR": "/srv/dashbrief", "XDG_STATE_HOME": "/x"])
                .path == "/srv/dashbrief")
        #expect(
            StateStore.defaultDirectory(environment: ["XDG_STATE_HOME": "/var/state", "HOME": "/home/ana"]).path
                == "/var/state/dashbrief")
        #expect(
            StateStore.defaultDirectory(environment: ["HOME": "/home/ana"]).path == "/home/ana/.local/state/dashbrief")
        // Empty variables are unset; a relative XDG_STATE_HOME is invalid and ignored (XDG spec).
        #expect(
            StateStore.defaultDirectory(environment: [
                "DASHBRIEF_STATE_DIR": "", "XDG_STATE_HOME": "state", "HOME": "/home/ana",
            ]).path == "/home/ana/.local/state/dashbrief")
        #expect(StateStore.defaultDirectory(environment: [:]).path.hasSuffix("/.local/state/dashbrief"))
    }

    @Test func store_isOneWALFile_stateSqlite_inItsDirectory_createdOnDemand() throws {
        let directory = try TestPaths.temporaryDirectory("dashbrief-state").appendingPathComponent("nested/state")
        let store = try StateStore(directory: directory)
        #expect(store.url == directory.appendingPathComponent("state.sqlite"))
        #expect(FileManager.default.fileExists(atPath: store.url.path))
        let mode = try store.pool.read { db in try String.fetchOne(db, sql: "PRAGMA journal_mode") }
        #expect(mode == "wal")
        let tables = try store.pool.read { db in
            try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        }
        #expect(tables == ["alert", "grdb_migrations", "run"])
    }

    @Test func unwritableDirectory_isAStorageError_namingIt() throws {
        let file = try TestPaths.temporaryDirectory("dashbrief-state").appendingPathComponent("a-file")
        try Data("x".utf8).write(to: file)
        do {
            _ = try StateStore(directory: file.appendingPathComponent("state"))
            Issue.record("opened a store under a regular file")
        } catch {
            #expect(error.code == .storage)
            #expect(error.message.contains(file.path))
        }
    }

    @Test(arguments: [
        RunKey(kind: .daily, dashboard: "Marketing Dashboard", period: "2026-11-23", channel: "C0MARKET"),
        RunKey(kind: .weekly, dashboard: "Growth | 100% \n ünïcode", period: "2026-11-17..2026-11-23", channel: "C|0"),
        RunKey(kind: .daily, dashboard: "", period: "", channel: ""),
    ])
    func runKey_textForm_isEscaped_andReadBack(key: RunKey) {
        #expect(key.description.split(separator: "|", omittingEmptySubsequences: false).count == 4)
        #expect(RunKey(key.description) == key)
    }

    @Test func runKey_textForm_isReadable() {
        #expect(
            RunKey(kind: .daily, dashboard: "Marketing Dashboard", period: "2026-11-23", channel: "C0MARKET")
                .description
                == "daily|Marketing Dashboard|2026-11-23|C0MARKET")
        #expect(
            RunKey(kind: .weekly, dashboard: "A|B 50%", period: "p", channel: "c").description
                == "weekly|A%7CB 50%25|p|c")
        #expect(RunKey("hourly|a|b|c") == nil)
        #expect(RunKey("daily|a|b") == nil)
        #expect(RunKey("daily|a%2|b|c") == nil)
    }

}
