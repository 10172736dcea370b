import PostHog

/// A series somewhere in a report: where it lives, what people call it, and what identifies it.
public struct SeriesReference: Sendable, Equatable, Encodable {
    public var dashboard: String
    public var insight: String
    public var insightID: Int
    public var series: String
    public var seriesKey: SeriesKey

    public init(dashboard: String, insight: String, insightID: Int, series: String, seriesKey: SeriesKey) {
        self.dashboard = dashboard
        self.insight = insight
        self.insightID = insightID
        self.series = series
        self.seriesKey = seriesKey
    }

    enum CodingKeys: String, CodingKey {
        case dashboard, insight, series
        case insightID = "insight_id"
        case seriesKey = "series_key"
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(dashboard, forKey: .dashboard)
        try container.encode(insight, forKey: .insight)
        try container.encode(insightID, forKey: .insightID)
        try container.encode(series, forKey: .series)
        try container.encode(seriesKey.description, forKey: .seriesKey)
    }

    /// Orders references by insight id, then series key: the canonical order of pairs and groups.
    static func canonicallyBefore(_ a: SeriesReference, _ b: SeriesReference) -> Bool {
        (a.insightID, a.seriesKey.description) < (b.insightID, b.seriesKey.description)
    }
}

/// What a finding is, with the figures behind it, typed. Renderers and the narrative read these
/// fields; the JSON contract's flat `details` object is generated from them (`flatDetails`).
public enum FindingDetail: Sendable, Equatable {
    /// One period far from its seasonal expectation (robust STL + S-H-ESD): a spike or a dip.
    case outlier(Outlier)
    /// The series moved to a new level from the finding's date on (PELT on the deseasonalised series).
    case levelShift(Outlier)
    /// The threshold method: a period (or the mean of `windowDays` days) against an earlier one.
    case periodChange(PeriodChange)
    case trend(Trend)
    /// A breakdown value's share of the total moved.
    case mixShift(MixShift)
    /// One breakdown value converts differently at a funnel step than the others.
    case funnelStepGap(FunnelStepGap)
    /// A funnel's overall conversion against its preceding window.
    case funnelChange(FunnelChange)
    /// The newest cohorts retain differently from the earlier ones at the same age.
    case retentionGap(RetentionGap)
    /// Lifecycle growth accounting and the quick ratio.
    case growthAccounting(GrowthAccounting)
    /// Two series of different insights that move together.
    case correlationPair(CorrelationPair)
    /// Three or more series of at least two insights that move together.
    case coMovingGroup(CoMovingGroup)

    public struct Outlier: Sendable, Equatable {
        /// Robust z of the deviation (or of the step).
        public var score: Double
        /// The expected range.
        public var lower: Double
        public var upper: Double
        /// +1 above expectation, −1 below.
        public var direction: Int
        /// For the total of a breakdown: what each value added to its change, largest first.
        public var contributions: [Contribution]

        public init(score: Double, lower: Double, upper: Double, direction: Int, contributions: [Contribution] = []) {
            self.score = score
            self.lower = lower
            self.upper = upper
            self.direction = direction
            self.contributions = contributions
        }
    }

    public struct PeriodChange: Sendable, Equatable {
        /// Days averaged on each side (weekly reports: 7); nil when single periods are compared.
        public var windowDays: Int?
        /// For the total of a breakdown: what each value added to its change, largest first.
        public var contributions: [Contribution]

        public init(windowDays: Int? = nil, contributions: [Contribution] = []) {
            self.windowDays = windowDays
            self.contributions = contributions
        }
    }

    /// One breakdown value's part in the change of its total (or, last, the values not listed,
    /// summed). A total's contributions add up to its change (value − expected), so their
    /// shares add up to 1; see `BreakdownTotal` for how each is measured.
    public struct Contribution: Sendable, Equatable, Encodable {
        /// The value's series name; for the values not listed, "N other values".
        public var series: String
        /// The value's series key; nil for the values not listed.
        public var seriesKey: SeriesKey?
        /// How many breakdown values it sums: 1, or how many are not listed.
        public var values: Int
        /// Its part of the total's change, in the finding's unit (signed).
        public var change: Double
        /// change ÷ the total's change: negative for a value that moved against the total.
        public var share: Double

