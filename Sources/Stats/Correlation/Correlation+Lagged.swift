import CLapack
import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

extension Correlation {
    /// Tiles of a lagged scan computed at once (BLAS itself runs single-threaded meanwhile, see
    /// `BLASThreads`): eight per core, at most 16 in all, taken by the cores as they come free,
    /// because tiles differ in width (the last of each row block is narrower) and a core waits for
    /// the other at the end of every batch (one tile per core left it waiting half the time; with
    /// four, the cores were busy 91–94% of the xl scan's samples, with eight 95–96%). Each holds
    /// 2 MB of buffers, twice (see `laggedScan`): 64 MB at 16.
    static let concurrentTiles = max(1, min(16, 8 * ProcessInfo.processInfo.activeProcessorCount))

    /// Two series, by their indices, in either order: `first` is always the smaller.
    public struct SeriesPair: Hashable, Sendable {
        public let first: Int
        public let second: Int

        public init(_ a: Int, _ b: Int) {
            first = min(a, b)
            second = max(a, b)
        }
    }

    /// One pair of series at the lag where they correlate most strongly.
    public struct LaggedPair: Sendable, Equatable {
        public let first: Int
        public let second: Int
        /// The lag in periods with the largest |r| (ties go to the smaller |lag|, then the positive
        /// one): positive when `second` follows `first` by that many periods.
        public let lag: Int
        /// Pearson correlation (uncentred: the residuals are centred already) over the periods
        /// both series have at that lag.
        public let r: Double
        /// Periods both series have at that lag (a missing period is a 0 in the residual).
        public let overlap: Int
        /// `overlap` over Bartlett's variance factor of the pair (see `laggedScan`).
        public let effectiveLength: Double
        /// Two-sided t-test p of r at that lag on `effectiveLength` − 2 degrees of freedom,
        /// Šidák-adjusted for the lags looked at: 1 − (1 − p)^lags.
        public let pValue: Double
        /// Benjamini–Hochberg adjusted `pValue` over every pair tested.
        public let adjustedPValue: Double
    }

    /// The result of a lagged scan.
    public struct LaggedScan: Sendable {
        /// At most `keep` pairs, most significant first (then by |r|, then by index).
        public let pairs: [LaggedPair]
        /// Pairs tested: pairs of series in different groups, without the excluded ones.
        public let pairCount: Int
        /// Lags looked at per pair (2 · maxLag + 1 when the series are long enough).
        public let lagCount: Int
    }

