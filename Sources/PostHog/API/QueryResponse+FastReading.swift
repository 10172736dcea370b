import Foundation

extension FastDashboardReader {
    /// A `/query/` answer of a series, funnel or retention kind, by `QueryResponse`'s decoding
    /// rules, read off the tape like a dashboard's results (a large project's history queries
    /// through `JSONDecoder` read at ~25 MB/s). Throws `Unreadable` for tables (rows of any JSON,
    /// with column types) and anything else not of the common shape, which Codable then decodes,
    /// reporting a problem with its JSON path.
    static func queryResponse(_ data: Data, kind: InsightKind) throws(Unreadable) -> QueryResponse {
        try FastJSONDocument(data).withRoot { (root) throws(Unreadable) in
            let object = try root.object()
            guard try object.present("types") == nil else { throw Unreadable(reason: "column types") }
            let result: InsightResult
            switch kind {
            case .unsupported(let what):
                result = .unsupported(what)
            case .table:
                throw Unreadable(reason: "a table")
            case .trends, .aggregate, .funnelTrends, .lifecycle, .stickiness, .funnel, .retention:
                // `results` is required, and null is not a result.
                guard let results = try object.present("results") else { throw Unreadable(reason: "no results") }
                result = try Self.result(results, kind: kind)
            }
            return QueryResponse(
                result: result,
                columns: try object.present("columns")?.array().map { (column) throws(Unreadable) in
                    try column.string()
                },
                types: nil,
                // Decoded with `try?`: anything but a boolean is no answer.
                hasMore: try object.present("hasMore").flatMap { try? $0.bool() })
        }
    }
}
