#!/usr/bin/python3
"""SASRec training-speed reference in plain PyTorch, mirroring attnrec's SASRec op for op.

The architecture, initialisation, batching and losses follow attnrec-nn's SasRecNetwork,
NextItemBatches, Losses and Trainer (pre-LN blocks, padding keys masked, positions counted from
the newest item, output layer only at real positions, AdamW), so that the seconds per epoch of
the two can be compared on the same machine. It is a timing tool: it trains for a fixed number
of optimisation steps (or one epoch) and prints one RESULT line in the same format as
io.attnrec.nn.bench.speed.SasRecSpeed.

Run it with Debian's python3-torch (PyTorch 1.13, CPU):

    OMP_WAIT_POLICY=PASSIVE /usr/bin/python3 bench/pytorch/sasrec_torch.py \
        --data ../shared/data/amazon-beauty-bert4rec/beauty.txt --loss ce --warmup 10 --steps 100
"""

import argparse
import math
import os
import sys
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

MASKED = -1e9  # attnrec's Masks.MASKED: finite, so all-padding query rows stay NaN-free


def read_sequences(path):
    """One `user item` pair a line, each user's lines in time order (the BERT4Rec file).

    Users and items are renumbered by first appearance (items 1..N, 0 = padding), as attnrec's
    loader does; the numbering does not change the timing.
    """
    users = {}
    items = {}
    seqs = []
    with open(path) as f:
        for n, line in enumerate(f, 1):
            parts = line.split()
            if not parts:
                continue
            if len(parts) < 2:
                sys.exit(f"{path}:{n}: expected 'user item'")
            u = users.setdefault(parts[0], len(users))
            i = items.setdefault(parts[1], len(items) + 1)
            if u == len(seqs):
                seqs.append([])
            seqs[u].append(i)
    return seqs, len(items)


def leave_one_out_train(seqs):
    """Training part of the leave-one-out split: each sequence without its last two items."""
    return [np.asarray(s[:-2], dtype=np.int64) if len(s) >= 3 else np.zeros(0, np.int64) for s in seqs]


class Batches:
    """attnrec's NextItemBatches: left-padded windows of the newest max_len inputs, every real
    position a target, the window cut to the batch's longest sequence."""

    def __init__(self, train, max_len):
        self.train = train
        self.max_len = max_len
        self.trainable = np.asarray([u for u, s in enumerate(train) if len(s) >= 2], dtype=np.int64)
        self.seen = {}

    def build(self, users):
        lengths = [min(len(self.train[u]) - 1, self.max_len) for u in users]
        t = max(1, max(lengths))
        rows = len(users)
        inputs = np.zeros((rows, t), dtype=np.int64)
        positions = []
        targets = []
        owners = []
        for b, (u, n) in enumerate(zip(users, lengths)):
            s = self.train[u]
            start = len(s) - 1 - n
            inputs[b, t - n:] = s[start:start + n]
            positions.append(np.arange(b * t + t - n, b * t + t, dtype=np.int64))
            targets.append(s[start + 1:start + 1 + n])
            owners.append(np.full(n, u, dtype=np.int64))
        return inputs, np.concatenate(positions), np.concatenate(targets), np.concatenate(owners)

    def negatives_per_position(self, owners, num_items, rng):
        """One negative per position, uniform over the items its user never had (32 tries)."""
        draws = rng.integers(1, num_items + 1, size=len(owners))
        out = np.empty(len(owners), dtype=np.int64)
        for p, (u, item) in enumerate(zip(owners.tolist(), draws.tolist())):
            mine = self.seen.get(u)
            if mine is None:
                mine = self.seen[u] = set(self.train[u].tolist())
            tries = 0
            while item in mine and tries < 32:
                item = int(rng.integers(1, num_items + 1))
                tries += 1
            out[p] = item
        return out