    /// Cross-correlations at every lag in −maxLag…maxLag for every pair of `columns` (standardised
    /// residuals of length T, see `standardisedResidual`; a 0 is a missing period), each pair
    /// judged at its best lag.
    ///
    /// - Lags: for each lag k ≥ 0 the products Xᵀ·X shifted by k periods are one BLAS `sgemm` over
    ///   the T − k overlapping periods (and one more with the shift on the other side), in tiles of
    ///   `blockSize` × `tileWidth` pairs, so memory stays at T·n floats plus a few tiles whatever n
    ///   is. Each lag's r is normalised over its overlap. The best lag's r, overlap and p are then
    ///   recomputed in double precision for the kept pairs.
    /// - Effective length: residuals of smooth metrics are autocorrelated, and counting every
    ///   period as independent would make wander look significant. Bartlett's variance of a
    ///   cross-correlation between independent series gives the pair's factor
    ///   f = 1 + 2 Σₕ (1 − h/T) ρₐ(h) ρ_b(h) over h = 1…max(1, T/5) (Pyper & Peterman 1998), and
    ///   the t test uses overlap / f periods. f is at least 1 (never more than the periods) and at
    ///   most overlap / 3. The products Σₕ ρₐ(h) ρ_b(h) are one more small `sgemm` per tile.
    /// - Lags as a multiple test: the best of `lagCount` lags is Šidák-adjusted,
    ///   1 − (1 − p)^lagCount, exact for independent lags (white residuals) and conservative for
    ///   positively dependent ones (smooth residuals, where neighbouring lags move together).
    /// - Pairs as a multiple test: Benjamini–Hochberg over all `pairCount` pairs. The `keep` pairs
    ///   kept are the strongest by t² at their effective length; each kept pair's adjusted p is
    ///   computed from its rank among the kept pairs, which is exact when no pair left out is more
    ///   significant and conservative otherwise (a pair left out could only lower it).
    /// - Parameters:
    ///   - groups: a group per column (an insight); pairs within one group are not tested.
    ///   - excluding: pairs not tested (series that are one thing, for instance).
    /// - Complexity: about (2·maxLag + 1)·n²T/2 multiply-adds in BLAS, plus O(maxLag·n²) scanning.
    public static func laggedScan(
        _ columns: [[Double]], maxLag: Int = 7, groups: [Int]? = nil, excluding: Set<SeriesPair> = [],
        keep: Int = 1000, blockSize: Int = 256, tileWidth: Int = 512
    ) -> LaggedScan {
        let n = columns.count
        guard n >= 2, let length = columns.first?.count, length >= 4, columns.allSatisfy({ $0.count == length }),
            groups.map({ $0.count == n }) ?? true
        else {
            return LaggedScan(pairs: [], pairCount: 0, lagCount: 0)
        }
        let lags = max(0, min(maxLag, length - 4))
        let group = groups ?? Array(0..<n)
        let pairCount = testedPairCount(group: group, excluding: excluding, n: n)
        let observed = columns.map { column in column.reduce(0) { $0 + ($1 != 0 ? 1 : 0) } }
        // Screening runs in single precision; its error (~1e-6 in r) only matters for which pairs
        // are kept, and the kept pairs are recomputed in double.
        let tiles = LaggedTiles(columns, lags: lags)
        let rowCapacity = max(1, blockSize)
        let columnCapacity = max(1, tileWidth)
        var all: [Tile] = []
        for start in stride(from: 0, to: n, by: rowCapacity) {
            for tileStart in stride(from: start, to: n, by: columnCapacity) {
                all.append(
                    Tile(
                        rowStart: start, rows: min(rowCapacity, n - start), columnStart: tileStart,
                        columns: min(columnCapacity, n - tileStart)))
            }
        }
        // Tiles are computed a few at once, one buffer set each, and their pairs offered in the
        // tiles' order: the kept pairs (ties included) are those of one tile after another.
        // Buffers for as many tiles as there are, of the tiles' size (a few series need no MBs).
        // Two sets, so that a batch's pairs are offered (one more task, in tile order) while the
        // next batch is computed, instead of with one core waiting for them.
        let perBatch = min(Self.concurrentTiles, all.count)
        let sets = (0..<2).map { _ in
            (0..<perBatch).map { _ in TileBuffers(rows: min(rowCapacity, n), columns: min(columnCapacity, n)) }
        }
        let heap = Heap(StrongestPairs(capacity: keep))
        @Sendable func offer(_ batch: [Tile], from buffers: [TileBuffers]) {
            for (tile, buffers) in zip(batch, buffers) {
                offerPairs(
                    tile, best: buffers.best, lags: buffers.bestLag, factors: buffers.factors, group: group,
                    observed: observed, length: length, excluding: excluding, into: &heap.pairs)
            }
        }
        // One BLAS call per core already: OpenBLAS's own threads would only compete with them.
        BLASThreads.singleThreaded {
            var waiting: (batch: [Tile], buffers: [TileBuffers])?
            for (number, batchStart) in stride(from: 0, to: all.count, by: perBatch).enumerated() {
                let batch = Array(all[batchStart..<min(all.count, batchStart + perBatch)])
                let buffers = sets[number % 2]
                let previous = waiting
                // Task 0 offers the previous batch's pairs (none the first time); the others
                // compute this batch's tiles.
                DispatchQueue.concurrentPerform(iterations: batch.count + 1) { index in
                    if index == 0 {
                        if let previous { offer(previous.batch, from: previous.buffers) }
                    } else {
                        tiles.compute(batch[index - 1], into: buffers[index - 1])
                    }
                }
                waiting = (batch, buffers)
            }
            if let waiting { offer(waiting.batch, from: waiting.buffers) }
        }
        let strongest = heap.pairs
        let exact = strongest.sorted().map { entry in
            judged(columns[entry.first], columns[entry.second], first: entry.first, second: entry.second, lags: lags)
        }
        return LaggedScan(pairs: adjusted(exact, pairCount: pairCount), pairCount: pairCount, lagCount: 2 * lags + 1)
    }

