#!/usr/bin/env bash
# SASRec training speed, attnrec vs. a PyTorch implementation of the same model and settings
# (bench/pytorch/sasrec_torch.py on Debian's python3-torch), side by side on this machine.
#
# Usage: bench/pytorch/speed.sh [LOSS=ce] [ROUNDS=3] [WARMUP=10] [STEPS=100]
#   STEPS=0 times the rest of the first epoch instead of a fixed number of steps.
# Environment: DATA (folder with beauty.txt, default ../shared/data/amazon-beauty-bert4rec),
#   SEED (42), THREADS (2), PROFILE=1 (also print where each step's time goes; with CE_CHUNK=N
#   attnrec also profiles the chunked cross-entropy candidate), OUT (JSON
#   summary, default bench/results/sasrec-speed-LOSS.json; OUT=- for none).
#
# Each round runs both implementations one after the other, alternating which goes first, with
# the load average noted before each run (the machine may be shared). Both time WARMUP untimed
# steps and then STEPS timed steps of the first epoch and project seconds per epoch as steps per
# epoch x seconds per step. The summary gives the medians and the ratio
# torch s/epoch / attnrec s/epoch (> 1: attnrec is faster), also as the median of the per-round
# ratios, which is less sensitive to load that drifts between rounds.
#
# Needs: apt-get install python3-torch libopenblas0-openmp (without OpenBLAS, Debian's torch
# runs on the reference BLAS and is several times slower, which would flatter attnrec).
set -euo pipefail
cd "$(dirname "$0")/../.."
loss="${1:-ce}"
rounds="${2:-3}"
warmup="${3:-10}"
steps="${4:-100}"
data="${DATA:-../shared/data/amazon-beauty-bert4rec}"
seed="${SEED:-42}"
threads="${THREADS:-2}"
out="${OUT:-bench/results/sasrec-speed-$loss.json}"
profile=()
[ "${PROFILE:-0}" = 1 ] && profile=(--profile)
chunk=()
[ -n "${CE_CHUNK:-}" ] && chunk=(--ce-chunk "$CE_CHUNK")

py=/usr/bin/python3   # Debian's python: the pyenv python on PATH does not see python3-torch
"$py" -c 'import torch' 2>/dev/null || { echo "speed.sh: $py cannot import torch; apt-get install -y python3-torch" >&2; exit 2; }
[ -f "$data/beauty.txt" ] || { echo "speed.sh: $data/beauty.txt is missing" >&2; exit 2; }
openblas=/usr/lib/x86_64-linux-gnu/openblas-openmp
if [ -f "$openblas/libblas.so.3" ]; then
  blas="OpenBLAS (openmp) via LD_LIBRARY_PATH=$openblas"
else
  openblas=""
  blas="$(readlink -f /usr/lib/x86_64-linux-gnu/libblas.so.3) (not OpenBLAS: torch will be slow)"
fi

echo "building attnrec and its benchmarks ..." >&2
cp="$(bench/classpath.sh)"

# the same OpenMP settings for both: passive waiting, THREADS intra-op threads, 1 inter-op thread
export OMP_WAIT_POLICY=PASSIVE DJL_OFFLINE=true OPT_OUT_TRACKING=true
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
log="$tmp/results.txt"
: >"$log"

run_attnrec() {
  java -Xmx8g -Dai.djl.offline=true -Dai.djl.pytorch.num_threads="$threads" -Dai.djl.pytorch.num_interop_threads=1 \
    -cp "$cp" io.attnrec.nn.bench.speed.SasRecSpeed --data "$data" --options "loss=$loss" \
    --warmup "$warmup" --steps "$steps" --seed "$seed" "${profile[@]}" "${chunk[@]}"
}
run_torch() {
  LD_LIBRARY_PATH="$openblas${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}" "$py" bench/pytorch/sasrec_torch.py \
    --data "$data/beauty.txt" --loss "$loss" --warmup "$warmup" --steps "$steps" --seed "$seed" \
    --threads "$threads" "${profile[@]}" 2>&1
}

