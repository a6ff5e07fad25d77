public import Foundation

/// A line editor for the terminal: the line is edited in place (left/right, Home/End or
/// Ctrl-A/Ctrl-E, backspace, delete, Ctrl-U, Ctrl-K), up/down walk the history (kept in a file
/// between sessions), Ctrl-C drops the line, Ctrl-D on an empty line ends. Without a terminal it
/// reads plain lines.
public final class LineEditor {
    public private(set) var history: [String] = []
    let historyFile: URL?
    let isTerminal = isatty(STDIN_FILENO) != 0

    public init(historyFile: URL?) {
        self.historyFile = historyFile
        if let historyFile, let text = try? String(contentsOf: historyFile, encoding: .utf8) {
            history = text.split(separator: "\n").map(String.init)
        }
    }

    /// What reading a line ended with.
    public enum Input: Equatable {
        case line(String)
        case interrupt
        case end
    }

    public func read(prompt: String) -> Input {
        guard isTerminal else {
            FileHandle.standardOutput.write(Data(prompt.utf8))
            guard let line = readLine() else { return .end }
            return .line(line)
        }
        var original = termios()
        tcgetattr(STDIN_FILENO, &original)
        var raw = original
        raw.c_lflag &= ~tcflag_t(ECHO | ICANON | ISIG)
        raw.c_iflag &= ~tcflag_t(IXON | ICRNL)
        tcsetattr(STDIN_FILENO, TCSAFLUSH, &raw)
        defer { tcsetattr(STDIN_FILENO, TCSAFLUSH, &original) }
        var line: [Character] = []
        var cursor = 0
        var position = history.count  // one past the newest: the line being typed
        var draft: [Character] = []
        func redraw() {
            let tail = line.count - cursor
            let text = "\r" + prompt + String(line) + "\u{1B}[K" + (tail > 0 ? "\u{1B}[\(tail)D" : "")
            FileHandle.standardOutput.write(Data(text.utf8))
        }
        redraw()
        while true {
            guard let byte = readByte() else { return .end }
            switch byte {
            case 13, 10:
                FileHandle.standardOutput.write(Data("\r\n".utf8))
                let text = String(line)
                if !text.trimmingCharacters(in: .whitespaces).isEmpty, history.last != text { remember(text) }
                return .line(text)
            case 3:
                FileHandle.standardOutput.write(Data("^C\r\n".utf8))
                return .interrupt
            case 4:
                if line.isEmpty {
                    FileHandle.standardOutput.write(Data("\r\n".utf8))
                    return .end
                }
                if cursor < line.count { line.remove(at: cursor) }
            case 1: cursor = 0
            case 5: cursor = line.count
            case 21:
                line.removeSubrange(0..<cursor)
                cursor = 0
            case 11: line.removeSubrange(cursor..<line.count)
            case 127, 8:
                if cursor > 0 {
                    line.remove(at: cursor - 1)
                    cursor -= 1
                }
            case 27:
                guard readByte() == UInt8(ascii: "["), let code = readByte() else { break }
                switch code {
                case UInt8(ascii: "D"): cursor = max(0, cursor - 1)
                case UInt8(ascii: "C"): cursor = min(line.count, cursor + 1)
                case UInt8(ascii: "H"): cursor = 0
                case UInt8(ascii: "F"): cursor = line.count
                case UInt8(ascii: "A"), UInt8(ascii: "B"):
                    if position == history.count { draft = line }
                    position = code == UInt8(ascii: "A") ? max(0, position - 1) : min(history.count, position + 1)
                    line = position == history.count ? draft : Array(history[position])
                    cursor = line.count
                case UInt8(ascii: "3"):
                    _ = readByte()  // the '~' of Delete
                    if cursor < line.count { line.remove(at: cursor) }
                default: break
                }
            default:
                var bytes = [byte]
                // A UTF-8 sequence: its lead byte says how many follow.
                let extra = byte >= 0xF0 ? 3 : byte >= 0xE0 ? 2 : byte >= 0xC0 ? 1 : 0
                for _ in 0..<extra { if let next = readByte() { bytes.append(next) } }
                guard byte >= 32 else { break }
                for character in String(decoding: bytes, as: UTF8.self) {
                    line.insert(character, at: cursor)
                    cursor += 1
                }
            }
            redraw()
        }
    }

    private func readByte() -> UInt8? {
        var byte: UInt8 = 0
        return Glibc.read(STDIN_FILENO, &byte, 1) == 1 ? byte : nil
    }

    private func remember(_ line: String) {
        history.append(line)
        if history.count > 1000 { history.removeFirst(history.count - 1000) }
        guard let historyFile else { return }
        try? FileManager.default.createDirectory(at: historyFile.deletingLastPathComponent(), withIntermediateDirectories: true)
        try? (history.joined(separator: "\n") + "\n").write(to: historyFile, atomically: true, encoding: .utf8)
    }
}
