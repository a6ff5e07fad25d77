import ArgumentParser
import Foundation
import KumoCore
import KumoData

struct DataQuality: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "quality", abstract: "Check a series: OHLC consistency, duplicates, order, gaps, outliers, halts, splits.")

    @OptionGroup var source: BarSourceArguments

    @Option(help: "A close-to-close move beyond this percentage is reported.")
    var outlier = 30.0

    @Option(help: "A holiday file (YYYY-MM-DD per line) added to the calendar; default $KUMO_HOME/holidays.txt when it exists.")
    var holidays: String?

    @Option(help: "The trading calendar: krx (weekdays less KRX's closures, complete for 2010–2026) or weekdays.")
    var calendar = "krx"

    @Option(help: "Outside the years the calendar knows every holiday of, report runs of at least this many missing trading days.")
    var minGap = 5

    func run() throws {
        let (bars, _, title, _, offset) = try source.load(lenient: true)
        guard let base = ["krx": KRXHolidays.calendar, "weekdays": WeekdayCalendar()][self.calendar] else {
            throw ValidationError("--calendar '\(self.calendar)' is not krx or weekdays")
        }
        let calendar: WeekdayCalendar
        do throws(BarImportError) {
            let added = if let holidays { try HolidayFile.calendar(from: URL(fileURLWithPath: holidays)) } else { try HolidayFile.defaultCalendar() }
            calendar = base.adding(added)
        } catch {
            throw ValidationError(error.description)
        }
        let report = DataQualityReport(
            bars: bars, timeframe: try DataArguments.timeframe(source.timeframe), calendar: calendar, utcOffsetSeconds: offset,
            outlierPercent: outlier, minimumGap: minGap)
        for line in report.lines(utcOffsetSeconds: offset) { print(line) }
        let errors = report.findings.filter { $0.severity == .error }.count
        print("\(title): \(bars.count) bars, \(errors) error\(errors == 1 ? "" : "s"), \(report.findings.count - errors) warning\(report.findings.count - errors == 1 ? "" : "s")")
        if errors > 0 { throw ExitCode(1) }
    }
}
