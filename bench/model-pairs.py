#!/usr/bin/env python3
"""Counts the rows of a `duplicates` report whose two places lie in two different model packages:
packages that hold a model provider, or the neural models' shared ones (nn.model, nn.multi, nn.seq,
nn.train, nn.content). Usage: bench/model-pairs.py REPORT.txt [--rows]"""
import re
import sys

MODEL = re.compile(
    r"io/attnrec/(core/(baselines/\w+|content|fusion|rating|model)"
    r"|nn/(comirec|din|gru4rec|lstmattn|mind|model|multi|sasrec|seq|train|content))/[^/]+\.java"
)
rows = []
for line in open(sys.argv[1]):
    m = re.match(r"(D\d+) (\S+):\d+-\d+ ~ (\S+):\d+-\d+", line)
    if not m:
        continue
    a, b = MODEL.search(m.group(2)), MODEL.search(m.group(3))
    if a and b and a.group(1) != b.group(1):
        rows.append(line.rstrip())
print(len(rows), "pairs between two model packages;", sum("boilerplate" in r for r in rows), "of them boilerplate")
if "--rows" in sys.argv:
    print("\n".join(rows))
