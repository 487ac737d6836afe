#!/bin/sh
# LSP benchmark: the judge's instrument (/work/shared/tools/lsp-latency.py) on corpus rules of
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
for f in "$small" "$big"; do
  echo "== lsp-latency.py on $f ($(wc -l < "$f") lines)"
  python3 "$TOOL" --file "$f" --edits 200 --settle-ms 20 -- "$BIN" lsp
  echo "== same, alternating type/delete, full sync"
  python3 "$TOOL" --file "$f" --edits 200 --settle-ms 20 --alternate --sync full -- "$BIN" lsp
done
echo "== keystroke replay of $big"
python3 bench/lsp/replay.py --rule "$big" -- "$BIN" lsp
