/// A date of the proleptic Gregorian calendar, counted as days since 1970-01-01, with no time
/// zone: the local date a wall clock shows. Integer arithmetic only (Howard Hinnant's
/// `days_from_civil` and `civil_from_days`), so matching cron days asks no `Calendar`.
struct CivilDate: Hashable, Sendable {
    var year: Int
    var month: Int
    var day: Int

    init(year: Int, month: Int, day: Int) {
        self.year = year
        self.month = month
        self.day = day
    }

    init(daysSinceEpoch days: Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let shiftedMonth = (5 * dayOfYear + 2) / 153
        day = dayOfYear - (153 * shiftedMonth + 2) / 5 + 1
        month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9
        year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
    }

    var daysSinceEpoch: Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// 0 = Sunday … 6 = Saturday (1970-01-01 was a Thursday).
    var weekday: Int { (daysSinceEpoch + 4).modulo(7) }

    /// The length of `month` (1-12) in `year`; `year` nil means the longest the month ever is.
    static func days(inMonth month: Int, year: Int?) -> Int {
        switch month {
        case 2: year.map { ($0 % 4 == 0 && $0 % 100 != 0) || $0 % 400 == 0 ? 29 : 28 } ?? 29
        case 4, 6, 9, 11: 30
        default: 31
        }
    }
}

extension Int {
    /// The remainder with the sign of the divisor: `(-1).modulo(7) == 6`.
    func modulo(_ divisor: Int) -> Int {
        let remainder = self % divisor
        return remainder < 0 ? remainder + divisor : remainder
    }

    /// The quotient rounded toward minus infinity: `(-1).floorDivided(by: 86_400) == -1`.
    func floorDivided(by divisor: Int) -> Int {
        (self - modulo(divisor)) / divisor
    }
}
