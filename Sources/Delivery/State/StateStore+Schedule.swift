import Foundation
import GRDB

extension StateStore {
    /// When a scheduled job (`daily`, `weekly`) last completed a fire: the catch-up policy reads
    /// it after a restart, so that a missed fire runs once and an old one not at all.
    public func lastCompletedFire(job: String) throws(StateStoreError) -> Date? {
        try read("read the last fire of \(job)") { db in
            let text = try String.fetchOne(
                db, sql: "SELECT last_completed FROM schedule_fire WHERE job = ?", arguments: [job])
            return text.flatMap { Double($0) }.map { Date(timeIntervalSince1970: $0) }
        }
    }

    /// Records that `job`'s fire at `fire` completed (later fires only move it forward).
    public func recordCompletedFire(job: String, fire: Date) throws(StateStoreError) {
        try transaction("record the fire of \(job)") { db in
            try db.execute(
                sql: """
                    INSERT INTO schedule_fire (job, last_completed) VALUES (?, ?)
                    ON CONFLICT(job) DO UPDATE SET last_completed = excluded.last_completed
                    WHERE CAST(excluded.last_completed AS REAL) > CAST(schedule_fire.last_completed AS REAL)
                    """, arguments: [job, String(fire.timeIntervalSince1970)])
        }
    }
}