    /// The correlations of `a` and `b` at every lag in −maxLag…maxLag, each over the periods both
    /// have (non-zero values) at that lag and normalised over them, with that overlap.
    /// A positive lag means `b` follows `a`. Double precision, O(maxLag·T).
    public static func laggedCorrelations(_ a: [Double], _ b: [Double], maxLag: Int) -> [(
        lag: Int, r: Double, overlap: Int
    )] {
        precondition(a.count == b.count, "series differ in length")
        let lags = max(0, min(maxLag, a.count - 1))
        return (-lags...lags).map { lag in
            var sum = 0.0
            var sumA = 0.0
            var sumB = 0.0
            var overlap = 0
            for index in max(0, -lag)..<min(a.count, b.count - lag) {
                let x = a[index]
                let y = b[index + lag]
                sum += x * y
                sumA += x * x
                sumB += y * y
                if x != 0 && y != 0 { overlap += 1 }
            }
            let r = sumA > 0 && sumB > 0 ? max(-1, min(1, sum / (sumA * sumB).squareRoot())) : 0
            return (lag, r, overlap)
        }
    }

    /// Bartlett's variance factor for the cross-correlation of two independent series with these
    /// residuals: 1 + 2 Σₕ (1 − h/T) ρₐ(h) ρ_b(h), h = 1…`lags` (Pyper & Peterman 1998's weights).
    /// The sample cross-correlation's variance is about factor / T rather than 1 / T, so T / factor
    /// periods are worth as much as T independent ones. Not clamped.
    public static func bartlettFactor(_ a: [Double], _ b: [Double], lags: Int) -> Double {
        precondition(a.count == b.count, "series differ in length")
        let ra = autocorrelations(a, lags: lags)
        let rb = autocorrelations(b, lags: lags)
        var sum = 0.0
        for h in 1...max(1, lags) where h <= ra.count {
            sum += (1 - Double(h) / Double(a.count)) * ra[h - 1] * rb[h - 1]
        }
        return 1 + 2 * sum
    }

    /// ρ(1)…ρ(lags) of a centred series (a residual): Σ x[t]·x[t+h] / Σ x[t]².
    static func autocorrelations(_ x: [Double], lags: Int) -> [Double] {
        let energy = x.reduce(0) { $0 + $1 * $1 }
        guard energy > 0, lags >= 1 else { return [Double](repeating: 0, count: max(0, lags)) }
        return (1...lags).map { h in
            guard h < x.count else { return 0 }
            var sum = 0.0
            for index in 0..<(x.count - h) { sum += x[index] * x[index + h] }
            return sum / energy
        }
    }

    /// The number of pairs a lagged scan tests.
    static func testedPairCount(group: [Int], excluding: Set<SeriesPair>, n: Int) -> Int {
        var sizes: [Int: Int] = [:]
        for g in group { sizes[g, default: 0] += 1 }
        let within = sizes.values.reduce(0) { $0 + $1 * ($1 - 1) / 2 }
        let excluded = excluding.filter {
            $0.first >= 0 && $0.second < n && $0.first != $0.second && group[$0.first] != group[$0.second]
        }
        return n * (n - 1) / 2 - within - excluded.count
    }

