import KumoCore
import Testing

/// FNV-1a against the published 64-bit test vectors (Fowler, Noll, Vo).
struct FNV1aTests {
    @Test func publishedVectors() {
        #expect(FNV1a.hex("") == "cbf29ce484222325")
        #expect(FNV1a.hex("a") == "af63dc4c8601ec8c")
        #expect(FNV1a.hex("foobar") == "85944171f73967e8")
        var words = FNV1a()
        words.add(UInt64(0x61))  // 'a' then seven zero bytes
        var bytes = FNV1a()
        bytes.add([0x61, 0, 0, 0, 0, 0, 0, 0] as [UInt8])
        #expect(words == bytes)
    }
}