class SasRec(nn.Module):
    """attnrec's SasRecNetwork:

        x = E[items] * sqrt(D) + P[positions];  x = dropout(x) * notPadding
        for each block:
          q = LN(x);  x = q + MHA(q, x, x, causal and padding mask)
          x = LN(x);  x = (x + dropout(W2 dropout(relu(W1 x)))) * notPadding
        h = LN(x)
    """

    def __init__(self, num_items, max_len, dim, blocks, heads, dropout):
        super().__init__()
        self.max_len = max_len
        self.dim = dim
        self.heads = heads
        self.p = dropout
        self.item_embedding = nn.Parameter(torch.empty(num_items + 1, dim))
        self.position_embedding = nn.Parameter(torch.empty(max_len, dim))
        norm = lambda: nn.LayerNorm(dim, eps=1e-8)
        self.attention_norms = nn.ModuleList(norm() for _ in range(blocks))
        self.query = nn.ModuleList(nn.Linear(dim, dim) for _ in range(blocks))
        self.key = nn.ModuleList(nn.Linear(dim, dim) for _ in range(blocks))
        self.value = nn.ModuleList(nn.Linear(dim, dim) for _ in range(blocks))
        self.output = nn.ModuleList(nn.Linear(dim, dim) for _ in range(blocks))
        self.ffn_norms = nn.ModuleList(norm() for _ in range(blocks))
        self.ffn_in = nn.ModuleList(nn.Linear(dim, dim) for _ in range(blocks))
        self.ffn_out = nn.ModuleList(nn.Linear(dim, dim) for _ in range(blocks))
        self.final_norm = norm()
        # SASRec+ initialisation, as attnrec: normal(0.02) weights, Xavier-uniform attention
        # projections (query, key, value), zero biases, unit LayerNorm gains, zero padding row
        for name, param in self.named_parameters():
            if name.endswith("bias"):
                nn.init.zeros_(param)
            elif "norm" in name:
                nn.init.ones_(param)
            elif name.startswith(("query", "key", "value")):
                nn.init.xavier_uniform_(param)
            else:
                nn.init.normal_(param, std=0.02)
        with torch.no_grad():
            self.item_embedding[0].zero_()

    def forward(self, items):
        b, t = items.shape
        d = self.dim
        hd = d // self.heads
        x = F.embedding(items, self.item_embedding) * math.sqrt(d)
        pos_ids = torch.arange(self.max_len - t, self.max_len, dtype=torch.int64)
        x = x + F.embedding(pos_ids, self.position_embedding)
        x = F.dropout(x, self.p, self.training)
        not_padding = (items != 0).to(torch.float32).unsqueeze(2)
        x = x * not_padding
        causal = torch.triu(torch.full((t, t), MASKED), diagonal=1)
        key_padding = (items == 0).to(torch.float32).mul(MASKED).unsqueeze(1).unsqueeze(1)
        mask = causal + key_padding  # (B, 1, T, T)
        scale = 1.0 / math.sqrt(hd)
        for i in range(len(self.query)):
            q = self.attention_norms[i](x)
            qh = self.query[i](q).reshape(b, t, self.heads, hd).transpose(1, 2)
            kh = self.key[i](x).reshape(b, t, self.heads, hd).transpose(1, 2)
            vh = self.value[i](x).reshape(b, t, self.heads, hd).transpose(1, 2)
            scores = qh.matmul(kh.transpose(-2, -1)).mul(scale).add(mask)
            weights = F.dropout(scores.softmax(-1), self.p, self.training)
            merged = weights.matmul(vh).transpose(1, 2).reshape(b, t, d)
            x = q + self.output[i](merged)
            x = self.ffn_norms[i](x)
            y = F.relu(F.dropout(self.ffn_in[i](x), self.p, self.training))
            y = F.dropout(self.ffn_out[i](y), self.p, self.training)
            x = (x + y) * not_padding
        return self.final_norm(x)