    /// Pairs of one tile offered to the heap by t² at their effective length (screening values).
    private static func offerPairs(
        _ tile: Tile, best: UnsafeMutableBufferPointer<Float>, lags: UnsafeMutableBufferPointer<Float>,
        factors: UnsafeMutableBufferPointer<Float>, group: [Int], observed: [Int], length: Int,
        excluding: Set<SeriesPair>, into strongest: inout StrongestPairs
    ) {
        // With f ≥ 1 and at most T periods, t² ≤ r²(T − 2)/(1 − r²): a pair below the r² that
        // reaches the weakest kept t² this way cannot be kept, and most pairs stop at this test.
        func cutoff(_ score: Double) -> Float {
            score.isFinite ? Float(max(0, score) / (Double(length - 2) + max(0, score))) * (1 - 1e-5) : -1
        }
        var screen = cutoff(strongest.weakestScore)
        for column in 0..<tile.columns {
            let j = tile.columnStart + column
            let base = column * tile.rows
            for row in 0..<min(tile.rows, j - tile.rowStart) {
                let rFloat = best[base + row]  // |r| at the best lag: only r² matters here
                guard rFloat * rFloat > screen else { continue }
                let i = tile.rowStart + row
                guard group[i] != group[j] else { continue }
                let r2 = Double(rFloat) * Double(rFloat)
                guard r2 < 1 else {
                    offer(i, j, score: .infinity, excluding: excluding, into: &strongest)
                    screen = cutoff(strongest.weakestScore)
                    continue
                }
                let shift = abs(Int(lags[base + row]))
                let days = Double(max(0, min(observed[i], observed[j], length - shift)))
                let factor = min(max(1, 1 + Double(factors[base + row])), max(1, days / 3))
                // t² = r²(days/f − 2)/(1 − r²) beats the weakest kept one: compared without division.
                let threshold = strongest.weakestScore
                guard r2 * (days - 2 * factor) > threshold * factor * (1 - r2) else { continue }
                offer(i, j, score: max(0, r2 * (days / factor - 2) / (1 - r2)), excluding: excluding, into: &strongest)
                screen = cutoff(strongest.weakestScore)
            }
        }
    }

    private static func offer(
        _ i: Int, _ j: Int, score: Double, excluding: Set<SeriesPair>, into strongest: inout StrongestPairs
    ) {
        guard excluding.isEmpty || !excluding.contains(SeriesPair(i, j)) else { return }
        strongest.offer(first: i, second: j, r: score)
    }

    /// One kept pair, recomputed in double: its best lag, overlap, effective length and p.
    private static func judged(_ a: [Double], _ b: [Double], first: Int, second: Int, lags: Int) -> LaggedPair {
        let all = laggedCorrelations(a, b, maxLag: lags)
        // Lag 0 first, then +1, −1, +2, …, so that a strictly larger |r| is needed to move away.
        let order = all.indices.sorted { (abs(all[$0].lag), -all[$0].lag) < (abs(all[$1].lag), -all[$1].lag) }
        var chosen = order[0]
        for index in order.dropFirst() where abs(all[index].r) > abs(all[chosen].r) { chosen = index }
        let best = all[chosen]
        let days = Double(best.overlap)
        let factor = min(max(1, bartlettFactor(a, b, lags: max(1, a.count / 5))), max(1, days / 3))
        let effective = days / factor
        let lagCount = Double(2 * lags + 1)
        var p = 1.0
        if effective > 2 {
            let magnitude = min(abs(best.r), 1 - 1e-15)
            let t = magnitude * ((effective - 2) / (1 - magnitude * magnitude)).squareRoot()
            let single = StudentT(degreesOfFreedom: effective - 2).twoSidedPValue(t)
            // Šidák, written so that a tiny p keeps its digits: 1 − (1 − p)^m = −expm1(m·log1p(−p)).
            p = min(1, -expm1(lagCount * log1p(-min(single, 1))))
        }
        return LaggedPair(
            first: first, second: second, lag: best.lag, r: best.r, overlap: best.overlap, effectiveLength: effective,
            pValue: p, adjustedPValue: 1)
    }

