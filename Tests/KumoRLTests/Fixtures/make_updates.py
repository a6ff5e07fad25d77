"""PyTorch references for KumoRL's agent updates: PPO (categorical and Gaussian policies), DQN
(double DQN with a dueling head), GAE and n-step returns.

Run: pip install torch==2.13.0 stable-baselines3==2.9.2 && python3 make_updates.py > agent-updates.json

The losses are stable-baselines3 2.9's (PPO.train and DQN.train), written out over the same
torch ops so every intermediate can be recorded; GAE and the n-step returns come from
stable-baselines3's own RolloutBuffer and NStepReplayBuffer. Every case starts from fixed
weights and a fixed batch (torch.manual_seed), takes two optimizer steps on that batch, and
records for each step the loss terms, every parameter's gradient (before clipping) and the
weights after the step. Networks are nn.Sequential, so parameters are named "0.weight",
"2.bias", ... as Kumo's MLP specs name them.
"""
import json
import sys

import numpy as np
import stable_baselines3
import torch
import torch.nn.functional as F
from gymnasium import spaces
from stable_baselines3.common.buffers import NStepReplayBuffer, RolloutBuffer
from torch import nn
from torch.distributions import Categorical, Normal


def tensors(module, prefix):
    return {prefix + name: value.detach().flatten().tolist() for name, value in module.state_dict().items()}


def grads(named):
    return {name: p.grad.detach().flatten().tolist() for name, p in named}


def mlp(inputs, hidden, outputs, activation):
    layers, width = [], inputs
    for size in hidden:
        layers += [nn.Linear(width, size), activation()]
        width = size
    layers.append(nn.Linear(width, outputs))
    return nn.Sequential(*layers)


class Dueling(nn.Module):
    def forward(self, x):
        value, advantages = x[..., :1], x[..., 1:]
        return value + advantages - advantages.mean(dim=-1, keepdim=True)


