/// False-discovery-rate control over many tests (e.g. every pair of metrics).
public enum MultipleTesting {
    /// Benjamini–Hochberg adjusted p-values, in the order given: for the i-th smallest p,
    /// min over j ≥ i of p_(j)·m/j, capped at 1. Declaring discoveries where adjusted ≤ q controls
    /// the FDR at q for independent or positively dependent tests. Matches statsmodels
    /// `multipletests(p, method="fdr_bh")`. NaN p-values stay NaN and do not count in m.
    /// - Complexity: O(m log m).
    public static func benjaminiHochberg(_ pValues: [Double]) -> [Double] {
        let order = pValues.indices.filter { !pValues[$0].isNaN }.sorted { pValues[$0] < pValues[$1] }
        let m = Double(order.count)
        var adjusted = [Double](repeating: .nan, count: pValues.count)
        var running = 1.0
        for rank in stride(from: order.count - 1, through: 0, by: -1) {
            let index = order[rank]
            running = min(running, pValues[index] * m / Double(rank + 1))
            adjusted[index] = min(running, 1)
        }
        return adjusted
    }
}
