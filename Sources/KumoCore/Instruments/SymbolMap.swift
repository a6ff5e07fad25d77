/// Values by symbol, kept in an array indexed by the symbol's interned number (``Symbol/id``):
/// a read or write costs an index, not a hash, which is what the engine does for every bar of
/// every symbol. Iterates in the order symbols were first seen in the process.
///
/// Inlinable, so the engine's modules specialize it for their value types.
public struct SymbolMap<Value> {
    // Keys and values apart: a read or write of a value copies the value only, never the key's
    // code (a retain), and a key is written once, when the symbol first gets a value.
    @usableFromInline var keys: [Symbol?] = []
    @usableFromInline var values: [Value?] = []
    @usableFromInline var storedCount = 0

    @inlinable public var count: Int { storedCount }

    @inlinable public init() {}

    @inlinable public var isEmpty: Bool { storedCount == 0 }

    @inlinable public subscript(symbol: Symbol) -> Value? {
        get {
            let index = Int(symbol.id)
            return index < values.count ? values[index] : nil
        }
        set {
            let index = Int(symbol.id)
            if index >= values.count {
                guard newValue != nil else { return }
                grow(to: index)
            }
            switch (values[index] == nil, newValue == nil) {
            case (true, false):
                storedCount += 1
                keys[index] = symbol
            case (false, true):
                storedCount -= 1
                keys[index] = nil
            default: break
            }
            values[index] = newValue
        }
    }

    /// The symbol's value, made from `initial` first when it has none; modified in place.
    @inlinable public subscript(symbol: Symbol, default initial: @autoclosure () -> Value) -> Value {
        get { self[symbol] ?? initial() }
        _modify {
            let index = Int(symbol.id)
            if index >= values.count { grow(to: index) }
            if values[index] == nil {
                values[index] = initial()
                keys[index] = symbol
                storedCount += 1
            }
            yield &values[index]!
        }
    }

    @usableFromInline mutating func grow(to index: Int) {
        keys.append(contentsOf: repeatElement(nil, count: index + 1 - keys.count))
        values.append(contentsOf: repeatElement(nil, count: index + 1 - values.count))
    }

    /// The same values as a dictionary, each transformed.
    @inlinable public func mapValues<T>(_ transform: (Value) throws -> T) rethrows -> [Symbol: T] {
        var result: [Symbol: T] = [:]
        for (key, value) in self { result[key] = try transform(value) }
        return result
    }
}

extension SymbolMap: Sequence {
    /// Walks the stored (symbol, value) pairs in the order symbols were first seen.
    public struct Iterator: IteratorProtocol {
        @usableFromInline let map: SymbolMap
        @usableFromInline var index = 0

        @inlinable init(_ map: SymbolMap) { self.map = map }

        @inlinable public mutating func next() -> (key: Symbol, value: Value)? {
            while index < map.values.count {
                defer { index += 1 }
                if let key = map.keys[index], let value = map.values[index] { return (key, value) }
            }
            return nil
        }
    }

    @inlinable public func makeIterator() -> Iterator { Iterator(self) }
}

extension SymbolMap: Sendable where Value: Sendable {}