def ppo_case(seed, continuous, clip_range_vf):
    torch.manual_seed(seed)
    obs_size, hidden, batch = 5, [8, 8], 16
    outputs = 2 if continuous else 3
    policy = mlp(obs_size, hidden, outputs, nn.Tanh)
    value = mlp(obs_size, hidden, 1, nn.Tanh)
    log_std = nn.Parameter(torch.full((outputs,), -0.3)) if continuous else None
    observations = torch.randn(batch, obs_size)
    with torch.no_grad():
        if continuous:
            dist = Normal(policy(observations), log_std.exp())
            actions = dist.sample()
            old_log_prob = dist.log_prob(actions).sum(dim=1) + 0.3 * torch.randn(batch)
        else:
            dist = Categorical(logits=policy(observations))
            actions = torch.randint(0, outputs, (batch,))
            old_log_prob = dist.log_prob(actions) + 0.3 * torch.randn(batch)
        old_values = value(observations).flatten() + 0.1 * torch.randn(batch)
    advantages = torch.randn(batch)
    returns = torch.randn(batch)
    settings = dict(clip_range=0.2, clip_range_vf=clip_range_vf, ent_coef=0.01, vf_coef=0.5, max_grad_norm=0.5, learning_rate=3e-4, adam_eps=1e-5)
    named = [("policy." + n, p) for n, p in policy.named_parameters()] + [("value." + n, p) for n, p in value.named_parameters()]
    if continuous:
        named.append(("log_std", log_std))
    optimizer = torch.optim.Adam([p for _, p in named], lr=settings["learning_rate"], eps=settings["adam_eps"])
    start = {**tensors(policy, "policy."), **tensors(value, "value.")}
    if continuous:
        start["log_std"] = log_std.detach().tolist()
    steps = []
    for _ in range(2):
        # stable_baselines3/ppo/ppo.py, PPO.train, on one minibatch
        values = value(observations).flatten()
        if continuous:
            dist = Normal(policy(observations), log_std.exp())
            log_prob = dist.log_prob(actions).sum(dim=1)
            entropy = dist.entropy().sum(dim=1)
        else:
            dist = Categorical(logits=policy(observations))
            log_prob = dist.log_prob(actions)
            entropy = dist.entropy()
        adv = (advantages - advantages.mean()) / (advantages.std() + 1e-8)
        ratio = torch.exp(log_prob - old_log_prob)
        policy_loss_1 = adv * ratio
        policy_loss_2 = adv * torch.clamp(ratio, 1 - settings["clip_range"], 1 + settings["clip_range"])
        policy_loss = -torch.min(policy_loss_1, policy_loss_2).mean()
        clip_fraction = torch.mean((torch.abs(ratio - 1) > settings["clip_range"]).float()).item()
        if clip_range_vf is None:
            values_pred = values
        else:
            values_pred = old_values + torch.clamp(values - old_values, -clip_range_vf, clip_range_vf)
        value_loss = F.mse_loss(returns, values_pred)
        entropy_loss = -torch.mean(entropy)
        loss = policy_loss + settings["ent_coef"] * entropy_loss + settings["vf_coef"] * value_loss
        with torch.no_grad():
            log_ratio = log_prob - old_log_prob
            approx_kl = torch.mean((torch.exp(log_ratio) - 1) - log_ratio).item()
        optimizer.zero_grad()
        loss.backward()
        gradients = grads(named)
        norm = torch.nn.utils.clip_grad_norm_([p for _, p in named], settings["max_grad_norm"]).item()
        optimizer.step()
        after = {**tensors(policy, "policy."), **tensors(value, "value.")}
        if continuous:
            after["log_std"] = log_std.detach().tolist()
        steps.append(dict(
            policy_loss=policy_loss.item(), value_loss=value_loss.item(), entropy_loss=entropy_loss.item(), loss=loss.item(),
            approx_kl=approx_kl, clip_fraction=clip_fraction, gradient_norm=norm, gradients=gradients, weights=after))
    return dict(
        continuous=continuous, observation_size=obs_size, hidden=hidden, outputs=outputs, settings=settings, weights=start,
        observations=observations.flatten().tolist(),
        actions=actions.flatten().tolist() if continuous else actions.tolist(), old_log_prob=old_log_prob.tolist(),
        advantages=advantages.tolist(), returns=returns.tolist(), old_values=old_values.tolist(), steps=steps)


def dqn_case(seed):
    torch.manual_seed(seed)
    obs_size, hidden, actions_n, batch = 5, [16, 16], 3, 24
    q_net = nn.Sequential(*mlp(obs_size, hidden, actions_n + 1, nn.ReLU), Dueling())
    q_target = nn.Sequential(*mlp(obs_size, hidden, actions_n + 1, nn.ReLU), Dueling())
    observations = torch.randn(batch, obs_size)
    next_observations = torch.randn(batch, obs_size)
    actions = torch.randint(0, actions_n, (batch, 1))
    rewards = 2 * torch.randn(batch, 1)
    dones = (torch.rand(batch, 1) < 0.25).float()
    discounts = 0.99 ** torch.randint(1, 4, (batch, 1)).float()
    settings = dict(learning_rate=1e-3, max_grad_norm=10.0)
    optimizer = torch.optim.Adam(q_net.parameters(), lr=settings["learning_rate"])
    start, target = tensors(q_net, ""), tensors(q_target, "")
    steps = []
    for _ in range(2):
        # stable_baselines3/dqn/dqn.py, DQN.train, with the double-DQN target
        with torch.no_grad():
            next_actions = q_net(next_observations).argmax(dim=1, keepdim=True)
            next_q = torch.gather(q_target(next_observations), dim=1, index=next_actions)
            target_q = rewards + (1 - dones) * discounts * next_q
        current_q = torch.gather(q_net(observations), dim=1, index=actions.long())
        loss = F.smooth_l1_loss(current_q, target_q)
        optimizer.zero_grad()
        loss.backward()
        gradients = grads(q_net.named_parameters())
        norm = torch.nn.utils.clip_grad_norm_(q_net.parameters(), settings["max_grad_norm"]).item()
        optimizer.step()
        steps.append(dict(loss=loss.item(), mean_q=current_q.mean().item(), gradient_norm=norm, gradients=gradients, weights=tensors(q_net, "")))
    return dict(
        observation_size=obs_size, hidden=hidden, actions_n=actions_n, settings=settings, weights=start, target_weights=target,
        observations=observations.flatten().tolist(), next_observations=next_observations.flatten().tolist(), actions=actions.flatten().tolist(),
        rewards=rewards.flatten().tolist(), dones=dones.flatten().tolist(), discounts=discounts.flatten().tolist(), steps=steps)


