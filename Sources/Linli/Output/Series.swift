/// The observations of one replicate: for each written day and each output
/// row (every community, then `all`; or an `ObservationPlan`'s rows), one
/// value per column.
public struct ReplicateSeries: Sendable {
    public let replicate: Int
    public let days: Int
    /// Community names in scenario order, then "all".
    public let rowNames: [String]
    /// Observation column names (MODEL.md §5), e.g. `participation_rate`.
    public let columns: [String]
    /// values[(day * rowNames.count + row) * columns.count + column]
    public var values: ContiguousArray<Double>
    /// The simulated day of each stored day when not every day was written
    /// (`observe.every` > 1); nil: stored day i is day i.
    public var dayNumbers: [Int]?
    /// Days simulated (the horizon), whichever of them were written.
    public var simulatedDays: Int
    /// Seconds spent in the day loop (setup excluded) and residents simulated.
    public var loopSeconds: Double = 0
    public var residents: Int = 0

    /// The simulated day of stored day `i`.
    @inline(__always) public func dayNumber(_ i: Int) -> Int { dayNumbers?[i] ?? i }

    public init(replicate: Int, days: Int, rowNames: [String], columns: [String]) {
        self.replicate = replicate; self.days = days; self.rowNames = rowNames; self.columns = columns
        simulatedDays = days
        values = ContiguousArray(repeating: 0, count: days * rowNames.count * columns.count)
    }

    @inline(__always) public func index(day: Int, row: Int, column: Int) -> Int {
        (day * rowNames.count + row) * columns.count + column
    }
    public subscript(day: Int, row: Int, column: Int) -> Double {
        get { values[index(day: day, row: row, column: column)] }
        set { values[index(day: day, row: row, column: column)] = newValue }
    }
}
