#!/usr/bin/env python3
"""Kumo beside backtrader and vectorbt: the same generated daily bars, the same SMA-cross rules,
the same trades, and each one's bars per second from one run.

    python3 Tests/Bench/peers.py [--kumo .build/release/kumo] [--symbols 20] [--days 2500]

The rules, as all three run them: fast and slow simple moving averages of the close (10 and 30);
when fast crosses above slow, buy 100 shares (when flat); when it crosses below, sell them; market
orders filled at the next bar's open; no costs, cash enough for every order. The bars are random
walks in prices of four decimals (two-decimal prices make exact ties of the two averages, which
each engine's float sums may break either way), written as CSV files every engine reads. Kumo's
figure is its whole `kumo backtest` command (process start, CSV parsing, the run, its analytics;
the JSON with the fills is written by a second, untimed run); backtrader's its run; vectorbt's
its second, warm run. A peer that is not installed (pip install backtrader vectorbt) is
reported as missing, not guessed.

Exit status 1 when the engines that ran disagree on a single fill.
"""
import argparse
import csv
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta

FAST, SLOW, QTY = 10, 30, 100

LUA = f"""
local S = {{ params = {{ fast = {FAST}, slow = {SLOW} }}, timeframe = '1d' }}
local was_above = {{}}
function S.on_bar(ctx, bar)
  local fast, slow = ctx:sma(bar.symbol, S.params.fast), ctx:sma(bar.symbol, S.params.slow)
  if not (fast and slow) then return end
  local above = fast > slow
  local was = was_above[bar.symbol]
  if was ~= nil and above ~= was then
    if above then ctx:target_qty(bar.symbol, {QTY}) else ctx:close(bar.symbol) end
  end
  was_above[bar.symbol] = above
end
return S
"""


