import Scheduling
import Testing

@Suite struct CronExpressionTests {
    @Test func fields_areReadInOrder_minuteHourDayOfMonthMonthDayOfWeek() throws {
        let cron = try CronExpression("5 14 21 8 3")
        #expect(cron.minutes == [5])
        #expect(cron.hours == [14])
        #expect(cron.daysOfMonth == [21])
        #expect(cron.months == [8])
        #expect(cron.daysOfWeek == [3])
        #expect(cron.text == "5 14 21 8 3")
    }

    @Test func wildcards_coverEachFieldsWholeRange() throws {
        let cron = try CronExpression("* * * * *")
        #expect(cron.minutes == Array(0...59))
        #expect(cron.hours == Array(0...23))
        #expect(cron.daysOfMonth == Array(1...31))
        #expect(cron.months == Array(1...12))
        #expect(cron.daysOfWeek == Array(0...6))
        #expect(cron.hasWildcardTime)
    }

    static let minuteFields: [(text: String, minutes: [Int])] = [
        ("*/15", [0, 15, 30, 45]),
        ("1-5/2", [1, 3, 5]),
        ("10-20", Array(10...20)),
        ("0,30", [0, 30]),
        ("30,0,30", [0, 30]),
        ("1-3,50-59/5,7", [1, 2, 3, 7, 50, 55]),
        ("10/20", [10, 30, 50]),
        ("*/59", [0, 59]),
        ("*/60", [0]),
        ("59", [59]),
        ("00", [0]),
    ]

    @Test(arguments: minuteFields)
    func minuteField_listsRangesAndSteps(text: String, minutes: [Int]) throws {
        #expect(try CronExpression("\(text) 0 * * *").minutes == minutes)
    }

    static let names: [(text: String, months: [Int], daysOfWeek: [Int])] = [
        ("* * * jan mon", [1], [1]),
        ("* * * JAN-Mar Mon-FRI", [1, 2, 3], [1, 2, 3, 4, 5]),
        ("* * * dec,jun sun,sat", [6, 12], [0, 6]),
        ("* * * jan-dec/3 mon-fri/2", [1, 4, 7, 10], [1, 3, 5]),
        ("* * * 2,mar fri", [2, 3], [5]),
    ]

    @Test(arguments: names)
    func monthAndWeekdayNames_areCaseInsensitive_andMixWithNumbers(
        text: String, months: [Int], daysOfWeek: [Int]
    ) throws {
        let cron = try CronExpression(text)
        #expect(cron.months == months)
        #expect(cron.daysOfWeek == daysOfWeek)
    }

    /// 0 and 7 are both Sunday; Monday is 1 (not 0, as in APScheduler 3), Friday is 5.
    static let weekdays: [(text: String, daysOfWeek: [Int])] = [
        ("0", [0]), ("7", [0]), ("0,7", [0]), ("1", [1]), ("5", [5]), ("6", [6]),
        ("5-7", [0, 5, 6]), ("0-7", Array(0...6)), ("*/2", [0, 2, 4, 6]), ("sun", [0]), ("fri", [5]),
    ]

    @Test(arguments: weekdays)
    func dayOfWeek_countsFromSunday_and7IsSundayToo(text: String, daysOfWeek: [Int]) throws {
        #expect(try CronExpression("0 0 * * \(text)").daysOfWeek == daysOfWeek)
    }

    @Test func sevenAndZero_areTheSameExpression() throws {
        #expect(try CronExpression("0 0 * * 7") == CronExpression("0 0 * * 0"))
        #expect(try CronExpression("0 0 * * 7") == CronExpression("0 0 * * sun"))
        #expect(try CronExpression("0 16 * * 5") == CronExpression("0 16 * * fri"))
        #expect(try CronExpression("0 16 * * 5") != CronExpression("0 16 * * 6"))
    }

