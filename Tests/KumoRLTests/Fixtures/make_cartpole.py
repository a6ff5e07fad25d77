"""Reference episodes of gymnasium's CartPole-v1 for KumoRL's Swift port.

Run: pip install gymnasium==1.4.0 && python3 make_cartpole.py > cartpole-reference.json
Each episode records the state after reset (float64, env.unwrapped.state), the actions taken,
and after every step the internal state, the observation (float32), the reward and the
terminated/truncated flags, until the episode ends (TimeLimit truncates at 500 steps).
"""
import json

import gymnasium as gym
import numpy as np


def episode(seed, policy):
    env = gym.make("CartPole-v1")
    env.reset(seed=seed)
    start = [float(v) for v in env.unwrapped.state]
    rng = np.random.default_rng(seed)
    steps = []
    while True:
        state = env.unwrapped.state
        action = policy(state, rng)
        observation, reward, terminated, truncated, _ = env.step(action)
        steps.append({
            "action": int(action),
            "state": [float(v) for v in env.unwrapped.state],
            "observation": [float(v) for v in observation],
            "reward": float(reward),
            "terminated": bool(terminated),
            "truncated": bool(truncated),
        })
        if terminated or truncated:
            break
    return {"seed": seed, "start": start, "steps": steps}


def random_policy(state, rng):
    return int(rng.integers(0, 2))


def balancing_policy(state, rng):
    # Push towards the side the pole leans to, weighted by its angular velocity: keeps it up for 500 steps.
    x, x_dot, theta, theta_dot = state
    return 1 if theta + 0.5 * theta_dot + 0.01 * x + 0.1 * x_dot > 0 else 0


print(json.dumps({
    "gymnasium": gym.__version__,
    "episodes": [episode(seed, random_policy) for seed in range(5)] + [episode(42, balancing_policy)],
}))
