"""One policy-search training step at the IB defaults, in PyTorch, for comparison with bench/Trainer.Bench.

Same computation as the TorchSharp trainer: K = 3 tanh policies (180 -> 64 -> 64 -> 3) and a 5-member ReLU
ensemble (183 -> 64 -> 64 -> 2) as batched weights, 130 start windows (26 per member) of 30 frames x 6 tags,
H = 100 lock-step rollout with known clipped-add kinematics for 3 tags, linear reward, bounds penalty,
MinLSED, Adam. Run: /usr/bin/python3 bench/pytorch/policy_step.py [--threads 2] [--steps 20]
"""
import argparse
import time

import torch

p = argparse.ArgumentParser()
p.add_argument("--threads", type=int, default=2)
p.add_argument("--steps", type=int, default=20)
p.add_argument("--warmup", type=int, default=3)
args = p.parse_args()
torch.set_num_threads(args.threads)
torch.manual_seed(1)

K, M, N, L, D, A, H, HID = 3, 5, 26, 30, 6, 3, 100, 64
GAMMA = 0.97


def mlp(groups, sizes):
    params = []
    for fan_in, fan_out in zip(sizes[:-1], sizes[1:]):
        bound = fan_in ** -0.5
        params.append((torch.empty(groups, fan_in, fan_out).uniform_(-bound, bound).requires_grad_(),
                       torch.empty(groups, 1, fan_out).uniform_(-bound, bound).requires_grad_()))
    return params


def forward(params, x, act):
    for i, (w, b) in enumerate(params):
        x = torch.matmul(x, w) + b
        if i < len(params) - 1:
            x = act(x)
    return x


policies = mlp(K, [L * D, HID, HID, A])
models = mlp(M, [L * D + A, HID, HID, 2])
for w, b in models:
    w.requires_grad_(False)
    b.requires_grad_(False)
optimizer = torch.optim.Adam([t for pair in policies for t in pair], lr=1e-3)
data = torch.randn(4096, L, D)
action_map = torch.zeros(A, D)
action_map[0, 1], action_map[1, 2], action_map[2, 3] = 0.05, 0.5, 0.3
low = torch.full((D,), -1e9)
high = torch.full((D,), 1e9)
low[1:4], high[1:4] = -2.5, 2.5
delta_map = torch.zeros(2, D)
delta_map[0, 4], delta_map[1, 5] = 0.1, 0.1
reward_w = torch.tensor([0, 0, 0, 0, -0.3, -0.1])
bound_lo, bound_hi = torch.full((D,), -2.0), torch.full((D,), 2.0)
discount = GAMMA ** torch.arange(H, dtype=torch.float32)
div_tags = torch.tensor([1, 2, 3, 4, 5])


def step():
    starts = data[torch.randint(0, data.shape[0], (M * N,))].view(M, N, L, D)
    history = starts.unsqueeze(0).expand(K, M, N, L, D)
    newest = history[:, :, :, -1]
    frames, rewards = [], []
    for t in range(H):
        window = history.reshape(K, M, N, L * D)
        action = torch.tanh(forward(policies, window.view(K, M * N, L * D), torch.tanh)).view(K, M, N, A)
        out = forward(models, torch.cat([window, action], -1), torch.relu)
        nxt = torch.minimum(torch.maximum(newest + action @ action_map, low), high) + out @ delta_map
        rewards.append((nxt @ reward_w).view(K, M * N))
        frames.append(nxt)
        newest = nxt
        if t + 1 < H:
            history = torch.cat([history[:, :, :, 1:], nxt.unsqueeze(3)], 3)
    states = torch.stack(frames, 3).view(K, M * N, H, D)
    ret = (torch.stack(rewards, 2) * discount).sum(-1).mean(1)
    excess = torch.relu(states - bound_hi) + torch.relu(bound_lo - states)
    pen = ((excess ** 2).sum(-1) * discount).sum(-1).mean(1)
    sel = states[..., div_tags]
    pairs = [((sel[a] - sel[b]) ** 2).sum((1, 2)).add(1e-8).sqrt() for a in range(K) for b in range(a + 1, K)]
    min_lsed = torch.stack(pairs).min(0).values.mean()
    loss = -ret.mean() + 1.0 * pen.mean() - 0.01 * min_lsed
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()


for _ in range(args.warmup):
    step()
times = []
for _ in range(args.steps):
    t0 = time.perf_counter()
    step()
    times.append((time.perf_counter() - t0) * 1000)
times.sort()
median = times[len(times) // 2]
flop = 3.0 * (2 * (L * D * HID + HID * HID + HID * A) + 2 * ((L * D + A) * HID + HID * HID + HID * 2)) * K * M * N * H
print(f"pytorch {torch.__version__} policy-search step: K={K} H={H} B={M * N} M={M} threads={args.threads}")
print(f"ms/step  median {median:.1f}  min {times[0]:.1f}  max {times[-1]:.1f}  ({args.steps} steps after {args.warmup} warm-up)")
print(f"FLOP/step {flop / 1e9:.2f} G  ->  {flop / 1e9 / (median / 1000):.1f} GFLOP/s")