commit="$(git rev-parse --short HEAD)$(git diff --quiet HEAD -- attnrec-nn bench/pytorch || echo '+dirty')"
echo "sasrec speed: loss=$loss rounds=$rounds warmup=$warmup steps=$steps seed=$seed threads=$threads"
echo "commit $commit; $(nproc) cores; $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
echo "torch $("$py" -c 'import torch; print(torch.__version__)') with $blas; attnrec: DJL PyTorch engine"
for r in $(seq 1 "$rounds"); do
  if [ $((r % 2)) = 1 ]; then order="attnrec torch"; else order="torch attnrec"; fi
  for impl in $order; do
    load="$(cut -d' ' -f1-3 /proc/loadavg)"
    echo "round $r $impl (load average $load)"
    rc=0
    if [ "$impl" = attnrec ]; then run_attnrec >"$tmp/run.txt" 2>&1 || rc=$?; else run_torch >"$tmp/run.txt" 2>&1 || rc=$?; fi
    grep -E '^(data|options|RESULT|PROFILE)' "$tmp/run.txt" | sed 's/^/  /' || true
    line="$(grep '^RESULT' "$tmp/run.txt" || true)"
    if [ "$rc" != 0 ] || [ -z "$line" ]; then
      # a failed run (the machine is shared: out of memory, killed) is reported and left out
      echo "  FAILED (exit status $rc); last lines:"; tail -5 "$tmp/run.txt" | sed 's/^/    /'
      continue
    fi
    echo "$r $impl $load | $line" >>"$log"
  done
done

"$py" - "$log" "$out" "$loss" "$warmup" "$steps" "$seed" "$threads" "$commit" "$blas" "$data" <<'EOF'
import json, statistics, sys
log, out, loss, warmup, steps, seed, threads, commit, blas, data = sys.argv[1:]
runs = []
for line in open(log):
    head, result = line.split("|", 1)
    r, impl, *load = head.split()
    kv = dict(p.split("=", 1) for p in result.split()[1:])
    runs.append({"round": int(r), "impl": impl, "load_average": " ".join(load),
                 "s_per_step": float(kv["s_per_step"]), "seq_per_s": float(kv["seq_per_s"]),
                 "s_per_epoch": float(kv["s_per_epoch"]), "steps": int(kv["steps"]),
                 "steps_per_epoch": int(kv["steps_per_epoch"])})
med = {}
for impl in ("attnrec", "torch"):
    mine = [x for x in runs if x["impl"] == impl]
    if not mine:
        sys.exit(f"speed.sh: no successful {impl} run")
    med[impl] = {k: statistics.median(x[k] for x in mine) for k in ("s_per_step", "seq_per_s", "s_per_epoch")}
by_round = {}
for x in runs:
    by_round.setdefault(x["round"], {})[x["impl"]] = x["s_per_epoch"]
paired = [v["torch"] / v["attnrec"] for v in by_round.values() if len(v) == 2]
ratio = med["torch"]["s_per_epoch"] / med["attnrec"]["s_per_epoch"]
print()
counts = {i: sum(1 for x in runs if x["impl"] == i) for i in ("attnrec", "torch")}
print(f"{'':8} {'s/step':>8} {'seq/s':>8} {'s/epoch':>8}   (medians; runs: {counts['attnrec']} attnrec, {counts['torch']} torch)")
for impl in ("attnrec", "torch"):
    m = med[impl]
    print(f"{impl:8} {m['s_per_step']:8.3f} {m['seq_per_s']:8.1f} {m['s_per_epoch']:8.1f}")
print(f"ratio torch/attnrec s/epoch: {ratio:.2f} of the medians; per round "
      + (", ".join(f"{p:.2f}" for p in paired) + f" (median {statistics.median(paired):.2f})" if paired else "n/a")
      + "  (> 1: attnrec is faster)")
if out != "-":
    with open(out, "w") as f:
        json.dump({"bench": "sasrec training speed", "data": data, "loss": loss, "warmup": int(warmup),
                   "timed_steps": int(steps), "seed": int(seed), "threads": int(threads),
                   "commit": commit, "torch_blas": blas, "runs": runs, "medians": med,
                   "ratio_torch_over_attnrec": round(ratio, 3),
                   "paired_ratios": [round(p, 3) for p in paired]}, f, indent=2)
        f.write("\n")
    print(f"wrote {out}")
EOF
