import CLapack

/// Correlations across many series, within bounded memory.
public enum Correlation {
    /// One pair of series and how they move together.
    public struct Pair: Sendable, Equatable {
        public let first: Int
        public let second: Int
        /// Pearson correlation of the standardised residuals at lag 0.
        public let r: Double
        /// Two-sided p-value of r (t test, T − 2 degrees of freedom).
        public let pValue: Double
        /// Benjamini–Hochberg adjusted p-value over every pair of the scan.
        public let adjustedPValue: Double
    }

    /// The result of a scan: the strongest pairs, and the correlation that BH control requires.
    public struct Scan: Sendable {
        /// Strongest pairs by |r|, at most `keep`, most strongly correlated first.
        public let pairs: [Pair]
        /// Pairs scanned: n(n − 1)/2 over series with data.
        public let pairCount: Int
        /// Smallest |r| significant at the requested false discovery rate (nil: none is).
        public let significantBelow: Double?
    }

    /// The part of a series a correlation should see: what is left after its own least-squares
    /// trend and (with a period) its mean per seasonal slot are removed, centred and scaled to unit
    /// length, so that a dot product of two such vectors is their Pearson correlation. Shared
    /// growth and a shared weekly rhythm do not then pass for a relationship.
    /// Missing values (NaN) become 0 after centring: they add nothing to any correlation.
    /// - Returns: nil with fewer than 4 finite values or a constant residual.
    public static func standardisedResidual(_ values: [Double], period: Int? = nil) -> [Double]? {
        let finiteCount = values.filter(\.isFinite).count
        guard finiteCount >= 4, let trend = LinearTrend.fit(values) else { return nil }
        var residual = values.indices.map { values[$0].isFinite ? values[$0] - trend.value(at: Double($0)) : .nan }
        if let period, period >= 2, values.count >= 2 * period {
            for phase in 0..<period {
                let slot = stride(from: phase, to: residual.count, by: period).map { residual[$0] }
                guard let mean = Descriptive.mean(slot) else { continue }
                for index in stride(from: phase, to: residual.count, by: period) { residual[index] -= mean }
            }
        }
        guard let mean = Descriptive.mean(residual) else { return nil }
        residual = residual.map { $0.isFinite ? $0 - mean : 0 }
        let norm = residual.reduce(0) { $0 + $1 * $1 }.squareRoot()
        // A norm that overflowed (values near Double's limit) would turn the residual into NaNs.
        guard norm.isFinite, norm > 1e-12 * max(1, abs(mean)) else { return nil }
        return residual.map { $0 / norm }
    }

