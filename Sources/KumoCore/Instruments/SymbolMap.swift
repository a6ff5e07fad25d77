/// Values by symbol, kept in an array indexed by the symbol's interned number (``Symbol/id``):
/// a read or write costs an index, not a hash, which is what the engine does for every bar of
/// every symbol. Iterates in the order symbols were first seen in the process.
///
/// Inlinable, so the engine's modules specialize it for their value types.
public struct SymbolMap<Value> {
    @usableFromInline var slots: [(key: Symbol, value: Value)?] = []
    @usableFromInline var storedCount = 0

    @inlinable public var count: Int { storedCount }

    @inlinable public init() {}

    @inlinable public var isEmpty: Bool { storedCount == 0 }

    @inlinable public subscript(symbol: Symbol) -> Value? {
        get {
            let index = Int(symbol.id)
            return index < slots.count ? slots[index]?.value : nil
        }
        set {
            let index = Int(symbol.id)
            if index >= slots.count {
                guard newValue != nil else { return }
                grow(to: index)
            }
            switch (slots[index] == nil, newValue) {
            case (true, .some): storedCount += 1
            case (false, .none): storedCount -= 1
            default: break
            }
            slots[index] = newValue.map { (symbol, $0) }
        }
    }

    /// The symbol's value, made from `initial` first when it has none; modified in place.
    @inlinable public subscript(symbol: Symbol, default initial: @autoclosure () -> Value) -> Value {
        get { self[symbol] ?? initial() }
        _modify {
            let index = Int(symbol.id)
            if index >= slots.count { grow(to: index) }
            if slots[index] == nil {
                slots[index] = (symbol, initial())
                storedCount += 1
            }
            yield &slots[index]!.value
        }
    }

    @usableFromInline mutating func grow(to index: Int) {
        slots.append(contentsOf: repeatElement(nil, count: index + 1 - slots.count))
    }

    /// The same values as a dictionary, each transformed.
    @inlinable public func mapValues<T>(_ transform: (Value) throws -> T) rethrows -> [Symbol: T] {
        var result: [Symbol: T] = [:]
        for (key, value) in self { result[key] = try transform(value) }
        return result
    }

    @inlinable public var keys: [Symbol] { map(\.key) }
    @inlinable public var values: [Value] { map(\.value) }
}

extension SymbolMap: Sequence {
    @inlinable public func makeIterator() -> LazyMapSequence<LazyFilterSequence<LazyMapSequence<LazySequence<[(key: Symbol, value: Value)?]>.Elements, (key: Symbol, value: Value)?>>, (key: Symbol, value: Value)>.Iterator {
        slots.lazy.compactMap { $0 }.makeIterator()
    }
}

extension SymbolMap: Sendable where Value: Sendable {}
