#!/usr/bin/env bash
# doclint benchmarks: the floor (../shared/floor definition) and doclint on synthetic trees of
# 1k, 10k and 100k pages, the peers where they are installed (or installable), and the real
# trees of ../shared/corpora when present. Prints a Markdown table; run from the repo root:
#
#     bash benches/run.sh            # full run (1k, 10k, 100k, peers, corpora)
#     bash benches/run.sh --smoke    # CI: 1k pages, no peers, no timing claims
#     SIZES="10000" NO_CORPORA=1 RUNS=5 bash benches/run.sh   # one size, no real trees
#
# Needs hyperfine (Debian package) for the full run; /usr/bin/time -v for peak memory.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

smoke=false
[ "${1:-}" = "--smoke" ] && smoke=true
out=target/bench
mkdir -p "$out"

cargo build --release --quiet --bin doclint --example gen_tree --example floor
doclint="$PWD/target/release/doclint"
floor="$PWD/target/release/examples/floor"
gen="$PWD/target/release/examples/gen_tree"

if $smoke; then
    "$gen" "$out/smoke-1k" 1000 >/dev/null 2>&1
    (cd "$out/smoke-1k" && "$doclint" check --format short)
    (cd "$out/smoke-1k" && "$floor" docs -j 2)
    echo "bench smoke: the generated 1k-page tree checks clean"
    exit 0
fi

command -v hyperfine >/dev/null || { echo "hyperfine is needed: apt-get install hyperfine" >&2; exit 2; }
threads=${THREADS:-2}
runs=${RUNS:-10}
# The floor and doclint alternate in rounds, so that the machine drifting (this VM's timings
# move 10-15% within minutes) moves both sides of a ratio alike.
rounds=${ROUNDS:-5}
per_round=$(( (runs + rounds - 1) / rounds ))
peer_runs=${PEER_RUNS:-3}
declare -A slow=()

# Peers: installed ones are used; the script tries cheap installs and says what it skips.
peers=()
if command -v lychee >/dev/null; then peers+=("lychee"); else echo "skip lychee: not installed (cargo install lychee --locked: about 15 min on 2 cores)" >&2; fi
if command -v rumdl >/dev/null || pip install -q rumdl >/dev/null 2>&1; then command -v rumdl >/dev/null && peers+=("rumdl"); else echo "skip rumdl: pip install rumdl failed" >&2; fi
npm_dir="$PWD/$out/npm"
npm_bin="$npm_dir/node_modules/.bin"
if [ ! -x "$npm_bin/markdownlint-cli2" ] && command -v npm >/dev/null; then
    (mkdir -p "$out/npm" && cd "$out/npm" && npm install --silent --no-audit --no-fund markdownlint-cli2 remark-cli remark-validate-links >/dev/null 2>&1) || echo "skip markdownlint-cli2/remark: npm install failed" >&2
fi
[ -x "$npm_bin/markdownlint-cli2" ] && peers+=("markdownlint-cli2")
[ -x "$npm_bin/remark" ] && peers+=("remark")

peer_cmd() { # peer, docs dir (relative to the tree), docs dir (absolute)
    case $1 in
        lychee) echo "lychee --offline --include-fragments --no-progress '$2'" ;;
        rumdl) echo "rumdl check --enable MD051,MD057 '$2'" ;;
        markdownlint-cli2) echo "$npm_bin/markdownlint-cli2 '$2/**/*.md' >/dev/null 2>&1" ;;
        # remark resolves plugins from the current directory: run it from the npm folder.
        remark) echo "cd '$npm_dir' && $npm_bin/remark --quiet --use remark-validate-links '$3' >/dev/null 2>&1" ;;
    esac
}

median() { # hyperfine json files → median seconds of all their runs
    python3 -c "import json,sys,statistics; print(statistics.median(t for f in sys.argv[1:] for t in json.load(open(f))['results'][0]['times']))" "$@"
}

peak_mb() { # command (run in cwd) → peak RSS in MiB
    # doclint exits 1 on trees with findings (the real ones): that is not a benchmark failure.
    { /usr/bin/time -v bash -c "$1" 2>&1 >/dev/null || true; } | awk -F': ' '/Maximum resident/ {printf "%.0f", $2/1024}'
}