    /// Correlates every pair of `columns` (each a standardised residual of length T, see
    /// `standardisedResidual`) with BLAS `sgemm` in blocks of `blockSize` columns, so memory stays
    /// at T·n + blockSize·n floats whatever n is; the kept pairs' r are then recomputed in double. Keeps the `keep` strongest pairs and computes the
    /// Benjamini–Hochberg cutoff at rate `falseDiscoveryRate` over all n(n−1)/2 pairs from a
    /// histogram of |r| (65,536 bins; p is monotone in |r|, so the cutoff is exact to a bin).
    /// - Complexity: n²T/2 multiply-adds in BLAS, plus O(n²) scanning.
    public static func scan(
        _ columns: [[Double]], keep: Int = 1000, falseDiscoveryRate: Double = 0.05, blockSize: Int = 512
    ) -> Scan {
        let n = columns.count
        guard n >= 2, let length = columns.first?.count, length >= 4, columns.allSatisfy({ $0.count == length }) else {
            return Scan(pairs: [], pairCount: 0, significantBelow: nil)
        }
        // Screening runs in single precision (sgemm, twice the speed of dgemm); its error (~1e-7) is
        // far below the histogram's bin width (1.5e-5). The kept pairs' r are recomputed exactly.
        let matrix = columns.flatMap { $0.map(Float.init) }  // column-major: T × n
        let bins = 65_536
        var histogram = [Int](repeating: 0, count: bins)
        var strongest = StrongestPairs(capacity: keep)
        let block = max(1, blockSize)
        var products = [Float](repeating: 0, count: block * n)
        matrix.withUnsafeBufferPointer { x in
            products.withUnsafeMutableBufferPointer { c in
                histogram.withUnsafeMutableBufferPointer { counts in
                    var start = 0
                    while start < n {
                        let rows = min(block, n - start)
                        let width = n - start
                        // C (rows × width) = Xᵀ[start..<start+rows] · X[start..<n]
                        cblas_sgemm(
                            CblasColMajor, CblasTrans, CblasNoTrans, Int32(rows), Int32(width), Int32(length), 1,
                            x.baseAddress! + start * length, Int32(length), x.baseAddress! + start * length,
                            Int32(length), 0, c.baseAddress!, Int32(rows))
                        let scale = Float(bins)
                        for column in 0..<width {
                            let base = column * rows
                            for row in 0..<min(rows, column) {
                                let r = c[base + row]
                                let magnitude = min(abs(r), 1)
                                counts[min(bins - 1, Int(magnitude * scale))] += 1
                                if strongest.accepts(magnitude) {
                                    strongest.offer(first: start + row, second: start + column, r: Double(r))
                                }
                            }
                        }
                        start += rows
                    }
                }
            }
        }
        let pairCount = n * (n - 1) / 2
        let distribution = StudentT(degreesOfFreedom: Double(length - 2))
        func pValue(_ r: Double) -> Double {
            let magnitude = min(abs(r), 1 - 1e-15)
            return distribution.twoSidedPValue(
                magnitude * (Double(length - 2) / (1 - magnitude * magnitude)).squareRoot())
        }
        // BH: the largest k with p_(k) ≤ k·q/m. Walking bins from |r| = 1 down, k counts the pairs
        // at least as strong as the bin's lower edge, whose p is the largest in the bin.
        var atLeast = 0
        var cutoff: Double?
        for bin in stride(from: bins - 1, through: 0, by: -1) {
            atLeast += histogram[bin]
            guard histogram[bin] > 0 else { continue }
            let edge = Double(bin) / Double(bins)
            if pValue(edge) <= Double(atLeast) * falseDiscoveryRate / Double(pairCount) { cutoff = edge }
        }
        // The kept pairs' r in double precision, then ranked again on them.
        let ranked = strongest.sorted().map { pair in
            var dot = 0.0
            for index in 0..<length { dot += columns[pair.first][index] * columns[pair.second][index] }
            return StrongestPairs.Entry(first: pair.first, second: pair.second, r: max(-1, min(1, dot)))
        }.sorted { abs($0.r) != abs($1.r) ? abs($0.r) > abs($1.r) : ($0.first, $0.second) < ($1.first, $1.second) }
        // Adjusted p for the kept pairs: p·m/rank, made monotone from the weakest kept pair up. Exact
        // when every pair is kept; otherwise conservative (pairs not kept could only lower it).
        var adjusted = [Double](repeating: 1, count: ranked.count)
        var running = 1.0
        for index in stride(from: ranked.count - 1, through: 0, by: -1) {
            running = min(running, pValue(ranked[index].r) * Double(pairCount) / Double(index + 1))
            adjusted[index] = min(1, running)
        }
        let pairs = ranked.enumerated().map { index, pair in
            Pair(
                first: pair.first, second: pair.second, r: pair.r, pValue: pValue(pair.r),
                adjustedPValue: adjusted[index])
        }
        return Scan(pairs: pairs, pairCount: pairCount, significantBelow: cutoff)
    }

    /// The lag in −maxLag…maxLag at which `a` and `b` (standardised residuals) correlate most
    /// strongly, and that correlation: a positive lag means `b` follows `a` by that many periods.
    public static func bestLag(_ a: [Double], _ b: [Double], maxLag: Int = 7) -> (lag: Int, r: Double) {
        precondition(a.count == b.count, "series differ in length")
        var best = (lag: 0, r: 0.0)
        for lag in -maxLag...maxLag where abs(lag) < a.count - 3 {
            var sum = 0.0
            var sumA = 0.0
            var sumB = 0.0
            for index in 0..<a.count {
                let other = index + lag
                guard other >= 0, other < b.count else { continue }
                sum += a[index] * b[other]
                sumA += a[index] * a[index]
                sumB += b[other] * b[other]
            }
            guard sumA > 0, sumB > 0 else { continue }
            let r = sum / (sumA * sumB).squareRoot()
            if abs(r) > abs(best.r) + 1e-12 { best = (lag, r) }
        }
        return best
    }

