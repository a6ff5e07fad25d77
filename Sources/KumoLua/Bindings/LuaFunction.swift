/// One Swift function exposed to Lua, declared once with its documentation; the same declaration
/// binds it into a VM and writes its LuaCATS stub.
public struct LuaFunction<Host>: Sendable {
    /// The Lua name, such as `log` (in `kumo.log`) or `sma` (in `ctx:sma`).
    public let name: String
    public let documentation: LuaDocumentation
    /// Whether Lua calls it with a colon (`ctx:name(...)`), passing the object first.
    public let isMethod: Bool
    let body: @Sendable (Host, borrowing LuaCallFrame) throws -> LuaReturn

    /// Declares a method, called as `object:name(...)`.
    public static func method(
        _ name: String, _ documentation: LuaDocumentation,
        _ body: @escaping @Sendable (Host, borrowing LuaCallFrame) throws -> LuaReturn
    ) -> Self {
        LuaFunction(name: name, documentation: documentation, isMethod: true, body: body)
    }

    /// Declares a plain function, called as `module.name(...)`.
    public static func function(
        _ name: String, _ documentation: LuaDocumentation,
        _ body: @escaping @Sendable (Host, borrowing LuaCallFrame) throws -> LuaReturn
    ) -> Self {
        LuaFunction(name: name, documentation: documentation, isMethod: false, body: body)
    }
}

/// What a bound function does, its parameters and results, as LuaCATS will describe them.
public struct LuaDocumentation: Sendable, Hashable {
    public var summary: String
    public var parameters: [Parameter]
    public var returns: [Result]

    /// A parameter: its name, its LuaCATS type (`string`, `integer`, `number?`, `table`…) and what it means.
    public struct Parameter: Sendable, Hashable {
        public var name: String
        public var type: String
        public var summary: String
        public init(_ name: String, _ type: String, _ summary: String = "") {
            self.name = name
            self.type = type
            self.summary = summary
        }
    }

    /// A result: its LuaCATS type and what it means.
    public struct Result: Sendable, Hashable {
        public var type: String
        public var summary: String
        public init(_ type: String, _ summary: String = "") {
            self.type = type
            self.summary = summary
        }
    }

    public init(_ summary: String, parameters: [Parameter] = [], returns: [Result] = []) {
        self.summary = summary
        self.parameters = parameters
        self.returns = returns
    }
}

/// A set of functions bound together: a module table (`kumo.log`) or the methods of a host object (`ctx`).
public struct LuaLibrary<Host>: Sendable {
    /// The LuaCATS class or module name, such as `kumo.Context` or `kumo.log`.
    public let name: String
    public let summary: String
    public let functions: [LuaFunction<Host>]

    public init(name: String, summary: String, functions: [LuaFunction<Host>]) {
        self.name = name
        self.summary = summary
        self.functions = functions
    }

    /// The declarations without the code, for writing stubs.
    public var declaration: LuaLibraryDeclaration {
        LuaLibraryDeclaration(
            name: name, summary: summary,
            functions: functions.map { ($0.name, $0.isMethod, $0.documentation) }.map {
                LuaLibraryDeclaration.Function(name: $0.0, isMethod: $0.1, documentation: $0.2)
            })
    }
}

/// A library's names and documentation, independent of the host type.
public struct LuaLibraryDeclaration: Sendable, Hashable {
    public struct Function: Sendable, Hashable {
        public var name: String
        public var isMethod: Bool
        public var documentation: LuaDocumentation
    }

    public var name: String
    public var summary: String
    public var functions: [Function]
}
