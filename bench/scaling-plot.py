#!/usr/bin/env python3
"""Plots the JSON lines of io.attnrec.nn.bench.scaling.Scaling (issue 20) and prints a Markdown table.
Usage: bench/scaling-plot.py SCALING.jsonl OUT.png"""
import json
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

rows = [json.loads(l) for l in open(sys.argv[1]) if l.startswith("{")]
print("| items | max_len | eval users/s | eval µs per user | request ms (encoder + product + top-10) | encoder ms | product ms | top-10 ms | old request ms | load |")
print("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |")
for r in rows:
    print(f"| {r['items']:,} | {r['max_len']} | {r['eval_users_per_s']:,.0f} | {1e6 / r['eval_users_per_s']:,.0f} | "
          f"{r['request_ms']:.2f} | {r['request_encoder_ms']:.2f} | {r['request_product_ms']:.3f} | "
          f"{r['request_topk_ms']:.3f} | {r['request_old_ms']:.2f} | {r['load1_before']}–{r['load1_after']} |")
by_items = sorted((r for r in rows if r["max_len"] == 50), key=lambda r: r["items"])
by_len = sorted((r for r in rows if r["items"] == 54542), key=lambda r: r["max_len"])
fig, ax = plt.subplots(1, 2, figsize=(11, 4.2))
if by_items:
    x = [r["items"] for r in by_items]
    ax[0].loglog(x, [1e3 / r["eval_users_per_s"] for r in by_items], "o-", label="evaluation, ms per user (1 thread)")
    ax[0].loglog(x, [r["request_product_ms"] + r["request_topk_ms"] for r in by_items], "s-", label="request: product + top-10, ms")
    ax[0].loglog(x, [r["request_encoder_ms"] for r in by_items], "^-", label="request: encoder, ms")
    ax[0].set_xlabel("catalogue size (items), history length 50")
    ax[0].set_ylabel("ms")
    ax[0].legend(fontsize=8)
    ax[0].grid(True, which="both", alpha=0.3)
if by_len:
    x = [r["max_len"] for r in by_len]
    ax[1].plot(x, [1e3 / r["eval_users_per_s"] for r in by_len], "o-", label="evaluation, ms per user")
    ax[1].plot(x, [r["request_encoder_ms"] for r in by_len], "^-", label="request: encoder, ms")
    ax[1].plot(x, [r["request_ms"] for r in by_len], "s-", label="request: model part, ms")
    ax[1].set_xlabel("history length (window filled), 54,542 items")
    ax[1].set_ylabel("ms")
    ax[1].legend(fontsize=8)
    ax[1].grid(True, alpha=0.3)
fig.suptitle("SASRec (d=64, 2 blocks), vector-API kernel; 2 shared vCPUs, load average ~20")
fig.tight_layout()
fig.savefig(sys.argv[2], dpi=110)
