#!/bin/sh
# LSP benchmark: the judge's instrument (../shared/tools/lsp-latency.py) on corpus rules of
# several sizes, then the keystroke replay. Usage: bench/lsp/run.sh [path/to/detlint]
# Build first: cargo build --release --bin detlint
set -eu
cd "$(dirname "$0")/../.."
BIN=${1:-target/release/detlint}
CORPUS=../shared/corpus/sigma/rules
TOOL=${LSP_LATENCY:-../shared/tools/lsp-latency.py}
if [ ! -d "$CORPUS" ]; then echo "skipping: ../shared/corpus not present"; exit 0; fi
small=$CORPUS/windows/process_creation/proc_creation_win_7zip_exfil_dmp_files.yml
big=$(python3 - <<'PY'
from pathlib import Path
best = max(((p.read_text(encoding="utf-8", errors="replace").count("\n"), str(p))
            for p in Path("../shared/corpus/sigma/rules").rglob("*.yml")
            if p.read_text(encoding="utf-8", errors="replace").count("\n") <= 300), default=(0, ""))
print(best[1])
PY
)
p99() { python3 -c 'import json,sys; v=sorted(json.load(open(sys.argv[1]))["edit_samples_ms"]); k=(len(v)-1)*0.99; print("edit -> diagnostics p99: %.2f ms" % (v[int(k)]+(v[min(int(k)+1,len(v)-1)]-v[int(k)])*(k-int(k))))' "$1"; }
out=$(mktemp)
for f in "$small" "$big"; do
  echo "== lsp-latency.py on $f ($(wc -l < "$f") lines)"
  python3 "$TOOL" --file "$f" --edits 200 --settle-ms 20 --json "$out" -- "$BIN" lsp; p99 "$out"
  echo "== same, alternating type/delete, full sync"
  python3 "$TOOL" --file "$f" --edits 200 --settle-ms 20 --alternate --sync full --json "$out" -- "$BIN" lsp; p99 "$out"
done
echo "== $big with the whole corpus as the workspace (9,300 files indexed in the background meanwhile)"
python3 "$TOOL" --file "$big" --root ../shared/corpus --edits 200 --json "$out" -- "$BIN" lsp; p99 "$out"
rm -f "$out"
echo "== keystroke replay of $big"
python3 bench/lsp/replay.py --rule "$big" -- "$BIN" lsp
