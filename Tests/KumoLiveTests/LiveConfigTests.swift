import Foundation
import KumoLive
import Testing

/// `kumo.toml` errors name the file, the line and column or the key path.
struct LiveConfigTests {
    static func error(_ text: String) -> String {
        do {
            _ = try LiveConfig.parse(text, file: "kumo.toml", folder: URL(fileURLWithPath: "/tmp"))
            return "parsed"
        } catch { return error.description }
    }

    @Test func badBrokerSectionsAreNamedByKey() {
        let base = "[feed]\nsymbols = [\"005930\"]\ntimeframe = \"1m\"\n[[strategy]]\nfile = \"a.lua\"\n[broker]\nkind = \"kis\"\nhts_id = \"me\"\n"
        #expect(Self.error(base + "account = \"5001234501\"\n").contains("broker.account: '5001234501' is not CANO-ACNT_PRDT_CD"))
        #expect(Self.error(base + "account = \"50012345-01\"\nenv = \"live\"\n").contains("broker.env: 'live' is not paper or real"))
        let tick = base.replacingOccurrences(of: "timeframe = \"1m\"", with: "timeframe = \"tick\"")
        #expect(Self.error(tick + "account = \"50012345-01\"\n").contains("feed.timeframe: 'tick' is not a bar length"))
        let named = base.replacingOccurrences(of: "\"005930\"", with: "\"SYN0001\"")
        #expect(Self.error(named + "account = \"50012345-01\"\n").contains("feed.symbols: 'SYN0001' is not a six-digit KRX code"))
    }

    @Test func theAPISectionIsReadAndItsKeysChecked() throws {
        let base = "[feed]\nsymbols = [\"SYN0001\"]\n[[strategy]]\nfile = \"a.lua\"\n"
        let config = try LiveConfig.parse(base + "[api]\nhttp = \"127.0.0.1:8420\"\ntokens = \"t.sqlite\"\ninsecure_bind = true\n", file: "kumo.toml", folder: URL(fileURLWithPath: "/tmp"))
        #expect(config.api.http == "127.0.0.1:8420" && config.api.tokens == "t.sqlite" && config.api.insecureBind)
        #expect(try LiveConfig.parse(base, file: "kumo.toml", folder: URL(fileURLWithPath: "/tmp")).api.http.isEmpty)
        #expect(Self.error(base + "[api]\nport = 1\n").hasPrefix("kumo.toml: unknown key port"))
        #expect(Self.error(base + "[api]\ninsecure_bind = \"yes\"\n").hasPrefix("kumo.toml: api.insecure_bind: "))
        let alerts = try LiveConfig.parse(base + "[alerts]\nmax_drawdown = 0.1\nmax_daily_loss = 500000\nfeed_silent = 30\nwebhook = \"http://127.0.0.1:9/h\"\n", file: "kumo.toml", folder: URL(fileURLWithPath: "/tmp")).alerts
        #expect(alerts.maxDrawdown == 0.1 && alerts.maxDailyLoss == 500_000 && alerts.feedSilent == 30 && alerts.strategyQuarantined && alerts.resendEvery == 300)
        #expect(Self.error(base + "[alerts]\nmax_drawdown = 2\n") == "kumo.toml: alerts.max_drawdown must be a fraction between 0 and 1")
        #expect(Self.error(base + "[alerts]\ntelegram_webhook = \"https://api.telegram.org/botX/sendMessage\"\n") == "kumo.toml: alerts.telegram_webhook and alerts.telegram_chat go together")
    }

    @Test func badConfigsAreNamedByLineOrKey() {
        #expect(Self.error("[engine\n").hasPrefix("kumo.toml:1:8: "))
        #expect(Self.error("[engine]\nspeed = \"fast\"\n[[strategy]]\nfile = \"a.lua\"\n") == "kumo.toml: engine.speed: expected a number")
        #expect(Self.error("[engine]\nsped = 1\n[[strategy]]\nfile = \"a.lua\"\n").hasPrefix("kumo.toml: unknown key sped"))
        #expect(Self.error("[[strategy]]\nfil = \"a.lua\"\n").hasPrefix("kumo.toml: strategy[0].file: is missing"))
        #expect(Self.error("[feed]\nsymbols = [\"A\"]\n") == "kumo.toml: no [[strategy]] to run")
        #expect(Self.error("[feed]\nkind = \"broker\"\n[[strategy]]\nfile = \"a.lua\"\n") == "kumo.toml: feed.kind: 'broker' is not replay or synthetic")
        #expect(Self.error("[feed]\nkind = \"synthetic\"\ndays = 0\n[[strategy]]\nfile = \"a.lua\"\n") == "kumo.toml: feed.count must be 1…9999 and feed.days 1…50000")
        let good = try? LiveConfig.parse("[engine]\nspeed = 60\n[feed]\nsymbols = [\"SYN0001\"]\n[[strategy]]\nfile = \"a.lua\"\n", file: "kumo.toml", folder: URL(fileURLWithPath: "/tmp"))
        #expect(good?.engine.speed == 60 && good?.resolve("a.lua").path == "/tmp/a.lua")
    }

    @Test func kumoHomePathsFollowTheEnvironmentAndOthersTheConfigsFolder() throws {
        let config = try LiveConfig.parse("[engine]\njournal = \"$KUMO_HOME/j.sqlite\"\nsocket = \"${KUMO_HOME}/k.sock\"\nlog = \"logs/k.log\"\n[feed]\nsymbols = [\"SYN0001\"]\n[[strategy]]\nfile = \"a.lua\"\n", file: "kumo.toml", folder: URL(fileURLWithPath: "/etc/kumo"))
        let home = ["KUMO_HOME": "/var/lib/kumo"]
        #expect(config.resolve(config.engine.journal, environment: home).path == "/var/lib/kumo/j.sqlite")
        #expect(config.resolve(config.engine.socket, environment: home).path == "/var/lib/kumo/k.sock")
        #expect(config.resolve(config.engine.log, environment: home).path == "/etc/kumo/logs/k.log")
        let cwd = FileManager.default.currentDirectoryPath
        #expect(config.resolve(config.engine.journal, environment: [:]).path == URL(fileURLWithPath: cwd + "/kumo-home/j.sqlite").path)
        // The defaults live under $KUMO_HOME, where kumo data and kumo ml keep theirs.
        let defaults = try LiveConfig.parse("[feed]\nsymbols = [\"SYN0001\"]\n[[strategy]]\nfile = \"a.lua\"\n", file: "kumo.toml", folder: URL(fileURLWithPath: "/etc/kumo"))
        #expect(defaults.resolve(defaults.feed.db, environment: home).path == "/var/lib/kumo/kumo.sqlite")
    }
}
