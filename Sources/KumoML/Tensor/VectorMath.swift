/// exp, sigmoid and tanh over runs of Float32, eight lanes at a time (Cephes' single-precision
/// exp polynomial, within 2 ulp of libm; tanh and sigmoid from it, ~1e-7 absolute), so the
/// recurrent and attention layers do not spend their time in scalar libm calls.
enum VectorMath {
    typealias Lanes = SIMD8<Float>

    @inline(__always) static func exp(_ value: Lanes) -> Lanes {
        var x = value
        x.replace(with: Lanes(repeating: -87.33654), where: x .< -87.33654)
        x.replace(with: Lanes(repeating: 88.37626), where: x .> 88.37626)
        // n = round(x / ln2) by the 1.5·2²³ trick: the sum's low mantissa bits hold n itself.
        let magic: Float = 12_582_912
        let shifted = x * 1.44269504088896341 + magic
        let n = shifted - magic
        let r = x - n * 0.693359375 + n * 2.12194440e-4
        let z = r * r
        var y = Lanes(repeating: 1.9875691500e-4)
        y = y * r + 1.3981999507e-3
        y = y * r + 8.3334519073e-3
        y = y * r + 4.1665795894e-2
        y = y * r + 1.6666665459e-1
        y = y * r + 5.0000001201e-1
        y = y * z + r + 1
        let integer = unsafeBitCast(shifted, to: SIMD8<Int32>.self) &- 0x4B40_0000
        let scale = unsafeBitCast((integer &+ 127) &<< 23, to: Lanes.self)
        return y * scale
    }

    @inline(__always) static func sigmoid(_ x: Lanes) -> Lanes { 1 / (1 + exp(-x)) }

    /// tanh x = 1 − 2 / (e^{2x} + 1): one exponential; near zero its error is absolute (~1e-7),
    /// not relative, which is what every caller here needs.
    @inline(__always) static func tanh(_ x: Lanes) -> Lanes { 1 - 2 / (exp(x + x) + 1) }

    /// Applies `lanes` to `count` values from `start`, in place (the tail through a padded lane set).
    @inline(__always) static func apply(_ start: UnsafeMutablePointer<Float>, _ count: Int, _ lanes: (Lanes) -> Lanes) {
        var i = 0
        while i + 8 <= count {
            let raw = UnsafeMutableRawPointer(start + i)
            raw.storeBytes(of: lanes(raw.loadUnaligned(as: Lanes.self)), as: Lanes.self)
            i += 8
        }
        if i < count {
            var tail = Lanes.zero
            for j in 0..<(count - i) { tail[j] = start[i + j] }
            tail = lanes(tail)
            for j in 0..<(count - i) { start[i + j] = tail[j] }
        }
    }

    static func sigmoid(_ start: UnsafeMutablePointer<Float>, _ count: Int) { apply(start, count, sigmoid) }
    static func tanh(_ start: UnsafeMutablePointer<Float>, _ count: Int) { apply(start, count, tanh) }
    static func exp(_ start: UnsafeMutablePointer<Float>, _ count: Int) { apply(start, count, exp) }
}
