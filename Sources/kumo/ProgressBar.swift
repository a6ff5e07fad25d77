import Foundation

/// A progress bar on standard error, rewritten in place on a terminal and silent in a pipe, so
/// JSON or tables on standard output stay clean.
struct ProgressBar {
    let label: String
    let start = Date()
    let isTerminal = isatty(STDERR_FILENO) != 0

    func update(_ done: Int, of total: Int) { update(done, of: total, detail: nil) }

    /// Redraws the bar with `detail` (such as the loss) after the counts.
    func update(_ done: Int, of total: Int, detail: String?) {
        guard isTerminal, total > 0 else { return }
        let fraction = Double(done) / Double(total)
        let filled = Int(fraction * 30)
        let rate = Double(done) / max(Date().timeIntervalSince(start), 1e-6)
        let line = "\r\(label) [" + String(repeating: "#", count: filled) + String(repeating: ".", count: 30 - filled)
            + "] \(Int(fraction * 100))% \(done)/\(total) (\(Int(rate))/s)" + (detail.map { " " + $0 } ?? "") + (done >= total ? "\n" : "")
        FileHandle.standardError.write(Data(line.utf8))
    }
}
