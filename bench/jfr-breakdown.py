#!/usr/bin/env python3
"""Where a served request's CPU time goes, from a JFR recording of the server (issue 20).

Reads `jfr print --events jdk.ExecutionSample,jdk.NativeMethodSample FILE` and attributes every
sample to the first stage in this order that appears anywhere on its stack: the plain-Java encoder
(under requestFactors, session 10; before, its core.linalg products counted as kernel), scoring kernel
(with the fused top-k's heap offers since session 10),
encoder (PyTorch through DJL), the rest of the model's scoreBatch (PyTorch product + copy), top-k, JSON, history lookup (event cache,
SQLite), HTTP (Javalin/Jetty, sockets), other. PyTorch's own OpenMP threads are not Java threads
and are not sampled; the Java thread waiting in the native call is (jdk.NativeMethodSample). Native samples of idle threads (waiting in epoll, accept, park)
are dropped. Usage: bench/jfr-breakdown.py FILE.jfr  (prints a Markdown table)."""
import collections
import re
import subprocess
import sys

STAGES = [
    # the plain-Java encoder (SASRec's newest-position pass; its products run on core.linalg)
    ("encoder (plain Java)", (".requestFactors(",)),
    ("scoring kernel (FactorKernel)", ("io.attnrec.core.linalg.",)),
    ("encoder (PyTorch via DJL)", (".encodeNewest(",)),
    ("product + copy of the scores (PyTorch via DJL)", ("SequenceRecommender.scoreBatch(",)),
    ("other PyTorch/DJL calls", ("ai.djl.",)),
    ("top-k", ("TopK.", "Ranked.")),
    ("JSON", ("com.fasterxml.jackson.", "io.attnrec.serve.Json", "io.attnrec.serve.Responses")),
    ("history lookup", ("UserEventCache", "io.attnrec.serve.store.", "org.sqlite.", "com.github.benmanes.caffeine")),
    ("batching hand-off", ("BatchingScorer", "CompletableFuture", "LinkedBlockingQueue")),
    ("HTTP (Javalin/Jetty, sockets)", ("io.javalin.", "org.eclipse.jetty.", "sun.nio.ch.", "java.net.")),
    ("metrics, logging", ("io.micrometer.", "ServiceMetrics", "RequestLog", "org.slf4j", "ch.qos.logback")),
    ("garbage collection / JIT / other", ()),
]
IDLE = ("EPoll.wait", "epollWait", "Net.accept", "Unsafe.park", "Object.wait", "Thread.sleep", "poll0(")


def main(path):
    text = subprocess.run(
        ["jfr", "print", "--stack-depth", "64", "--events", "jdk.ExecutionSample,jdk.NativeMethodSample", path],
        check=True, capture_output=True, text=True).stdout
    counts = collections.Counter()
    total = 0
    for event in re.split(r"\njdk\.(?:ExecutionSample|NativeMethodSample) ", text):
        m = re.search(r"stackTrace = \[(.*?)\n\s*\]", event, re.S)
        if not m:
            continue
        frames = [f.strip() for f in m.group(1).strip().split("\n") if f.strip() and f.strip() != "..."]
        if not frames or any(i in frames[0] for i in IDLE):
            continue
        total += 1
        # the most specific stage anywhere on the stack (stages are listed inner work first)
        stage = next((name for name, keys in STAGES if any(k in f for f in frames for k in keys)), STAGES[-1][0])
        counts[stage] += 1
    print(f"| stage | samples | share |\n| --- | --- | --- |")
    for name, _ in STAGES:
        if counts[name]:
            print(f"| {name} | {counts[name]} | {100.0 * counts[name] / total:.1f} % |")
    print(f"| total (non-idle) | {total} | 100 % |")


if __name__ == "__main__":
    main(sys.argv[1])