    static let macros: [(macro: String, expansion: String)] = [
        ("@yearly", "0 0 1 1 *"), ("@annually", "0 0 1 1 *"), ("@monthly", "0 0 1 * *"),
        ("@weekly", "0 0 * * 0"), ("@daily", "0 0 * * *"), ("@midnight", "0 0 * * *"),
        ("@hourly", "0 * * * *"), ("@DAILY", "0 0 * * *"), ("  @weekly\n", "0 0 * * 0"),
    ]

    @Test(arguments: macros)
    func macros_expandToTheirFiveFields(macro: String, expansion: String) throws {
        let cron = try CronExpression(macro)
        #expect(cron == (try CronExpression(expansion)))
        #expect(cron.hasWildcardTime == (macro == "@hourly"))
    }

    @Test func defaults_areNineDailyAndFridayFourPM() {
        #expect(CronExpression.dailyDefault.text == "0 9 * * *")
        #expect(CronExpression.weeklyDefault.text == "0 16 * * 5")
        #expect(CronExpression.weeklyDefault.daysOfWeek == [5])
    }

    static let dayMatching: [(text: String, matching: CronExpression.DayMatching)] = [
        ("0 9 * * *", .both), ("0 9 1 * *", .both), ("0 9 * * mon", .both), ("0 9 1 * mon", .either),
        ("0 9 1-31 * mon", .either), ("0 9 */2 * mon", .both), ("0 9 1 * */2", .both),
    ]

    @Test(arguments: dayMatching)
    func dayFields_combineWithOr_onlyWhenNeitherStartsWithAStar(
        text: String, matching: CronExpression.DayMatching
    ) throws {
        #expect(try CronExpression(text).dayMatching == matching)
    }

    /// 2026-06-01 is a Monday, 2026-06-08 the next; 2026-06-15 a Monday with an odd date.
    @Test func vixieDayRule_eitherDayFieldMatches_whenBothAreRestricted() throws {
        let firstOrMonday = try CronExpression("0 9 1 * mon")
        #expect(firstOrMonday.matchesDay(year: 2026, month: 7, day: 1))  // a Wednesday, the 1st
        #expect(firstOrMonday.matchesDay(year: 2026, month: 6, day: 8))  // a Monday, the 8th
        #expect(!firstOrMonday.matchesDay(year: 2026, month: 6, day: 9))
        let oddMonday = try CronExpression("0 9 */2 * mon")
        #expect(oddMonday.matchesDay(year: 2026, month: 6, day: 15))
        #expect(!oddMonday.matchesDay(year: 2026, month: 6, day: 8))  // Monday, but even
        #expect(!oddMonday.matchesDay(year: 2026, month: 6, day: 3))  // odd, but Wednesday
    }

    @Test func hasWildcardTime_whenTheMinuteOrHourFieldStartsWithAStar() throws {
        #expect(try CronExpression("30 * * * *").hasWildcardTime)
        #expect(try CronExpression("*/15 9 * * *").hasWildcardTime)
        #expect(try CronExpression("0 */2 * * *").hasWildcardTime)
        #expect(try !CronExpression("30 2 * * *").hasWildcardTime)
        #expect(try !CronExpression("0 0-23/2 * * *").hasWildcardTime)
        #expect(try !CronExpression("0,30 9 * * *").hasWildcardTime)
    }

    @Test func spacesAndTabs_separateFields() throws {
        #expect(try CronExpression("  0\t9   * *  5 ") == CronExpression("0 9 * * 5"))
        #expect(try CronExpression("  0\t9   * *  5 ").text == "0\t9   * *  5")
    }