    /// Groups of series that move together: the principal components of their correlation matrix
    /// (LAPACK `dsyevd`) with eigenvalue above 1 (Kaiser's rule), each series assigned to the
    /// component it loads on most, when that loading is at least `minimumLoading` in magnitude.
    /// - Parameter columns: standardised residuals (see `standardisedResidual`), a few hundred at most.
    /// - Returns: groups of two or more series indices, strongest component first.
    public static func groups(_ columns: [[Double]], minimumLoading: Double = 0.5) throws(LinalgError) -> [[Int]] {
        let n = columns.count
        guard n >= 2 else { return [] }
        var matrix = Matrix(columns: columns).gram().storage
        var eigenvalues = [Double](repeating: 0, count: n)
        let info = LAPACKE_dsyevd(
            LAPACK_COL_MAJOR, CChar(UInt8(ascii: "V")), CChar(UInt8(ascii: "U")), Int32(n), &matrix, Int32(n),
            &eigenvalues)
        if info != 0 { throw .lapack(routine: "dsyevd", info: info) }
        // Eigenvalues come ascending; component k's vector is column k of `matrix`.
        let components = (0..<n).reversed().filter { eigenvalues[$0] > 1 }
        var members: [Int: [Int]] = [:]
        for series in 0..<n {
            // A loading is the eigenvector entry scaled by √λ: the series' correlation with the component.
            let loadings = components.map { ($0, matrix[$0 * n + series] * eigenvalues[$0].squareRoot()) }
            guard let best = loadings.max(by: { abs($0.1) < abs($1.1) }), abs(best.1) >= minimumLoading else {
                continue
            }
            members[best.0, default: []].append(series)
        }
        return components.compactMap { members[$0] }.filter { $0.count >= 2 }
    }
}

/// The `capacity` pairs with the largest |r|, in a min-heap on |r|.
struct StrongestPairs {
    struct Entry {
        let first: Int
        let second: Int
        let r: Double
    }

    let capacity: Int
    private var heap: [Entry] = []

    init(capacity: Int) { self.capacity = max(0, capacity) }

    /// The |r| (or score) a pair must beat to be kept: −∞ until the heap is full.
    var weakestScore: Double {
        if heap.count < capacity { return -.infinity }
        return heap.first.map { abs($0.r) } ?? .infinity
    }

    /// Whether a pair this strong would be kept (cheap check before building an entry).
    @inline(__always) func accepts(_ magnitude: Float) -> Bool {
        heap.count < capacity || Double(magnitude) > abs(heap[0].r)
    }

    mutating func offer(first: Int, second: Int, r: Double) {
        guard capacity > 0 else { return }
        if heap.count < capacity {
            heap.append(Entry(first: first, second: second, r: r))
            siftUp(heap.count - 1)
        } else if abs(r) > abs(heap[0].r) {
            heap[0] = Entry(first: first, second: second, r: r)
            siftDown(0)
        }
    }

    /// Strongest first; ties by index, so results do not depend on BLAS's summation order.
    func sorted() -> [Entry] {
        heap.sorted { abs($0.r) != abs($1.r) ? abs($0.r) > abs($1.r) : ($0.first, $0.second) < ($1.first, $1.second) }
    }

    private mutating func siftUp(_ index: Int) {
        var child = index
        while child > 0 {
            let parent = (child - 1) / 2
            guard abs(heap[child].r) < abs(heap[parent].r) else { return }
            heap.swapAt(child, parent)
            child = parent
        }
    }

    private mutating func siftDown(_ index: Int) {
        var parent = index
        while true {
            let left = 2 * parent + 1
            let right = left + 1
            var smallest = parent
            if left < heap.count && abs(heap[left].r) < abs(heap[smallest].r) { smallest = left }
            if right < heap.count && abs(heap[right].r) < abs(heap[smallest].r) { smallest = right }
            guard smallest != parent else { return }
            heap.swapAt(parent, smallest)
            parent = smallest
        }
    }
}