        public init(series: String, seriesKey: SeriesKey?, values: Int = 1, change: Double, share: Double) {
            self.series = series
            self.seriesKey = seriesKey
            self.values = values
            self.change = change
            self.share = share
        }

        enum CodingKeys: String, CodingKey {
            case series, values, change, share
            case seriesKey = "series_key"
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(series, forKey: .series)
            try container.encode(seriesKey?.description, forKey: .seriesKey)
            try container.encode(values, forKey: .values)
            try container.encode(change, forKey: .change)
            try container.encode(share, forKey: .share)
        }
    }

    public struct Trend: Sendable, Equatable {
        /// Growth (or decline) per week as a fraction of the level.
        public var growthPerWeek: Double
        public var periods: Int
        /// Statistical method: Mann–Kendall p-value and tau.
        public var pValue: Double?
        public var mannKendallTau: Double?
        /// Threshold method: least-squares slope per period and R².
        public var slopePerPeriod: Double?
        public var rSquared: Double?

        public init(
            growthPerWeek: Double, periods: Int, pValue: Double? = nil, mannKendallTau: Double? = nil,
            slopePerPeriod: Double? = nil, rSquared: Double? = nil
        ) {
            self.growthPerWeek = growthPerWeek
            self.periods = periods
            self.pValue = pValue
            self.mannKendallTau = mannKendallTau
            self.slopePerPeriod = slopePerPeriod
            self.rSquared = rSquared
        }
    }

    public struct MixShift: Sendable, Equatable {
        /// Benjamini–Hochberg-adjusted p-value of this value's share.
        public var pValue: Double
        /// Chi-square test of the whole breakdown table.
        public var chiSquarePValue: Double

        public init(pValue: Double, chiSquarePValue: Double) {
            self.pValue = pValue
            self.chiSquarePValue = chiSquarePValue
        }
    }

    public struct FunnelStepGap: Sendable, Equatable {
        /// The step converted to, 1-based from the first step (0).
        public var step: Int
        public var fromStep: String
        public var toStep: String
        /// Statistical method: two-proportion z-test.
        public var pValue: Double?
        public var z: Double?
        /// Threshold method: people who entered the step and converted.
        public var entered: Double?
        public var converted: Double?

        public init(
            step: Int, fromStep: String, toStep: String, pValue: Double? = nil, z: Double? = nil,
            entered: Double? = nil, converted: Double? = nil
        ) {
            self.step = step
            self.fromStep = fromStep
            self.toStep = toStep
            self.pValue = pValue
            self.z = z
            self.entered = entered
            self.converted = converted
        }
    }

    public struct FunnelChange: Sendable, Equatable {
        public var pValue: Double
        /// 99% confidence interval of the difference, in percentage points.
        public var confidenceLow: Double
        public var confidenceHigh: Double
        /// The step whose conversion change explains most of the overall change, and its share.
        public var explainingStep: Int?
        public var explainingFrom: String?
        public var explainingTo: String?
        public var explainingShare: Double?
        /// A broken-down funnel pooled over its values: the change split into mix and rate.
        public var split: MixRateSplit?
        /// A broken-down funnel pooled over its values: the value and step carrying most of it.
        public var explainingSegment: SegmentStep?

        public init(
            pValue: Double, confidenceLow: Double, confidenceHigh: Double, explainingStep: Int? = nil,
            explainingFrom: String? = nil, explainingTo: String? = nil, explainingShare: Double? = nil,
            split: MixRateSplit? = nil, explainingSegment: SegmentStep? = nil
        ) {
            self.pValue = pValue
            self.confidenceLow = confidenceLow
            self.confidenceHigh = confidenceHigh
            self.explainingStep = explainingStep
            self.explainingFrom = explainingFrom
            self.explainingTo = explainingTo
            self.explainingShare = explainingShare
            self.split = split
            self.explainingSegment = explainingSegment
        }
    }

    /// The change of an overall conversion, in percentage points, split into the part due to the
    /// breakdown values' shares of entrants moving (mix) and the part due to the values converting
    /// differently (rate): `RateDecomposition.mixRate`, midpoint variant. mix + rate = the change.
    public struct MixRateSplit: Sendable, Equatable {
        public var mix: Double
        public var rate: Double
        /// The value whose share moved the overall rate most the mix's way, and the change of its
        /// share of entrants in points (positive: the mix moved to it).
        public var mixValue: String?
        public var mixValueShareChange: Double?

