#!/usr/bin/env python3
"""Compares two `attnrec compare --json` reports model by model: every test and validation metric
must be equal (to the last digit). Usage: bench/same-metrics.py BEFORE.json AFTER.json"""
import json
import sys

before, after = (json.load(open(p)) for p in sys.argv[1:3])
differ = 0
for b, a in zip(before["results"], after["results"]):
    for part in ("metrics", "validation_metrics"):
        mb, ma = b.get(part, {}), a.get(part, {})
        bad = sorted(k for k in mb.keys() | ma.keys() if mb.get(k) != ma.get(k))
        differ += len(bad)
        print(f"{b['model']:12s} {part:18s} {len(mb):3d} metrics, {'identical' if not bad else 'DIFFER: ' + ', '.join(bad)}")
if len(before["results"]) != len(after["results"]):
    print("different model lists")
    differ += 1
sys.exit(1 if differ else 0)