    /// Most significant first, with Benjamini–Hochberg adjusted p-values over `pairCount` tests.
    private static func adjusted(_ pairs: [LaggedPair], pairCount: Int) -> [LaggedPair] {
        let ranked = pairs.sorted {
            if $0.pValue != $1.pValue { return $0.pValue < $1.pValue }
            if abs($0.r) != abs($1.r) { return abs($0.r) > abs($1.r) }
            return ($0.first, $0.second) < ($1.first, $1.second)
        }
        var adjusted = [Double](repeating: 1, count: ranked.count)
        var running = 1.0
        for index in stride(from: ranked.count - 1, through: 0, by: -1) {
            running = min(running, ranked[index].pValue * Double(max(pairCount, ranked.count)) / Double(index + 1))
            adjusted[index] = min(1, running)
        }
        return ranked.enumerated().map { index, pair in
            LaggedPair(
                first: pair.first, second: pair.second, lag: pair.lag, r: pair.r, overlap: pair.overlap,
                effectiveLength: pair.effectiveLength, pValue: pair.pValue, adjustedPValue: adjusted[index])
        }
    }
}

/// Which pairs a tile of a lagged scan covers: rows `rowStart..<rowStart+rows` against columns
/// `columnStart..<columnStart+columns`, stored column-major with `rows` rows.
private struct Tile {
    let rowStart: Int
    let rows: Int
    let columnStart: Int
    let columns: Int
}

/// The working set of a lagged scan: the series in single precision, each lag's normalisers and
/// the weighted autocorrelations. Read-only once built, so tiles are computed from it on several
/// threads at once, each into its own `TileBuffers`.
private final class LaggedTiles: @unchecked Sendable {
    let length: Int
    let lags: Int
    /// Column-major T × n.
    let matrix: UnsafeMutableBufferPointer<Float>
    /// `head[k][i]`: 1/√Σ_{t<T−k} x_i[t]² (the series without its last k periods); 0 when empty.
    let head: [[Float]]
    /// `tail[k][i]`: 1/√Σ_{t≥k} x_i[t]² (without its first k periods).
    let tail: [[Float]]
    /// Lags of Bartlett's factor, h = 1…max(1, T/5).
    let bartlettLags: Int
    /// Column-major `bartlettLags` × n: √(2(1 − h/T))·ρ_i(h), so that a dot product of two columns
    /// is Bartlett's factor minus 1.
    let autocorrelation: UnsafeMutableBufferPointer<Float>

    init(_ columns: [[Double]], lags: Int) {
        let length = columns.first?.count ?? 0
        let n = columns.count
        let bartlettLags = max(1, length / 5)
        self.length = length
        self.lags = lags
        self.bartlettLags = bartlettLags
        matrix = .allocate(capacity: length * n)
        autocorrelation = .allocate(capacity: bartlettLags * n)
        // Each column's part on every core (a serial 0.05 s of an xl run before its scan could
        // start): every column writes its own places only.
        let norms = UnsafeMutableBufferPointer<Float>.allocate(capacity: 2 * (lags + 1) * n)
        defer { norms.deallocate() }
        let (matrix, autocorrelation) = (Shared(matrix), Shared(autocorrelation))
        let shared = Shared(norms)
        DispatchQueue.concurrentPerform(iterations: n) { index in
            func inverseRoot(_ value: Double) -> Float { value > 1e-300 ? Float(1 / value.squareRoot()) : 0 }
            let column = columns[index]
            for day in 0..<length { matrix.base[index * length + day] = Float(column[day]) }
            let energy = column.reduce(0) { $0 + $1 * $1 }
            var dropLast = 0.0
            var dropFirst = 0.0
            for k in 0...lags {
                if k > 0 {
                    dropLast += column[length - k] * column[length - k]
                    dropFirst += column[k - 1] * column[k - 1]
                }
                shared.base[k * n + index] = inverseRoot(energy - dropLast)  // head
                shared.base[(lags + 1 + k) * n + index] = inverseRoot(energy - dropFirst)  // tail
            }
            for (offset, rho) in Correlation.autocorrelations(column, lags: bartlettLags).enumerated() {
                let weight = (2 * (1 - Double(offset + 1) / Double(length))).squareRoot()
                autocorrelation.base[index * bartlettLags + offset] = Float(weight * rho)
            }
        }
        head = (0...lags).map { k in Array(norms[(k * n)..<((k + 1) * n)]) }
        tail = (0...lags).map { k in Array(norms[((lags + 1 + k) * n)..<((lags + 2 + k) * n)]) }
    }