def generate(folder, symbols, days, seed):
    """Writes one CSV per symbol of `days` weekdays; returns the symbols."""
    rng = random.Random(seed)
    dates, day = [], date(2000, 1, 3)
    while len(dates) < days:
        if day.weekday() < 5:
            dates.append(day)
        day += timedelta(days=1)
    names = [f"P{index:03d}" for index in range(1, symbols + 1)]
    for name in names:
        price = 100.0
        with open(os.path.join(folder, name + ".csv"), "w", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(["date", "open", "high", "low", "close", "volume"])
            for day in dates:
                open_ = round(price * (1 + rng.gauss(0, 0.005)), 4)
                close = round(open_ * (1 + rng.gauss(0, 0.015)), 4)
                high = round(max(open_, close) * (1 + abs(rng.gauss(0, 0.005))), 4)
                low = round(min(open_, close) * (1 - abs(rng.gauss(0, 0.005))), 4)
                writer.writerow([day.isoformat(), f"{open_:.4f}", f"{high:.4f}", f"{low:.4f}", f"{close:.4f}", rng.randint(10_000, 100_000)])
                price = close
    return names


def fill_key(symbol, day, side, price, qty):
    return (symbol, day, side, round(float(price), 4), int(qty))


def run_kumo(kumo, folder, names):
    strategy = os.path.join(folder, "cross.lua")
    with open(strategy, "w") as handle:
        handle.write(LUA)
    out = os.path.join(folder, "kumo.json")
    command = [kumo, "backtest", strategy, "--cash", "1000000000000", "--commission", "0", "--tax", "0", "--script-log", "off"]
    for name in names:
        command += ["--data", os.path.join(folder, name + ".csv")]
    # Timed as the peers are, without writing the result out; then once more for its fills.
    start = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
    seconds = time.perf_counter() - start
    subprocess.run(command + ["--json", out], check=True, stdout=subprocess.DEVNULL)
    with open(out) as handle:
        result = json.load(handle)
    fills = {fill_key(f["symbol"], f["date"], f["side"], f["price"], f["qty"]) for f in result["fills"]}
    return seconds, fills


def run_backtrader(folder, names):
    try:
        import backtrader as bt
    except ImportError:
        return None
    fills = set()

    class Cross(bt.Strategy):
        def __init__(self):
            self.cross = {d: bt.ind.CrossOver(bt.ind.SMA(d.close, period=FAST), bt.ind.SMA(d.close, period=SLOW)) for d in self.datas}

        def next(self):
            for d in self.datas:
                signal, held = self.cross[d][0], self.getposition(d).size
                if signal > 0 and held == 0:
                    self.buy(data=d, size=QTY)
                elif signal < 0 and held > 0:
                    self.close(data=d)

        def notify_order(self, order):
            if order.status == order.Completed:
                side = "buy" if order.isbuy() else "sell"
                day = bt.num2date(order.executed.dt).date().isoformat()
                fills.add(fill_key(order.data._name, day, side, order.executed.price, abs(order.executed.size)))

    cerebro = bt.Cerebro(stdstats=False)
    cerebro.broker.setcash(1e12)
    for name in names:
        data = bt.feeds.GenericCSVData(
            dataname=os.path.join(folder, name + ".csv"), dtformat="%Y-%m-%d", datetime=0, open=1, high=2, low=3, close=4,
            volume=5, openinterest=-1)
        cerebro.adddata(data, name=name)
    cerebro.addstrategy(Cross)
    start = time.perf_counter()
    cerebro.run()
    return time.perf_counter() - start, fills


def run_vectorbt(folder, names):
    try:
        import pandas as pd
        import vectorbt as vbt
    except ImportError:
        return None
    frames = {name: pd.read_csv(os.path.join(folder, name + ".csv"), index_col="date", parse_dates=True) for name in names}
    close = pd.DataFrame({name: frame["close"] for name, frame in frames.items()})
    open_ = pd.DataFrame({name: frame["open"] for name, frame in frames.items()})

    def simulate():
        fast = vbt.MA.run(close, FAST).ma.values
        slow = vbt.MA.run(close, SLOW).ma.values
        above = pd.DataFrame(fast > slow, index=close.index, columns=close.columns)
        defined = pd.DataFrame(~pd.isna(slow), index=close.index, columns=close.columns)
        before, defined_before = above.shift(1, fill_value=False), defined.shift(1, fill_value=False)
        entries = above & ~before & defined_before
        exits = ~above & before & defined_before & defined
        # Signals on a bar's close trade at the next bar's open.
        return vbt.Portfolio.from_signals(
            close, entries.shift(1, fill_value=False), exits.shift(1, fill_value=False), price=open_, size=QTY,
            size_type="amount", init_cash=1e12, fees=0.0, cash_sharing=False, accumulate=False)

    simulate()  # compiles the numba kernels: the timed run is warm
    start = time.perf_counter()
    portfolio = simulate()
    seconds = time.perf_counter() - start
    records = portfolio.orders.records_readable
    fills = {
        fill_key(row["Column"], pd.Timestamp(row["Timestamp"]).date().isoformat(), row["Side"].lower(), row["Price"], row["Size"])
        for _, row in records.iterrows()
    }
    return seconds, fills


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kumo", default=os.path.join(os.path.dirname(__file__), "../../.build/release/kumo"))
    parser.add_argument("--symbols", type=int, default=20)
    parser.add_argument("--days", type=int, default=2500)
    parser.add_argument("--seed", type=int, default=7)
    arguments = parser.parse_args()
    if arguments.symbols < 1:
        parser.error(f"--symbols {arguments.symbols}: at least one symbol")
    if arguments.days <= SLOW + 1:
        parser.error(f"--days {arguments.days}: more than {SLOW + 1} days, or no average can cross")
    if not os.access(arguments.kumo, os.X_OK):
        parser.error(f"--kumo {arguments.kumo}: no kumo executable there (swift build -c release)")
    with tempfile.TemporaryDirectory(prefix="kumo-peers-") as folder:
        names = generate(folder, arguments.symbols, arguments.days, arguments.seed)
        bars = arguments.symbols * arguments.days
        results = {"kumo": run_kumo(arguments.kumo, folder, names), "backtrader": run_backtrader(folder, names), "vectorbt": run_vectorbt(folder, names)}
    figures = {"bars": bars}
    for engine, result in results.items():
        if result is None:
            figures[f"{engine}_bars_per_s"] = None
            print(f"{engine}: not installed (pip install {engine})", file=sys.stderr)
        else:
            figures[f"{engine}_bars_per_s"] = round(bars / result[0])
            figures[f"{engine}_fills"] = len(result[1])
    kumo_seconds, kumo_fills = results["kumo"]
    agree = True
    for engine in ("backtrader", "vectorbt"):
        if results[engine] is None:
            continue
        seconds, fills = results[engine]
        figures[f"kumo_over_{engine}"] = round(seconds / kumo_seconds, 2)
        same = fills == kumo_fills
        figures[f"same_fills_as_{engine}"] = same
        if not same:
            agree = False
            print(f"{engine} differs: only in kumo {sorted(kumo_fills - fills)[:5]}, only in {engine} {sorted(fills - kumo_fills)[:5]}", file=sys.stderr)
    print(json.dumps(figures, indent=2, sort_keys=True))
    return 0 if agree else 1


if __name__ == "__main__":
    sys.exit(main())
