import Crypto
import _CryptoExtras
public import Foundation

/// The AES-256-CBC key and iv a subscription reply carries for a TR's encrypted frames (execution
/// notices): a 32-character key and a 16-character iv used as UTF-8 bytes, PKCS#7 padding, base64 text.
public struct KISCipher: Sendable, Equatable {
    public let key: String
    public let iv: String

    /// - Throws: ``KISDecodingError`` unless the key is 32 bytes and the iv 16.
    public init(key: String, iv: String) throws(KISDecodingError) {
        guard key.utf8.count == 32 else { throw KISDecodingError("cipher key: \(key.utf8.count) bytes, AES-256 needs 32") }
        guard iv.utf8.count == 16 else { throw KISDecodingError("cipher iv: \(iv.utf8.count) bytes, CBC needs 16") }
        self.key = key
        self.iv = iv
    }

    /// The plaintext of a base64 payload.
    /// - Throws: ``KISDecodingError`` when it is not base64, not whole blocks, or the padding is wrong.
    public func decrypt(_ base64: String) throws(KISDecodingError) -> String {
        guard let cipherText = Data(base64Encoded: base64) else { throw KISDecodingError("encrypted payload is not base64") }
        do {
            let plain = try AES._CBC.decrypt(cipherText, using: SymmetricKey(data: Data(key.utf8)), iv: AES._CBC.IV(ivBytes: Array(iv.utf8)))
            guard let text = String(data: plain, encoding: .utf8) else { throw KISDecodingError("decrypted payload is not UTF-8") }
            return text
        } catch let error as KISDecodingError {
            throw error
        } catch {
            throw KISDecodingError("encrypted payload does not decrypt with the subscription's key and iv (\(error))")
        }
    }

    /// The base64 cipher text of `plaintext` (the simulator's side).
    public func encrypt(_ plaintext: String) -> String {
        // Key and iv sizes were checked at init, so encryption cannot fail.
        let sealed = try! AES._CBC.encrypt(Data(plaintext.utf8), using: SymmetricKey(data: Data(key.utf8)), iv: AES._CBC.IV(ivBytes: Array(iv.utf8)))
        return sealed.base64EncodedString()
    }
}