    deinit {
        for buffer in [matrix, autocorrelation] { buffer.deallocate() }
    }

    /// The tile's best |r| over every lag and its lag (lag 0, then +1, −1, +2, −2, …: a strictly
    /// larger |r| replaces, so ties keep the smaller |lag| and then the positive one), and its
    /// Bartlett factors minus 1.
    func compute(_ tile: Tile, into buffers: TileBuffers) {
        let x = matrix.baseAddress!
        for shift in 0...lags {
            for sign in shift == 0 ? [1] : [1, -1] {
                // sign +1: Σ x_i[t]·x_j[t+k] over t < T − k; −1: Σ x_i[t+k]·x_j[t].
                cblas_sgemm(
                    CblasColMajor, CblasTrans, CblasNoTrans, Int32(tile.rows), Int32(tile.columns),
                    Int32(length - shift), 1, x + tile.rowStart * length + (sign > 0 ? 0 : shift), Int32(length),
                    x + tile.columnStart * length + (sign > 0 ? shift : 0), Int32(length), 0,
                    buffers.products.baseAddress!, Int32(tile.rows))
                fold(tile, lag: sign * shift, buffers)
            }
        }
        let rho = autocorrelation.baseAddress!
        cblas_sgemm(
            CblasColMajor, CblasTrans, CblasNoTrans, Int32(tile.rows), Int32(tile.columns), Int32(bartlettLags), 1,
            rho + tile.rowStart * bartlettLags, Int32(bartlettLags), rho + tile.columnStart * bartlettLags,
            Int32(bartlettLags), 0, buffers.factors.baseAddress!, Int32(tile.rows))
    }

    /// |x| of each lane, its sign bit cleared (the same value as a comparison-and-select gives,
    /// NaN and −0 included as far as the `>` that follows can tell).
    @inline(__always)
    static func magnitude(_ x: SIMD16<Float>) -> SIMD16<Float> {
        let bits = unsafeBitCast(x, to: SIMD16<UInt32>.self) & SIMD16(repeating: 0x7fff_ffff)
        return unsafeBitCast(bits, to: SIMD16<Float>.self)
    }

