internal import CLua
internal import CLuaShim

#if canImport(Glibc)
    import Glibc
#endif

/// What the C side of a VM calls back into: the module resolver, the print sink and the
/// boxes of bound Swift functions, kept alive as long as the VM.
final class LuaHostState {
    let modules: (any LuaModuleResolver)?
    let output: (@Sendable (LuaPrintedLine) -> Void)?
    var callbacks: [LuaCallbackBox] = []
    /// The push program every call reuses (its buffers keep their capacity).
    var pushProgram = LuaPushProgram()
    /// The last resolved module's text and chunk name, owned here until the next `require`.
    private var moduleText: UnsafeMutablePointer<CChar>?
    private var moduleChunkName: UnsafeMutablePointer<CChar>?

    init(modules: (any LuaModuleResolver)?, output: (@Sendable (LuaPrintedLine) -> Void)?) {
        self.modules = modules
        self.output = output
    }

    deinit {
        free(moduleText)
        free(moduleChunkName)
    }

    /// Resolves a module and keeps its text and chunk name as C strings; returns `nil` on success
    /// or the error message.
    func resolve(_ name: String) -> (text: UnsafeMutablePointer<CChar>, length: Int, chunk: UnsafeMutablePointer<CChar>?) {
        free(moduleText)
        free(moduleChunkName)
        moduleChunkName = nil
        do throws(LuaModuleError) {
            guard let modules else { throw LuaModuleError("module '\(name)' not found: require is not available here") }
            let module = try modules.source(ofModule: name)
            moduleText = Self.copy(module.source)
            moduleChunkName = Self.copy("@" + module.chunkName)
            return (moduleText!, module.source.utf8.count, moduleChunkName)
        } catch {
            moduleText = Self.copy(error.message)
            return (moduleText!, error.message.utf8.count, nil)
        }
    }

    private static func copy(_ string: String) -> UnsafeMutablePointer<CChar> {
        let count = string.utf8.count
        let buffer = UnsafeMutablePointer<CChar>.allocate(capacity: count + 1)
        _ = string.utf8.withContiguousStorageIfAvailable { bytes in
            bytes.withMemoryRebound(to: CChar.self) { buffer.update(from: $0.baseAddress!, count: count) }
        } ?? {
            for (index, byte) in string.utf8.enumerated() { buffer[index] = CChar(bitPattern: byte) }
        }()
        buffer[count] = 0
        return buffer
    }
}

/// The one C entry point of every bound Swift function; the C trampoline calls it and raises
/// its error after it returned.
func luaDispatch(_ L: OpaquePointer?, _ box: UnsafeMutableRawPointer?) -> Int32 {
    Unmanaged<LuaCallbackBox>.fromOpaque(box!).takeUnretainedValue().invoke(L!)
}

func luaResolveModule(
    _ host: UnsafeMutableRawPointer?, _ name: UnsafePointer<CChar>?, _ nameLength: Int,
    _ text: UnsafeMutablePointer<UnsafePointer<CChar>?>?, _ textLength: UnsafeMutablePointer<Int>?,
    _ chunkName: UnsafeMutablePointer<UnsafePointer<CChar>?>?
) -> Int32 {
    let state = Unmanaged<LuaHostState>.fromOpaque(host!).takeUnretainedValue()
    let moduleName = String(decoding: UnsafeRawBufferPointer(start: name, count: nameLength), as: UTF8.self)
    let resolved = state.resolve(moduleName)
    text?.pointee = UnsafePointer(resolved.text)
    textLength?.pointee = resolved.length
    chunkName?.pointee = resolved.chunk.map { UnsafePointer($0) }
    return resolved.chunk == nil ? 1 : 0
}

func luaPrintSink(
    _ host: UnsafeMutableRawPointer?, _ text: UnsafePointer<CChar>?, _ length: Int,
    _ location: UnsafePointer<CChar>?, _ locationLength: Int
) {
    let state = Unmanaged<LuaHostState>.fromOpaque(host!).takeUnretainedValue()
    guard let output = state.output else { return }
    let line = String(decoding: UnsafeRawBufferPointer(start: text, count: length), as: UTF8.self)
    var place = String(decoding: UnsafeRawBufferPointer(start: location, count: locationLength), as: UTF8.self)
    while place.hasSuffix(":") || place.hasSuffix(" ") { place.removeLast() }
    output(LuaPrintedLine(text: line, location: place))
}