def loss_of(kind, real, table, targets, negatives, k, num_items, gen, ce_gather=False):
    """attnrec's Losses at the P real positions: real (P, D) against the item table (N+1, D)."""
    if kind == "ce":
        # full softmax over every item, padding column included (as attnrec and the references)
        logits = F.linear(real, table)
        if ce_gather:  # attnrec's exact op sequence instead of the fused PyTorch idiom
            return -logits.log_softmax(1).gather(1, targets.unsqueeze(1)).mean()
        return F.cross_entropy(logits, targets)
    if kind == "bce":
        pos = (real * F.embedding(targets, table)).sum(1)
        neg = (real * F.embedding(negatives, table)).sum(1)
        return (F.softplus(-pos) + F.softplus(neg)).mean()
    if kind == "sampled":
        negatives = torch.randint(1, num_items + 1, (k,), generator=gen)
        pos = (real * F.embedding(targets, table)).sum(1, keepdim=True)
        neg = F.linear(real, F.embedding(negatives, table))
        hits = (targets.unsqueeze(1) == negatives.unsqueeze(0)).to(torch.float32) * MASKED
        log_probs = torch.cat([pos, neg + hits], 1).log_softmax(1)
        return -log_probs[:, 0].mean()
    raise SystemExit(f"unknown loss {kind!r} (ce, bce, sampled)")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", required=True, help="beauty.txt: one 'user item' pair a line")
    ap.add_argument("--loss", default="ce", choices=["ce", "bce", "sampled"])
    ap.add_argument("--warmup", type=int, default=10, help="untimed steps first")
    ap.add_argument("--steps", type=int, default=100, help="timed steps; 0 = the rest of the epoch")
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--max-len", type=int, default=50)
    ap.add_argument("--dim", type=int, default=64)
    ap.add_argument("--blocks", type=int, default=2)
    ap.add_argument("--heads", type=int, default=1)
    ap.add_argument("--dropout", type=float, default=0.5)
    ap.add_argument("--batch-size", type=int, default=128)
    ap.add_argument("--lr", type=float, default=1e-3)
    ap.add_argument("--weight-decay", type=float, default=0.0)
    ap.add_argument("--negatives", type=int, default=256)
    ap.add_argument("--ce-gather", action="store_true",
                    help="ce as log_softmax + gather (attnrec's ops) instead of F.cross_entropy")
    ap.add_argument("--profile", action="store_true", help="also time batch/forward/backward/update")
    a = ap.parse_args()

    torch.set_num_threads(a.threads)
    torch.set_num_interop_threads(1)
    torch.manual_seed(a.seed)
    rng = np.random.default_rng(a.seed)
    gen = torch.Generator().manual_seed(a.seed)

    t0 = time.perf_counter()
    seqs, num_items = read_sequences(a.data)
    train = leave_one_out_train(seqs)
    batches = Batches(train, a.max_len)
    users = batches.trainable.copy()
    positions_total = int(sum(min(len(train[u]) - 1, a.max_len) for u in users))
    steps_per_epoch = (len(users) + a.batch_size - 1) // a.batch_size
    print(f"data {a.data}: {len(seqs)} users, {num_items} items, {len(users)} training sequences, "
          f"{positions_total} target positions, {steps_per_epoch} steps/epoch, read in "
          f"{time.perf_counter() - t0:.1f} s", flush=True)
    if a.warmup + max(a.steps, 1) > steps_per_epoch:
        sys.exit(f"warmup + steps must be at most the {steps_per_epoch} steps of one epoch")
    timed = a.steps if a.steps > 0 else steps_per_epoch - a.warmup

    model = SasRec(num_items, a.max_len, a.dim, a.blocks, a.heads, a.dropout)
    model.train()
    decay = [p for n, p in model.named_parameters() if not (n.endswith("bias") or "norm" in n)]
    plain = [p for n, p in model.named_parameters() if n.endswith("bias") or "norm" in n]
    opt = torch.optim.AdamW(
        [{"params": decay, "weight_decay": a.weight_decay}, {"params": plain, "weight_decay": 0.0}],
        lr=a.lr, betas=(0.9, 0.999), eps=1e-8)

    rng.shuffle(users)
    parts = np.zeros(5)
    start = time.perf_counter()
    epoch_start = start
    loss_sum = 0.0
    for step in range(a.warmup + timed):
        if step == a.warmup:
            start = time.perf_counter()
            parts[:] = 0
        s0 = time.perf_counter()
        chunk = users[step * a.batch_size:(step + 1) * a.batch_size]
        inputs, pos, tgt, owners = batches.build(chunk)
        items = torch.from_numpy(inputs)
        positions = torch.from_numpy(pos)
        targets = torch.from_numpy(tgt)
        negatives = (torch.from_numpy(batches.negatives_per_position(owners, num_items, rng))
                     if a.loss == "bce" else None)
        s1 = time.perf_counter()
        hidden = model(items)
        # the output layer runs only at the P real positions: (B*T, D) -> (P, D)
        real = hidden.reshape(-1, a.dim).index_select(0, positions)
        s2 = time.perf_counter()
        loss = loss_of(a.loss, real, model.item_embedding, targets, negatives, a.negatives, num_items, gen, a.ce_gather)
        value = loss.item()
        s3 = time.perf_counter()
        opt.zero_grad(set_to_none=True)
        loss.backward()
        s4 = time.perf_counter()
        opt.step()
        s5 = time.perf_counter()
        if not math.isfinite(value):
            sys.exit(f"training diverged at step {step + 1}")
        loss_sum += value
        parts += (s1 - s0, s2 - s1, s3 - s2, s4 - s3, s5 - s4)
    end = time.perf_counter()

    seconds = end - start
    rows = min(len(users), (a.warmup + timed) * a.batch_size) - a.warmup * a.batch_size
    s_step = seconds / timed
    print(f"RESULT impl=torch loss={a.loss} threads={a.threads} warmup={a.warmup} steps={timed} "
          f"seconds={seconds:.3f} s_per_step={s_step:.4f} seq_per_s={rows / seconds:.1f} "
          f"steps_per_epoch={steps_per_epoch} s_per_epoch={s_step * steps_per_epoch:.1f} "
          f"mean_loss={loss_sum / (a.warmup + timed):.4f}"
          + (f" epoch_wall={end - epoch_start:.1f}" if a.steps <= 0 else ""), flush=True)
    if a.profile:
        ms = parts / timed * 1e3
        names = ("batch", "encode", "loss", "backward", "update")
        print("PROFILE impl=torch ms/step: " + " ".join(f"{n} {v:.1f}" for n, v in zip(names, ms)),
              flush=True)


if __name__ == "__main__":
    main()