    /// Folds one lag's products into the best |r| so far and its lag. For lag k > 0 the rows'
    /// first T − k periods meet the columns' last; for k < 0 the other way round.
    private func fold(_ tile: Tile, lag: Int, _ buffers: TileBuffers) {
        let (products, best, bestLag) = (buffers.products, buffers.best, buffers.bestLag)
        let k = abs(lag)
        let rowScale = lag >= 0 ? head[k] : tail[k]
        let columnScale = lag >= 0 ? tail[k] : head[k]
        let lagValue = Float(lag)
        let width = SIMD16<Float>.scalarCount
        rowScale.withUnsafeBufferPointer { rowScales in
            let rows = rowScales.baseAddress! + tile.rowStart
            let vectorRows = tile.rows - tile.rows % width
            for column in 0..<tile.columns {
                let scale = columnScale[tile.columnStart + column]
                let product = products.baseAddress! + column * tile.rows
                let strongest = best.baseAddress! + column * tile.rows
                let lagged = bestLag.baseAddress! + column * tile.rows
                if lag == 0 {
                    // The first lag sets the tile's values: nothing to compare with yet.
                    for row in stride(from: 0, to: vectorRows, by: width) {
                        let r =
                            UnsafeRawPointer(product + row).loadUnaligned(as: SIMD16<Float>.self)
                            * UnsafeRawPointer(rows + row).loadUnaligned(as: SIMD16<Float>.self) * scale
                        UnsafeMutableRawPointer(strongest + row).storeBytes(
                            of: Self.magnitude(r), as: SIMD16<Float>.self)
                        UnsafeMutableRawPointer(lagged + row).storeBytes(of: .zero, as: SIMD16<Float>.self)
                    }
                    for row in vectorRows..<tile.rows {
                        strongest[row] = abs(product[row] * rows[row] * scale)
                        lagged[row] = 0
                    }
                    continue
                }
                // Sixteen pairs at a time (the compiler does not vectorise the selects by itself).
                for row in stride(from: 0, to: vectorRows, by: width) {
                    let r =
                        UnsafeRawPointer(product + row).loadUnaligned(as: SIMD16<Float>.self)
                        * UnsafeRawPointer(rows + row).loadUnaligned(as: SIMD16<Float>.self) * scale
                    var current = UnsafeRawPointer(strongest + row).loadUnaligned(as: SIMD16<Float>.self)
                    var currentLag = UnsafeRawPointer(lagged + row).loadUnaligned(as: SIMD16<Float>.self)
                    // |r| by clearing the sign bit: one instruction, where a select takes three.
                    let magnitude = Self.magnitude(r)
                    let better = magnitude .> current
                    current.replace(with: magnitude, where: better)
                    currentLag.replace(with: lagValue, where: better)
                    UnsafeMutableRawPointer(strongest + row).storeBytes(of: current, as: SIMD16<Float>.self)
                    UnsafeMutableRawPointer(lagged + row).storeBytes(of: currentLag, as: SIMD16<Float>.self)
                }
                for row in vectorRows..<tile.rows {
                    let magnitude = abs(product[row] * rows[row] * scale)
                    if magnitude > strongest[row] {
                        strongest[row] = magnitude
                        lagged[row] = lagValue
                    }
                }
            }
        }
    }
}

/// A buffer written at disjoint places by several threads at once.
private struct Shared: @unchecked Sendable {
    let base: UnsafeMutableBufferPointer<Float>
    init(_ base: UnsafeMutableBufferPointer<Float>) { self.base = base }
}

/// The kept pairs of a scan, offered to by one task at a time (the batches' offering task, then
/// the thread that waits for the last batch): never two at once, so no lock.
private final class Heap: @unchecked Sendable {
    var pairs: StrongestPairs
    init(_ pairs: StrongestPairs) { self.pairs = pairs }
}

/// One tile's buffers (column-major, `rows` rows): one lag's products, the best |r| so far and its
/// lag, and Bartlett's factors minus 1. Each is written by one thread at a time.
private final class TileBuffers: @unchecked Sendable {
    let products: UnsafeMutableBufferPointer<Float>
    let best: UnsafeMutableBufferPointer<Float>
    let bestLag: UnsafeMutableBufferPointer<Float>
    let factors: UnsafeMutableBufferPointer<Float>

    init(rows: Int, columns: Int) {
        products = .allocate(capacity: rows * columns)
        best = .allocate(capacity: rows * columns)
        bestLag = .allocate(capacity: rows * columns)
        factors = .allocate(capacity: rows * columns)
        for buffer in [products, best, bestLag, factors] { buffer.initialize(repeating: 0) }
    }

    deinit {
        for buffer in [products, best, bestLag, factors] { buffer.deallocate() }
    }
}