        public init(mix: Double, rate: Double, mixValue: String? = nil, mixValueShareChange: Double? = nil) {
            self.mix = mix
            self.rate = rate
            self.mixValue = mixValue
            self.mixValueShareChange = mixValueShareChange
        }
    }

    /// The breakdown value and funnel step whose conversion change carries the largest part of an
    /// overall change (of the change's sign), as its part in percentage points and its share.
    public struct SegmentStep: Sendable, Equatable, Encodable {
        /// The breakdown value's display form, and the key of its step (`step=3;b=Chrome`).
        public var segment: String
        public var seriesKey: SeriesKey
        /// The step converted to, 1-based from the first step (0).
        public var step: Int
        public var fromStep: String
        public var toStep: String
        /// Percentage points of the overall change, signed.
        public var change: Double
        /// change ÷ the overall change.
        public var share: Double

        public init(
            segment: String, seriesKey: SeriesKey, step: Int, fromStep: String, toStep: String, change: Double,
            share: Double
        ) {
            self.segment = segment
            self.seriesKey = seriesKey
            self.step = step
            self.fromStep = fromStep
            self.toStep = toStep
            self.change = change
            self.share = share
        }

        enum CodingKeys: String, CodingKey {
            case segment, step, change, share
            case seriesKey = "series_key"
            case fromStep = "from_step"
            case toStep = "to_step"
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(segment, forKey: .segment)
            try container.encode(seriesKey.description, forKey: .seriesKey)
            try container.encode(step, forKey: .step)
            try container.encode(fromStep, forKey: .fromStep)
            try container.encode(toStep, forKey: .toStep)
            try container.encode(change, forKey: .change)
            try container.encode(share, forKey: .share)
        }
    }

    public struct RetentionGap: Sendable, Equatable {
        public var age: Int
        public var recentCohorts: Int
        /// Statistical method: the z-test's p-value and the power-law decay of the curve.
        public var pValue: Double?
        public var decayExponent: Double?
        public var projectedAge: Double?
        public var projectedRetention: Double?

        public init(
            age: Int, recentCohorts: Int, pValue: Double? = nil, decayExponent: Double? = nil,
            projectedAge: Double? = nil, projectedRetention: Double? = nil
        ) {
            self.age = age
            self.recentCohorts = recentCohorts
            self.pValue = pValue
            self.decayExponent = decayExponent
            self.projectedAge = projectedAge
            self.projectedRetention = projectedRetention
        }
    }

    public struct GrowthAccounting: Sendable, Equatable {
        /// Window totals per status; `dormant` as a positive count.
        public var new: Double
        public var returning: Double
        public var resurrecting: Double
        public var dormant: Double
        public var quickRatioChangePerWeek: Double?

        public init(
            new: Double, returning: Double, resurrecting: Double, dormant: Double,
            quickRatioChangePerWeek: Double? = nil
        ) {
            self.new = new
            self.returning = returning
            self.resurrecting = resurrecting
            self.dormant = dormant
            self.quickRatioChangePerWeek = quickRatioChangePerWeek
        }
    }

    public struct CorrelationPair: Sendable, Equatable {
        /// The other series (the finding's own is its subject).
        public var partner: SeriesReference
        /// Best lag in days (largest |r| within ±7): positive when the partner follows the subject.
        public var lagDays: Int
        /// r at that lag (the finding's value), of the series without trend, weekday means,
        /// level shifts and outliers.
        public var rAtLag: Double
        /// p of r at that lag on `effectiveDays`, adjusted for having looked at 15 lags (Šidák).
        public var pValue: Double
        /// Benjamini–Hochberg adjusted p over every pair of the report's series that was tested.
        public var adjustedPValue: Double
        /// Days correlated: the days both series have at that lag.
        public var days: Int
        /// What those days are worth as independent observations, given how autocorrelated the
        /// two series are (Bartlett's formula); the p-value is computed on it.
        public var effectiveDays: Double?

        public init(
            partner: SeriesReference, lagDays: Int, rAtLag: Double, pValue: Double, adjustedPValue: Double, days: Int,
            effectiveDays: Double? = nil
        ) {
            self.partner = partner
            self.lagDays = lagDays
            self.rAtLag = rAtLag
            self.pValue = pValue
            self.adjustedPValue = adjustedPValue
            self.days = days
            self.effectiveDays = effectiveDays
        }
    }