row() { # name, dir (with scope.toml), docs dir
    local name=$1 dir=$2 docs=$3 k
    local floor_runs=() doclint_runs=()
    for ((k = 0; k < rounds; k++)); do
        (cd "$dir" && hyperfine -N -w 1 -r "$per_round" --export-json "$PWD/../$name.floor.$k.json" "$floor $docs -j $threads" >/dev/null 2>&1) || true
        (cd "$dir" && RAYON_NUM_THREADS=$threads hyperfine -N -w 1 -r "$per_round" -i --export-json "$PWD/../$name.doclint.$k.json" "$doclint check --format short" >/dev/null 2>&1) || true
        floor_runs+=("$dir/../$name.floor.$k.json"); doclint_runs+=("$dir/../$name.doclint.$k.json")
    done
    local f d mem
    f=$(median "${floor_runs[@]}"); d=$(median "${doclint_runs[@]}")
    mem=$(cd "$dir" && RAYON_NUM_THREADS=$threads peak_mb "$doclint check --format short")
    local line
    line=$(printf '| %s | %d | %.3f s | %.3f s | %.2f× | %s MiB |' "$name" "$(find "$dir/$docs" -name '*.md' -o -name '*.mdx' | wc -l)" "$f" "$d" "$(python3 -c "print($d/$f)")" "$mem")
    for p in "${peers[@]}"; do
        if [ "$name" = "synthetic-100k" ] || { [[ $name == synthetic-* ]] && [ -n "${slow[$p]:-}" ]; }; then line+=" skipped |"; continue; fi
        local cmd; cmd=$(peer_cmd "$p" "$docs" "$(cd "$dir" && pwd)/$docs")
        if (cd "$dir" && hyperfine -w 0 -r "$peer_runs" -i --export-json "$PWD/../$name.$p.json" "$cmd" >/dev/null 2>&1); then
            local t; t=$(median "$dir/../$name.$p.json")
            # A peer slower than 20 s a run is not timed on the bigger synthetic trees.
            if python3 -c "import sys; sys.exit(0 if $t > 20 else 1)"; then slow[$p]=1; fi
            if python3 -c "import sys; sys.exit(0 if $t >= 0.05 else 1)"; then
                line+=$(printf ' %.3f s (%.1f×) |' "$t" "$(python3 -c "print($t/$d)")")
            else
                line+=$(printf ' %.3f s |' "$t")
            fi
        else
            line+=" failed |"
        fi
    done
    echo "$line"
}

header="| tree | pages | floor | doclint check | ratio | peak memory |"
sep="|---|---:|---:|---:|---:|---:|"
for p in "${peers[@]}"; do header+=" $p |"; sep+="---:|"; done
echo "peers: $peer_runs runs each, no warm-up; skipped on the 100k tree and after a run over 20 s on a smaller synthetic tree"
echo "machine: $(nproc) cores, $(free -g | awk '/Mem/ {print $2}') GiB; threads: $threads; median of $((rounds * per_round)) runs (hyperfine; floor and doclint alternate in $rounds rounds); peer ratios are peer/doclint, only where the peer takes ≥ 50 ms"
echo
echo "$header"
echo "$sep"
for n in ${SIZES:-1000 10000 100000}; do
    name="synthetic-$((n / 1000))k"
    [ -d "$out/$name" ] || "$gen" "$out/$name" "$n" >/dev/null 2>&1
    row "$name" "$out/$name" docs
done

corpora=../shared/corpora
if [ -d "$corpora" ] && [ -z "${NO_CORPORA:-}" ]; then
    for spec in nemo-gym:docs nemo-rl:docs nemo-curator:docs fastapi/docs/en:docs fastapi:docs pydantic:docs mkdocs-material:docs react-native:docs rust-book:src; do
        src=${spec%%:*}; docs=${spec#*:}
        name=$(echo "$src" | tr '/' '-')
        dest="$out/corpora/$name"
        if [ ! -d "$dest" ]; then
            mkdir -p "$(dirname "$dest")" && cp -r "$corpora/$src" "$dest" && chmod -R u+w "$dest"
            (cd "$dest" && "$doclint" init --root "$docs" --force >/dev/null 2>&1)
        fi
        row "$name" "$dest" "$docs"
    done
else
    echo "(real trees skipped: NO_CORPORA is set or ../shared/corpora is not present)"
fi
