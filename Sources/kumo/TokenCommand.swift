import ArgumentParser
import Foundation
import KumoServer

/// `kumo token create|list|revoke`: the API's bearer tokens, kept hashed in `$KUMO_HOME/tokens.sqlite`.
struct TokenCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "token", abstract: "Create, list and revoke API tokens (viewer reads, trader trades, admin changes strategies, risk and models).",
        subcommands: [Create.self, List.self, Revoke.self])

    struct StoreOption: ParsableArguments {
        @Option(help: "The token store (default: $KUMO_HOME/tokens.sqlite, else ./kumo-home/tokens.sqlite).") var tokens: String?

        func open() throws -> TokenStore { try Self.open(path: tokens) }

        /// The store at `path`, or the default one under `$KUMO_HOME`.
        static func open(path: String?) throws -> TokenStore {
            let home = ProcessInfo.processInfo.environment["KUMO_HOME"] ?? FileManager.default.currentDirectoryPath + "/kumo-home"
            do { return try TokenStore(path: path ?? home + "/tokens.sqlite") } catch { throw ValidationError(error.description) }
        }
    }

    struct Create: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create a token and print it: the only time it is shown.")
        @Option(help: "viewer, trader or admin.") var role: String
        @Option(help: "A name to tell tokens apart.") var name = "api"
        @OptionGroup var store: StoreOption

        func run() throws {
            guard let role = APIRole(rawValue: role) else { throw ValidationError("--role '\(role)' is not viewer, trader or admin") }
            do {
                let (token, record) = try store.open().create(name: name, role: role)
                print(token)
                FileHandle.standardError.write(Data("created \(record.id) (\(record.name), \(record.role.rawValue)); keep the token: it is stored hashed and not shown again\n".utf8))
            } catch let failure as TokenStore.Failure {
                throw ValidationError(failure.description)
            }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the tokens (never their secrets).")
        @OptionGroup var store: StoreOption

        func run() throws {
            do {
                for record in try store.open().list() {
                    print("\(record.id)  \(record.role.rawValue.padding(toLength: 7, withPad: " ", startingAt: 0))  \(record.createdAt.ISO8601Format())  \(record.revoked ? "revoked" : "active ")  \(record.name)")
                }
            } catch let failure as TokenStore.Failure {
                throw ValidationError(failure.description)
            }
        }
    }

    struct Revoke: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Revoke a token by its id.")
        @Argument(help: "The token's id (the part after kumo_).") var id: String
        @OptionGroup var store: StoreOption

        func run() throws {
            do {
                guard try store.open().revoke(id) else { throw ValidationError("no token has the id \(id) (kumo token list shows them)") }
                print("revoked \(id)")
            } catch let failure as TokenStore.Failure {
                throw ValidationError(failure.description)
            }
        }
    }
}