    public struct CoMovingGroup: Sendable, Equatable {
        /// In canonical order (insight id, series key).
        public var members: [SeriesReference]

        public init(members: [SeriesReference]) {
            self.members = members.sorted(by: SeriesReference.canonicallyBefore)
        }
    }

    /// The JSON contract's `subkind`.
    public var subkind: String {
        switch self {
        case .outlier(let outlier): outlier.direction < 0 ? "dip" : "spike"
        case .levelShift: "level_shift"
        case .periodChange: "period_change"
        case .trend: "trend"
        case .mixShift: "mix_shift"
        case .funnelStepGap: "funnel_step_gap"
        case .funnelChange: "funnel_change"
        case .retentionGap: "retention_gap"
        case .growthAccounting: "growth_accounting"
        case .correlationPair: "correlation_pair"
        case .coMovingGroup: "co_moving_group"
        }
    }

    /// The figures as the JSON contract's flat `details` object (names as in earlier releases);
    /// nil when there are none.
    public var flatDetails: [String: Double]? {
        var details: [String: Double] = [:]
        switch self {
        case .outlier(let outlier), .levelShift(let outlier):
            details = [
                "score": outlier.score, "lower": outlier.lower, "upper": outlier.upper,
                "direction": Double(outlier.direction),
            ]
            if case .levelShift = self { details["level_shift"] = 1 }
            details.merge(Self.driverDetails(outlier.contributions)) { $1 }
        case .periodChange(let change):
            details["window_days"] = change.windowDays.map(Double.init)
            details.merge(Self.driverDetails(change.contributions)) { $1 }
        case .trend(let trend):
            details = ["growth_per_week": trend.growthPerWeek, "periods": Double(trend.periods)]
            details["p_value"] = trend.pValue
            details["mann_kendall_tau"] = trend.mannKendallTau
            details["slope_per_period"] = trend.slopePerPeriod
            details["r_squared"] = trend.rSquared
        case .mixShift(let shift):
            details = ["mix_shift": 1, "p_value": shift.pValue, "chi_square_p_value": shift.chiSquarePValue]
        case .funnelStepGap(let gap):
            details = ["step": Double(gap.step)]
            details["p_value"] = gap.pValue
            details["z"] = gap.z
            details["entered"] = gap.entered
            details["converted"] = gap.converted
        case .funnelChange(let change):
            details = ["p_value": change.pValue, "ci_low": change.confidenceLow, "ci_high": change.confidenceHigh]
            details["explaining_step"] = change.explainingStep.map(Double.init)
            details["explaining_share"] = change.explainingShare
            details["mix_effect"] = change.split?.mix
            details["rate_effect"] = change.split?.rate
            details["segment_step"] = change.explainingSegment.map { Double($0.step) }
            details["segment_step_change"] = change.explainingSegment?.change
            details["segment_step_share"] = change.explainingSegment?.share
        case .retentionGap(let gap):
            details = ["age": Double(gap.age), "recent_cohorts": Double(gap.recentCohorts)]
            details["p_value"] = gap.pValue
            details["decay_exponent"] = gap.decayExponent
            details["projected_age"] = gap.projectedAge
            details["projected_retention"] = gap.projectedRetention
        case .growthAccounting(let growth):
            details = [
                "new": growth.new, "returning": growth.returning, "resurrecting": growth.resurrecting,
                "dormant": growth.dormant,
            ]
            details["quick_ratio_change_per_week"] = growth.quickRatioChangePerWeek
        case .correlationPair(let pair):
            details = [
                "lag_days": Double(pair.lagDays), "r_at_lag": pair.rAtLag, "p_value": pair.pValue,
                "adjusted_p_value": pair.adjustedPValue, "other_insight_id": Double(pair.partner.insightID),
                "days": Double(pair.days),
            ]
            details["effective_days"] = pair.effectiveDays
        case .coMovingGroup(let group):
            details = ["group_size": Double(group.members.count)]
        }
        return details.isEmpty ? nil : details.mapValues(Rounding.significant)
    }