    static let errors: [(text: String, field: CronField?, message: String)] = [
        ("0 25 * * *", .hour, #"cron "0 25 * * *": hour 25 is out of range 0-23"#),
        ("60 9 * * *", .minute, #"cron "60 9 * * *": minute 60 is out of range 0-59"#),
        ("0 9 0 * *", .dayOfMonth, #"cron "0 9 0 * *": day-of-month 0 is out of range 1-31"#),
        ("0 9 32 * *", .dayOfMonth, #"cron "0 9 32 * *": day-of-month 32 is out of range 1-31"#),
        ("0 9 * 13 *", .month, #"cron "0 9 * 13 *": month 13 is out of range 1-12"#),
        ("0 9 * 0 *", .month, #"cron "0 9 * 0 *": month 0 is out of range 1-12"#),
        (
            "0 9 * * 8", .dayOfWeek,
            #"cron "0 9 * * 8": day-of-week 8 is out of range 0-7 (0 and 7 are Sunday)"#
        ),
        ("0 9 * * fry", .dayOfWeek, #"cron "0 9 * * fry": day-of-week "fry" is not a number or a name (sun-sat)"#),
        ("0 9 * june *", .month, #"cron "0 9 * june *": month "june" is not a number or a name (jan-dec)"#),
        ("mon 9 * * *", .minute, #"cron "mon 9 * * *": minute "mon" is not a number"#),
        ("0 -1 * * *", .hour, #"cron "0 -1 * * *": hour "-1" is neither a value nor a range"#),
        (
            "0 9-5 * * *", .hour,
            #"cron "0 9-5 * * *": hour range 9-5 runs backwards; write the smaller end first or list the values"#
        ),
        (
            "0 9 * * fri-mon", .dayOfWeek,
            #"cron "0 9 * * fri-mon": day-of-week range fri-mon runs backwards; write the smaller end first or list the values"#
        ),
        ("*/0 9 * * *", .minute, #"cron "*/0 9 * * *": minute step 0 must be at least 1"#),
        ("*/x 9 * * *", .minute, #"cron "*/x 9 * * *": minute step "x" is not a number"#),
        ("*/+5 9 * * *", .minute, #"cron "*/+5 9 * * *": minute step "+5" is not a number"#),
        ("0 9 1,,2 * *", .dayOfMonth, #"cron "0 9 1,,2 * *": day-of-month "1,,2" has an empty list item"#),
        ("0 9 1- * *", .dayOfMonth, #"cron "0 9 1- * *": day-of-month "1-" is neither a value nor a range"#),
        ("0 9 */2/2 * *", .dayOfMonth, #"cron "0 9 */2/2 * *": day-of-month step "2/2" is not a number"#),
        (
            "0 9 * *", nil,
            #"cron "0 9 * *": expected 5 fields (minute hour day-of-month month day-of-week) or a macro such as @daily, found 4 fields"#
        ),
        (
            "0 0 9 * * *", nil,
            #"cron "0 0 9 * * *": expected 5 fields (minute hour day-of-month month day-of-week) or a macro such as @daily, found 6 fields (there is no seconds or year field)"#
        ),
        (
            "", nil,
            #"cron "": expected 5 fields (minute hour day-of-month month day-of-week) or a macro such as @daily, found nothing"#
        ),
        (
            "@fortnightly", nil,
            #"cron "@fortnightly": unknown macro; use @yearly, @annually, @monthly, @weekly, @daily, @midnight or @hourly"#
        ),
        ("@reboot", nil, #"cron "@reboot": @reboot is not a time of day; dashbrief schedules only times"#),
        (
            "0 0 30 2 *", .dayOfMonth,
            #"cron "0 0 30 2 *": day-of-month 30 never occurs in month 2, so the schedule would never fire"#
        ),
        (
            "0 0 31 4,6 *", .dayOfMonth,
            #"cron "0 0 31 4,6 *": day-of-month 31 never occurs in month 4,6, so the schedule would never fire"#
        ),
    ]

    @Test(arguments: errors)
    func errors_nameTheFieldAndTheValue(text: String, field: CronField?, message: String) {
        #expect {
            try CronExpression(text)
        } throws: { error in
            guard let error = error as? SchedulingError else { return false }
            return error.code == .invalidCron && error.field == field && error.message == message
        }
    }

    /// Not errors: a day that exists only in some years, or only with the day-of-week alternative.
    @Test(arguments: ["0 0 29 2 *", "0 0 31 2,3 *", "0 0 30 2 mon", "0 0 29 2 */7"])
    func daysThatExistSometimes_parse(text: String) throws {
        _ = try CronExpression(text)
    }
}
