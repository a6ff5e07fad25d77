import KumoLua
import Testing

/// Swift functions declared once as LuaLibrary entries and bound into a VM.
struct LuaBindingTests {
    final class Account: @unchecked Sendable {
        var cash = 1_000_000.0
        var orders: [String] = []
    }

    static let library = LuaLibrary<Account>(
        name: "test.Account", summary: "A test account.",
        functions: [
            .method("cash", LuaDocumentation("Returns cash.", returns: [.init("number")])) { account, frame in
                frame.returning(number: account.cash)
            },
            .method("buy", LuaDocumentation("Buys.", parameters: [.init("symbol", "string"), .init("qty", "integer")])) { account, frame in
                let symbol = try frame.string(1)
                let quantity = try frame.integer(2)
                guard quantity > 0 else { throw LuaCallError.invalidArgument(2, of: frame.functionName, "quantity must be positive") }
                account.orders.append("\(symbol) x\(quantity)")
                return try frame.returning(.string("order-\(account.orders.count)"), .table(LuaTable(["qty": .integer(quantity)])))
            },
        ])

    func run(_ source: String, account: Account = Account()) throws -> (Account, Result<[LuaValue], LuaScriptError>) {
        try LuaThread.run {
            let vm = try LuaVM()
            let object = try vm.makeObject(Self.library, host: account)
            let environment = try vm.makeEnvironment()
            try vm.setGlobal("account", object, in: environment)
            let chunk = try vm.load(source, chunkName: "bind.lua", environment: environment)
            do { return (account, .success(try vm.call(chunk))) } catch let error as LuaScriptError { return (account, .failure(error)) }
        }
    }

    @Test func methodsReachTheHostObjectAndReturnValues() throws {
        let (account, result) = try run("local id, info = account:buy('005930', 10) return id, info.qty, account:cash()")
        #expect(try result.get() == ["order-1", 10, 1_000_000.0])
        #expect(account.orders == ["005930 x10"])
    }

    @Test func badArgumentsRaiseAtTheScriptsLine() throws {
        let (_, typeError) = try run("\naccount:buy(5930, 10)")
        #expect(typeError.failureMessage == "bind.lua:2: bad argument #1 to 'test.Account:buy' (string expected, got number)")
        let (_, valueError) = try run("account:buy('005930', -1)")
        #expect(valueError.failureMessage == "bind.lua:1: bad argument #2 to 'test.Account:buy' (quantity must be positive)")
        let (_, fraction) = try run("account:buy('005930', 1.5)")
        #expect(fraction.failureMessage == "bind.lua:1: bad argument #2 to 'test.Account:buy' (number has no integer representation)")
    }

    @Test func aDotCallInsteadOfAColonIsExplained() throws {
        let (_, result) = try run("account.buy('005930', 1)")
        #expect(result.failureMessage == "bind.lua:1: calling 'test.Account:buy' needs a colon: object:buy(...)")
    }

    @Test func hostObjectsCannotBeModifiedOrInspected() throws {
        let (_, write) = try run("account.buy = nil")
        #expect(write.failureMessage == "bind.lua:1: sandbox: 'account' is read-only")
        let (_, meta) = try run("return getmetatable(account), rawget(account, 'buy')")
        #expect(try meta.get() == ["locked", .nil])
    }

    @Test func errorsFromManyCallsDoNotLeakOrBreakTheVM() throws {
        let (account, result) = try run("for i = 1, 20000 do pcall(account.buy, account, 'x', -1) end return account:cash()")
        #expect(try result.get() == [1_000_000.0])
        #expect(account.orders.isEmpty)
    }
}

extension Result where Failure == LuaScriptError {
    var failureMessage: String? {
        if case .failure(let error) = self { error.message } else { nil }
    }
}
