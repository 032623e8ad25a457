#!/usr/bin/env bash
# doclint stress scenarios: inputs that once made a check super-linear, each built from the
# generated 10k-page tree. A whole-tree check must stay within a small factor of the clean
# tree's time on every one of them; this prints the times (hyperfine medians) and the phase
# that dominates, so a regression shows which loop went quadratic again.
#
#     bash benches/stress.sh              # every scenario, 5 runs each
#     RUNS=3 SCENARIOS="moves renamed" bash benches/stress.sh
#
# Scenarios (trees under target/bench/stress/):
#   clean      the generated tree and its glob manifest (the reference)
#   init       the manifest `doclint init` writes: every page listed (10,500 lines)
#   moves      2,000 removed pages, 300 page moves and 5 directory moves in [[moved]]
#   renamed    1,000 pages renamed on disk: ~10,000 broken links, each with a suggestion
#   ghosts     the init manifest plus 1,000 entries for pages that do not exist (rendered
#              as human output: 1,000 snippets of an 11,500-line manifest)
#   stray      20,000 pages in 2,000 directories the manifest does not declare
# Needs hyperfine and python3. (doclint exits 1 on findings: pipelines below allow it.)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
command -v hyperfine >/dev/null || { echo "hyperfine is needed: apt-get install hyperfine" >&2; exit 2; }

runs=${RUNS:-5}
scenarios=${SCENARIOS:-"clean init moves renamed ghosts stray"}
out=target/bench/stress
cargo build --release --quiet --bin doclint --example gen_tree
doclint="$PWD/target/release/doclint"
base="$out/clean"
[ -f "$base/scope.toml" ] || target/release/examples/gen_tree "$base" 10000 >/dev/null 2>&1

# A fresh copy of the clean tree (never a symlink: checks refuse roots that leave the project).
copy() { rm -rf "$out/$1" && mkdir -p "$out/$1" && cp -r "$base/docs" "$out/$1/docs" && cp "$base/scope.toml" "$out/$1/scope.toml"; }
init_manifest() { (cd "$out/$1" && rm -f scope.toml && "$doclint" init >/dev/null 2>&1); }

build() {
    case "$1" in
    clean) ;;
    init) copy init && init_manifest init ;;
    moves)
        copy moves
        python3 - "$out/moves" <<'EOF'
import os, random, sys
root = sys.argv[1]
random.seed(1)
pages = sorted(f"{d}/{f}" for d in os.listdir(f"{root}/docs") if d.startswith("section-") and d < "section-090"
               for f in os.listdir(f"{root}/docs/{d}") if f != "index.md")
with open(f"{root}/scope.toml", "a") as m:
    for p in random.sample(pages, 300):
        m.write(f'\n[[moved]]\nfrom = "{p}"\nto = "{p.split("/")[0]}/index.md"\n')
    for i in range(5):
        m.write(f'\n[[moved]]\nfrom = "section-09{i}/"\nto = "section-00{i}/"\n')
    for i in range(2000):
        m.write(f'\n[[moved]]\nfrom = "legacy/part-{i:04d}/page.md"\n')
EOF
        ;;
    renamed)
        copy renamed
        python3 - "$out/renamed" <<'EOF'
import os, sys
root = sys.argv[1] + "/docs"
n = 0
for d in sorted(os.listdir(root)):
    if not d.startswith("section-"):
        continue
    for f in sorted(os.listdir(f"{root}/{d}")):
        if f.endswith("3.md") and n < 1000:
            os.rename(f"{root}/{d}/{f}", f"{root}/{d}/renamed-{f}")
            n += 1
EOF
        ;;
    ghosts)
        copy ghosts && init_manifest ghosts
        python3 - "$out/ghosts" <<'EOF'
import sys
path = sys.argv[1] + "/scope.toml"
out = []
for line in open(path).read().split("\n"):
    out.append(line)
    if line.startswith("[sections.section-") and line.endswith(".pages]"):
        out.extend(f'"ghost-{i}.md" = "how-to"' for i in range(10))
open(path, "w").write("\n".join(out))
EOF
        ;;
    stray)
        rm -rf "$out/stray" && mkdir -p "$out/stray"
        python3 - "$out/stray" <<'EOF'
import os, sys
root = sys.argv[1]
for a in range(50):
    for b in range(40):
        d = f"{root}/docs/area-{a}/topic-{b}"
        os.makedirs(d)
        for c in range(10):
            open(f"{d}/page-{c}.md", "w").write(f"# Page {a} {b} {c}\n\nSome text.\n")
open(f"{root}/docs/index.md", "w").write("# Home\n")
open(f"{root}/scope.toml", "w").write('[docs]\nroot = "docs"\n\n[sections.area-0]\ntitle = "Zero"\n')
EOF
        ;;
    esac
}

printf '| scenario | pages | findings | doclint (median) | slowest phase after parsing |\n|---|---:|---:|---:|---|\n'
for s in $scenarios; do
    build "$s"
    dir="$out/$s"
    format=json
    [ "$s" = ghosts ] && format=human
    cmd="$doclint check --manifest $dir/scope.toml --format $format --color never"
    hyperfine -N -i -w 1 -r "$runs" --export-json "$out/$s.json" "$cmd" >/dev/null 2>&1
    median=$(python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['results'][0]['median'])" "$out/$s.json")
    findings=$("$doclint" check --manifest "$dir/scope.toml" --format json 2>/dev/null | python3 -c "import json,sys; print(len(json.load(sys.stdin)['diagnostics']))" || true)
    phase=$(DOCLINT_TIMINGS=1 $cmd 2>&1 >/dev/null | python3 -c '
import re, sys
phases = {}
for line in sys.stdin:
    m = re.match(r"doclint timing: (.+?)\s+([\d.]+) ms", line)
    if m:
        name, ms = m.group(1), float(m.group(2))
        if name not in ("total (to exit)", "walk", "read+parse") and not name.startswith("dup: "):
            phases[name] = ms
name = max(phases, key=phases.get)
print(f"{name} ({phases[name]:.1f} ms)")' || true)
    pages=$(find "$dir/docs" -name '*.md' | wc -l)
    printf '| %s | %d | %d | %.3f s | %s |\n' "$s" "$pages" "$findings" "$median" "$phase"
done
