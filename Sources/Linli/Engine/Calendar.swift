/// The model's calendar: day 0 is a Monday; months are 30 days and years 365,
/// which is all the levers (monthly red list, yearly terms) need.
public struct CalendarDay: Sendable {
    public let day: Int
    /// 0 = Monday … 6 = Sunday.
    public var weekday: Int { day % 7 }
    public var isWeekend: Bool { weekday >= 5 }
    /// True on the last day of each 30-day month.
    public var isMonthEnd: Bool { day % 30 == 29 }
    public var month: Int { day / 30 }
    public var dayOfYear: Int { day % 365 }

    public init(_ day: Int) { self.day = day }
}