    /// The largest contribution of a total's change: `driver_change` and `driver_share`
    /// (`driver_values`: how many values the total has); nothing without contributions.
    private static func driverDetails(_ contributions: [Contribution]) -> [String: Double] {
        guard let driver = contributions.first(where: { $0.seriesKey != nil }) else { return [:] }
        return [
            "driver_change": driver.change, "driver_share": driver.share,
            "driver_values": Double(contributions.reduce(0) { $0 + $1.values }),
        ]
    }
}

extension FindingDetail {
    /// The same detail with every figure passed through `transform` (ids, steps, counts of
    /// periods and names unchanged). `Finding` rounds with it, so that outputs are byte-stable
    /// whichever BLAS computed them.
    func mapFigures(_ transform: (Double) -> Double) -> FindingDetail {
        func optional(_ value: Double?) -> Double? { value.map(transform) }
        switch self {
        case .outlier(var outlier), .levelShift(var outlier):
            outlier.score = transform(outlier.score)
            outlier.lower = transform(outlier.lower)
            outlier.upper = transform(outlier.upper)
            outlier.contributions = outlier.contributions.map { $0.mapFigures(transform) }
            if case .levelShift = self { return .levelShift(outlier) }
            return .outlier(outlier)
        case .periodChange(var change):
            change.contributions = change.contributions.map { $0.mapFigures(transform) }
            return .periodChange(change)
        case .trend(var trend):
            trend.growthPerWeek = transform(trend.growthPerWeek)
            trend.pValue = optional(trend.pValue)
            trend.mannKendallTau = optional(trend.mannKendallTau)
            trend.slopePerPeriod = optional(trend.slopePerPeriod)
            trend.rSquared = optional(trend.rSquared)
            return .trend(trend)
        case .mixShift(var shift):
            shift.pValue = transform(shift.pValue)
            shift.chiSquarePValue = transform(shift.chiSquarePValue)
            return .mixShift(shift)
        case .funnelStepGap(var gap):
            gap.pValue = optional(gap.pValue)
            gap.z = optional(gap.z)
            gap.entered = optional(gap.entered)
            gap.converted = optional(gap.converted)
            return .funnelStepGap(gap)
        case .funnelChange(var change):
            change.pValue = transform(change.pValue)
            change.confidenceLow = transform(change.confidenceLow)
            change.confidenceHigh = transform(change.confidenceHigh)
            change.explainingShare = optional(change.explainingShare)
            if var split = change.split {
                split.mix = transform(split.mix)
                split.rate = transform(split.rate)
                split.mixValueShareChange = optional(split.mixValueShareChange)
                change.split = split
            }
            if var segment = change.explainingSegment {
                segment.change = transform(segment.change)
                segment.share = transform(segment.share)
                change.explainingSegment = segment
            }
            return .funnelChange(change)
        case .retentionGap(var gap):
            gap.pValue = optional(gap.pValue)
            gap.decayExponent = optional(gap.decayExponent)
            gap.projectedAge = optional(gap.projectedAge)
            gap.projectedRetention = optional(gap.projectedRetention)
            return .retentionGap(gap)
        case .growthAccounting(var growth):
            growth.new = transform(growth.new)
            growth.returning = transform(growth.returning)
            growth.resurrecting = transform(growth.resurrecting)
            growth.dormant = transform(growth.dormant)
            growth.quickRatioChangePerWeek = optional(growth.quickRatioChangePerWeek)
            return .growthAccounting(growth)
        case .correlationPair(var pair):
            pair.rAtLag = transform(pair.rAtLag)
            pair.pValue = transform(pair.pValue)
            pair.adjustedPValue = transform(pair.adjustedPValue)
            pair.effectiveDays = optional(pair.effectiveDays)
            return .correlationPair(pair)
        case .coMovingGroup:
            return self
        }
    }
}

extension FindingDetail.Contribution {
    func mapFigures(_ transform: (Double) -> Double) -> Self {
        var copy = self
        copy.change = transform(change)
        copy.share = transform(share)
        return copy
    }
}

extension FindingDetail {
    /// What each breakdown value added to a total's change, largest first; empty for other findings.
    public var contributions: [Contribution] {
        switch self {
        case .outlier(let outlier), .levelShift(let outlier): outlier.contributions
        case .periodChange(let change): change.contributions
        default: []
        }
    }
}
