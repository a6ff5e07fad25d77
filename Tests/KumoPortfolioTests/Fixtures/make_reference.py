#!/usr/bin/env python3
"""Reference numbers for KumoPortfolio's tests, computed by PyPortfolioOpt 1.6 and scikit-learn.

    python3 make_reference.py --fixtures ../../../../shared   # (re)writes the two price files
    python3 make_reference.py --out portfolio-reference.json   # the numbers, from the price files

The price files are committed, so the numbers can be remade on any machine with
`pip install pyportfolioopt` (the Swift test does so when pypfopt imports, and compares against
the committed JSON otherwise). cvxpy solves with SCS at eps 1e-12: its answers agree with Kumo's exact
active-set solutions to ~1e-11, where Clarabel's (cvxpy's default) were off by up to 6e-7 on the
efficient-risk portfolios.
"""
import argparse
import json
import os

import numpy as np
import pandas as pd

HERE = os.path.dirname(os.path.abspath(__file__))
KRX = ["005930", "000660", "035420", "069500"]
SOLVER = dict(solver="SCS", solver_options=dict(eps=1e-12, max_iters=500000))


def make_fixtures(shared):
    frames = []
    for code in KRX:
        frame = pd.read_csv(os.path.join(shared, "data", f"krx-{code}-daily.csv"), dtype={"date": str})
        frames.append(frame.set_index("date")["close"].rename(code))
    closes = pd.concat(frames, axis=1, join="inner")
    closes = closes[(closes.index >= "20180601") & (closes.index <= "20231222")]
    closes.index.name = "date"
    closes.to_csv(os.path.join(HERE, "krx-closes.csv"))

    # Twelve assets in three sectors: a market factor, a sector factor, own noise, and drifts that
    # differ, so the frontier has corners (some weights at their bounds).
    rng = np.random.default_rng(20261204)
    days, sectors = 1000, [0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2]
    market = rng.normal(0.0003, 0.010, days)
    sector = rng.normal(0.0, 0.008, (days, 3))
    drift = np.linspace(-0.0002, 0.0009, 12)
    returns = np.empty((days, 12))
    for i, s in enumerate(sectors):
        returns[:, i] = drift[i] + (0.6 + 0.08 * i) * market + sector[:, s] + rng.normal(0, 0.006 + 0.001 * i, days)
    prices = 100 * np.cumprod(1 + returns, axis=0)
    prices = np.vstack([np.full(12, 100.0), prices])
    names = [f"S{i:02d}" for i in range(12)]
    frame = pd.DataFrame(np.round(prices, 6), columns=names)
    frame.index = pd.RangeIndex(len(frame), name="day")
    frame.to_csv(os.path.join(HERE, "synthetic-closes.csv"))


def frontier(prices, bounds=(0, 1), sectors=None):
    from pypfopt import EfficientFrontier, expected_returns, risk_models

    mu = expected_returns.mean_historical_return(prices)
    cov = risk_models.sample_cov(prices)

    def solve(method, *args):
        ef = EfficientFrontier(mu, cov, weight_bounds=bounds, **SOLVER)
        if sectors:
            ef.add_sector_constraints(sectors["map"], sectors["lower"], sectors["upper"])
        getattr(ef, method)(*args)
        return [float(w) for w in ef.weights]

    least = solve("min_volatility")
    least_vol = float(np.sqrt(np.array(least) @ cov.values @ np.array(least)))
    tangent = solve("max_sharpe", 0.02)
    target_vol = least_vol * 1.25
    reachable = float(np.array(solve("_max_return")) @ mu.values)
    target_ret = float(np.array(least) @ mu.values) * 0.5 + reachable * 0.5
    return {
        "bounds": list(bounds),
        "sectors": sectors,
        "expected_returns": [float(v) for v in mu.values],
        "covariance": cov.values.tolist(),
        "min_volatility": least,
        "max_sharpe_rf": 0.02,
        "max_sharpe": tangent,
        "efficient_risk_target": target_vol,
        "efficient_risk": solve("efficient_risk", target_vol),
        "efficient_return_target": target_ret,
        "efficient_return": solve("efficient_return", target_ret),
        "max_quadratic_utility": solve("max_quadratic_utility", 2.0),
    }


def case(name, prices, extra_frontiers):
    from pypfopt import HRPOpt, BlackLittermanModel, risk_models, expected_returns
    from sklearn.covariance import ledoit_wolf

    returns = prices.pct_change().dropna(how="all")
    shrunk, shrinkage = ledoit_wolf(returns.values)
    hrp = {}
    for method in ["single", "complete", "average", "ward"]:
        weights = HRPOpt(returns).optimize(linkage_method=method)
        hrp[method] = [float(weights[c]) for c in prices.columns]
    cov = risk_models.sample_cov(prices)
    mu = expected_returns.mean_historical_return(prices)
    n = len(prices.columns)
    picks = np.zeros((2, n))
    picks[0, 0] = 1
    picks[1, 1], picks[1, n - 1] = 1, -1
    views = [0.10, 0.02]
    bl = BlackLittermanModel(cov, pi=mu, P=picks, Q=np.array(views), tau=0.05)
    return {
        "name": name,
        "assets": list(prices.columns),
        "ledoit_wolf": {"covariance": shrunk.tolist(), "shrinkage": float(shrinkage)},
        "hrp": hrp,
        "black_litterman": {"tau": 0.05, "picks": picks.tolist(), "views": views,
                            "posterior": [float(v) for v in bl.bl_returns().values]},
        "frontiers": [frontier(prices)] + [frontier(prices, **f) for f in extra_frontiers],
    }


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--fixtures", help="the shared/ folder: rewrite the price files from its data")
    parser.add_argument("--out", help="write the reference numbers here")
    args = parser.parse_args()
    if args.fixtures:
        make_fixtures(args.fixtures)
    if args.out:
        krx = pd.read_csv(os.path.join(HERE, "krx-closes.csv"), index_col=0, dtype={"date": str})
        synthetic = pd.read_csv(os.path.join(HERE, "synthetic-closes.csv"), index_col=0)
        sectors = {"map": {c: f"sector{i // 4}" for i, c in enumerate(synthetic.columns)},
                   "lower": {"sector0": 0.1}, "upper": {"sector0": 0.3, "sector1": 0.45, "sector2": 0.5}}
        cases = [
            case("krx", krx, [{"bounds": (0.05, 0.6)}]),
            case("synthetic", synthetic, [{"bounds": (0, 0.2)}, {"bounds": (0, 0.25), "sectors": sectors}]),
        ]
        with open(args.out, "w") as out:
            json.dump({"generator": "PyPortfolioOpt 1.6.0 (Clarabel), scikit-learn", "cases": cases}, out, indent=1)


if __name__ == "__main__":
    main()