def gae_case(seed):
    rng = np.random.default_rng(seed)
    n_steps, n_envs, gamma, lam = 7, 3, 0.98, 0.9
    buffer = RolloutBuffer(n_steps, spaces.Box(-1, 1, (2,)), spaces.Discrete(2), n_envs=n_envs, gamma=gamma, gae_lambda=lam)
    rewards = rng.normal(size=(n_steps, n_envs)).astype(np.float32)
    values = rng.normal(size=(n_steps, n_envs)).astype(np.float32)
    starts = rng.random((n_steps, n_envs)) < 0.25
    starts[0] = True
    for t in range(n_steps):
        buffer.add(np.zeros((n_envs, 2), np.float32), np.zeros((n_envs, 1)), rewards[t], starts[t].astype(np.float32),
                   torch.tensor(values[t]), torch.zeros(n_envs))
    last_values = rng.normal(size=n_envs).astype(np.float32)
    last_dones = np.array([False, True, False])
    buffer.compute_returns_and_advantage(torch.tensor(last_values), last_dones.astype(np.float32))
    return dict(steps=n_steps, environments=n_envs, gamma=gamma, gae_lambda=lam, rewards=rewards.flatten().tolist(), values=values.flatten().tolist(),
                episode_starts=starts.flatten().tolist(), last_values=last_values.tolist(), last_dones=last_dones.tolist(),
                advantages=buffer.advantages.flatten().tolist(), returns=buffer.returns.flatten().tolist())


def nstep_case(seed):
    rng = np.random.default_rng(seed)
    n, gamma, length = 3, 0.9, 20
    terminated_at, truncated_at = {6}, {13}
    buffer = NStepReplayBuffer(64, spaces.Box(-10, 10, (1,)), spaces.Discrete(2), n_envs=1, n_steps=n, gamma=gamma, handle_timeout_termination=True)
    observations = np.arange(length + 1, dtype=np.float32) * 10
    rewards = rng.normal(size=length).astype(np.float32)
    steps = []
    for t in range(length):
        done = t in terminated_at or t in truncated_at
        buffer.add(observations[t:t + 1, None], observations[t + 1:t + 2, None], np.array([[t % 2]]), rewards[t:t + 1], np.array([done]),
                   [{"TimeLimit.truncated": t in truncated_at}])
        steps.append(dict(observation=float(observations[t]), action=t % 2, reward=float(rewards[t]), next=float(observations[t + 1]),
                          terminated=t in terminated_at, truncated=t in truncated_at))
    complete = [s for s in range(length) if s + n <= length or any(e >= s for e in terminated_at | truncated_at if e < length)]
    samples = buffer._get_samples(np.array(complete))
    transitions = [dict(start=s, reward=float(samples.rewards[i, 0]), next=float(samples.next_observations[i, 0]),
                        bootstrap=float((1 - samples.dones[i, 0]) * samples.discounts[i, 0])) for i, s in enumerate(complete)]
    return dict(n=n, gamma=gamma, steps=steps, transitions=transitions)


json.dump(dict(
    torch=torch.__version__.split("+")[0], stable_baselines3=stable_baselines3.__version__,
    ppo_discrete=ppo_case(20261204, False, None), ppo_gaussian=ppo_case(20261205, True, 0.3), dqn=dqn_case(20261206),
    gae=gae_case(20261207), nstep=nstep_case(20261208)), sys.stdout)
