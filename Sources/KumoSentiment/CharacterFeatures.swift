/// A headline as the text model reads it: one row per character (the first `length`, zero rows
/// after the end), each a multi-hot of the Hangul syllable's initial, medial and final jamo (so
/// syllables sharing sounds share features), a hashed bucket of the syllable itself, and classes
/// for digits, Latin letters, spaces, `%` and other punctuation.
public enum CharacterFeatures {
    public static let length = 64
    static let initials = 19, medials = 21, finals = 28, buckets = 61
    static let jamo = initials + medials + finals
    /// Digit, Latin, space, %, other punctuation, anything else.
    static let classes = 6
    public static let width = jamo + buckets + classes

    /// The `length` × `width` rows of `text`, flattened.
    public static func encode(_ text: String) -> [Float] {
        var rows = [Float](repeating: 0, count: length * width)
        for (position, scalar) in text.unicodeScalars.prefix(length).enumerated() {
            let base = position * width
            let value = Int(scalar.value)
            if (0xAC00...0xD7A3).contains(value) {
                let index = value - 0xAC00
                rows[base + index / 588] = 1
                rows[base + initials + (index % 588) / 28] = 1
                rows[base + initials + medials + index % 28] = 1
                rows[base + jamo + index % buckets] = 1
            } else {
                let kind: Int
                switch scalar {
                case "0"..."9": kind = 0
                case "a"..."z", "A"..."Z": kind = 1
                case " ": kind = 2
                case "%": kind = 3
                case ",", ".", "…", "·", "-", "(", ")", "'", "\"", "‘", "’", "“", "”", "/", "&": kind = 4
                default: kind = 5
                }
                rows[base + jamo + buckets + kind] = 1
            }
        }
        return rows
    }
}
