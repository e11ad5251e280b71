#!/usr/bin/env bash
# Issue 3, item 1: SASRec with full cross-entropy on Amazon Beauty (BERT4Rec file), leave-one-out,
# full ranking. Trains with early stopping on validation NDCG@10, then evaluates on test.
# Usage: bench/sasrec-beauty.sh [SEED=42] [EPOCHS=20] [OUT=models/sasrec-beauty]
set -euo pipefail
cd "$(dirname "$0")/.."
seed="${1:-42}"
epochs="${2:-20}"
out="${3:-models/sasrec-beauty}"
data="${DATA:-../shared/data/amazon-beauty-bert4rec}"
model="${MODEL:-sasrec:loss=ce,dropout=0.1,patience=3}"
mkdir -p bench/results
start=$(date +%s)
./attnrec train --data "$data" --model "$model" --epochs "$epochs" --seed "$seed" --out "$out"
trained=$(date +%s)
./attnrec evaluate --model "$out" --data "$data" --seed "$seed" --k 10,20 \
  --json "bench/results/sasrec-beauty-test-seed$seed.json"
end=$(date +%s)
echo "train wall-clock: $((trained - start)) s; evaluate: $((end - trained)) s; commit $(git rev-parse --short HEAD)"
