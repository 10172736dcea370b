import Foundation
import GRDB

/// What dashbrief remembers between runs, in one SQLite file (`state.sqlite`, WAL mode): the
/// run ledger, which makes each report reach its channel once, and the alert state, which lets a
/// message say what is new, ongoing and resolved. See `Sources/Delivery/README.md`.
///
/// Every operation is one short `IMMEDIATE` transaction: it takes SQLite's write lock before
/// reading, so processes sharing the file (a daemon and a manual run, two daemons) see each
/// other's writes in order, and one waiting for the lock waits up to `busyTimeout`. Calls block
/// the calling thread for that long at most; they are safe from any thread or task.
public struct StateStore: Sendable {
    public struct Configuration: Sendable, Equatable {
        /// How old a claim must be before `claim` calls it stale and `reclaim` may take it over:
        /// longer than any post may take, retries included. 15 minutes.
        public var staleClaimLimit: Duration
        /// How long an operation waits for another connection's write lock before failing with
        /// `StateStoreError.database`. 10 seconds.
        public var busyTimeout: Duration

        public init(staleClaimLimit: Duration = .seconds(15 * 60), busyTimeout: Duration = .seconds(10)) {
            self.staleClaimLimit = staleClaimLimit
            self.busyTimeout = busyTimeout
        }
    }

    /// The database's file name inside the state directory.
    public static let fileName = "state.sqlite"

    /// The database file.
    public let url: URL
    public let configuration: Configuration
    let pool: DatabasePool

    /// Opens (creating if needed) `state.sqlite` in `directory`, and the directory itself.
    /// - Throws: `StateStoreError.storage` when the directory or file cannot be made or opened
    ///   (the message names it), `.database` when the schema cannot be brought up to date.
    public init(directory: URL, configuration: Configuration = Configuration()) throws(StateStoreError) {
        do {
            try FileManager.default.createDirectory(
                at: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        } catch {
            throw StateStoreError(
                .storage, "cannot create the state directory \(directory.path): \(error.localizedDescription)",
                underlying: error)
        }
        try self.init(file: directory.appendingPathComponent(Self.fileName), configuration: configuration)
    }

    /// Opens (creating if needed) the database at `file`; its directory must exist.
    public init(file: URL, configuration: Configuration = Configuration()) throws(StateStoreError) {
        url = file
        self.configuration = configuration
        var options = GRDB.Configuration()
        options.busyMode = .timeout(configuration.busyTimeout.timeInterval)
        options.label = "dashbrief-state"
        do {
            pool = try DatabasePool(path: file.path, configuration: options)
        } catch {
            throw StateStoreError(.storage, "cannot open the state database \(file.path): \(error)", underlying: error)
        }
        do {
            try StateSchema.migrate(pool)
        } catch {
            throw StateStoreError(
                .database, "cannot bring the state database \(file.path) up to date: \(error)", underlying: error)
        }
    }

    /// The state directory: `DASHBRIEF_STATE_DIR`; else `$XDG_STATE_HOME/dashbrief` (an absolute
    /// `XDG_STATE_HOME` only, as the XDG Base Directory specification says); else
    /// `$HOME/.local/state/dashbrief`, the specification's default. Empty variables count as unset.
    public static func defaultDirectory(environment: [String: String] = ProcessInfo.processInfo.environment) -> URL {
        func value(_ name: String) -> String? {
            guard let value = environment[name], !value.isEmpty else { return nil }
            return value
        }
        if let directory = value("DASHBRIEF_STATE_DIR") { return URL(fileURLWithPath: directory, isDirectory: true) }
        if let xdg = value("XDG_STATE_HOME"), xdg.hasPrefix("/") {
            return URL(fileURLWithPath: xdg, isDirectory: true).appendingPathComponent("dashbrief", isDirectory: true)
        }
        let home = value("HOME") ?? NSHomeDirectory()
        return URL(fileURLWithPath: home, isDirectory: true)
            .appendingPathComponent(".local/state/dashbrief", isDirectory: true)
    }

    /// Runs `body` in one `IMMEDIATE` transaction: all of it is written, or none.
    /// - Throws: what `body` throws as it is if it is a `StateStoreError`, any other failure as
    ///   `.database`.
    func transaction<T>(_ what: String, _ body: (Database) throws -> T) throws(StateStoreError) -> T {
        do {
            return try pool.writeWithoutTransaction { db in
                var result: T?
                try db.inTransaction(.immediate) {
                    result = try body(db)
                    return .commit
                }
                return result!
            }
        } catch let error as StateStoreError {
            throw error
        } catch {
            throw StateStoreError(.database, "\(what): \(url.path): \(error)", underlying: error)
        }
    }

    /// Reads in a snapshot of the last committed state.
    func read<T>(_ what: String, _ body: (Database) throws -> T) throws(StateStoreError) -> T {
        do {
            return try pool.read(body)
        } catch {
            throw StateStoreError(.database, "\(what): \(url.path): \(error)", underlying: error)
        }
    }
}

extension Duration {
    /// The duration in seconds, as Foundation counts time.
    var timeInterval: TimeInterval {
        let (seconds, attoseconds) = components
        return TimeInterval(seconds) + TimeInterval(attoseconds) / 1e18
    }
}
