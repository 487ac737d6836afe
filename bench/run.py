#!/usr/bin/env python3
"""detlint benchmark suite: one command reproduces docs/benchmarks.md's tables.

    python3 bench/run.py [--runs 5] [--corpus ../shared/corpus] [--skip-anchors] [--skip-lsp]

Measures (median of --runs runs after one uncounted warm-up, with min-max spread; wall from a
monotonic clock, CPU = user+sys and peak RSS from the child's rusage):
  * `detlint check` over each vendor of the corpus and over all of it (files per second),
  * on the same Sigma files in the same run: `cat` (reading the files), rsigma's
    `rsigma rule lint DIR` and sigma-cli's `sigma check -x attacktag -x d3_fendtag`, with ratios,
  * `detlint catalog build` over the whole corpus, the embedded-catalog load (example
    `catalog_load`), binary size,
  * scaling: `detlint check` at 1x, 2x and 4x the corpus (copies under new names in a temp dir),
  * LSP latencies with ../shared/tools/lsp-latency.py (didOpen, didChange -> diagnostics).

Anchors are installed into ~/.cache/detlint-bench (outside the repository) when missing:
sigma-cli in a virtual environment from PyPI, rsigma with `cargo install rsigma@0.23.0`
(about 20 minutes on 2 cores, once).
"""

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CACHE = Path(os.environ.get("DETLINT_BENCH_CACHE", Path.home() / ".cache" / "detlint-bench"))
DETLINT = ROOT / "target" / "release" / "detlint"
VENDORS = ["sigma", "elastic", "splunk", "sentinel", "panther"]


def sh(cmd, **kw):
    return subprocess.run(cmd, check=True, **kw)


def timed(cmd, cwd=None):
    """Run cmd; return (wall s, cpu s, peak RSS MB). Wall from a monotonic clock around the
    child (microseconds, where /usr/bin/time rounds to 10 ms), CPU and peak RSS from the
    child's rusage (its waited-for children included, as /usr/bin/time reports them)."""
    start = time.perf_counter()
    p = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, _, ru = os.wait4(p.pid, 0)
    wall = time.perf_counter() - start
    p.returncode = 0  # reaped above
    return wall, ru.ru_utime + ru.ru_stime, ru.ru_maxrss / 1024.0


def measure(cmd, runs, cwd=None):
    timed(cmd, cwd)  # warm-up (page cache, binary pages), not counted
    samples = [timed(cmd, cwd) for _ in range(runs)]
    walls = [s[0] for s in samples]
    cpus = [s[1] for s in samples]
    rss = [s[2] for s in samples]
    return {
        "wall": statistics.median(walls), "wall_min": min(walls), "wall_max": max(walls),
        "cpu": statistics.median(cpus), "rss": max(rss),
    }


def count_files(path):
    exts = {".yml", ".yaml", ".toml", ".py"}
    return sum(1 for p in Path(path).rglob("*") if p.is_file() and p.suffix.lower() in exts)


def ensure_anchors():
    venv = CACHE / "venv"
    sigma = venv / "bin" / "sigma"
    if not sigma.exists():
        sh([sys.executable, "-m", "venv", str(venv)])
        sh([str(venv / "bin" / "pip"), "install", "-q", "sigma-cli"])
    rsigma = CACHE / "rsigma" / "bin" / "rsigma"
    if not rsigma.exists():
        print("installing rsigma 0.23.0 into", CACHE, "(about 20 minutes on 2 cores)", file=sys.stderr)
        sh(["cargo", "install", "rsigma@0.23.0", "--locked", "--root", str(CACHE / "rsigma")],
           env=dict(os.environ, CARGO_TARGET_DIR=str(CACHE / "target")))
    return sigma, rsigma


def version(cmd):
    try:
        return subprocess.run(cmd, capture_output=True, text=True, timeout=60).stdout.strip().splitlines()[0]
    except Exception as e:  # noqa: BLE001
        return f"unknown ({e})"


def fmt_row(name, m, files=None, base=None):
    fps = f"{files / m['wall']:,.0f}" if files else ""
    ratio = f"{m['wall'] / base:.1f}×" if base else ""
    return (f"| {name} | {m['wall']:.3f} ({m['wall_min']:.3f}–{m['wall_max']:.3f}) | {m['cpu']:.3f} | "
            f"{m['rss']:.0f} | {fps} | {ratio} |")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--corpus", default=str(ROOT.parent / "shared" / "corpus"))
    ap.add_argument("--skip-anchors", action="store_true")
    ap.add_argument("--skip-lsp", action="store_true")
    ap.add_argument("--skip-scaling", action="store_true")
    ap.add_argument("--json", help="also write all figures to this file")
    a = ap.parse_args()
    corpus = Path(a.corpus)
    if not corpus.is_dir():
        sys.exit(f"no corpus at {corpus}: pass --corpus")
    sh(["cargo", "build", "--release", "--quiet", "--bin", "detlint", "--example", "catalog_load"], cwd=ROOT)
    results = {}
    out = []
    out.append(f"Machine: {platform.machine()}, {os.cpu_count()} cores, {platform.platform()}; "
               f"{version([str(DETLINT), '--version'])}; runs per figure: {a.runs} (median, min–max).\n")
    sigma_dir = corpus / "sigma"
    files = {v: count_files(corpus / v) for v in VENDORS if (corpus / v).is_dir()}
    files["all"] = sum(files.values())

    out.append("### detlint check per vendor\n")
    out.append("| command | wall s (spread) | CPU s | peak MB | files/s | |")
    out.append("|---|---|---|---|---|---|")
    for v in VENDORS + ["all"]:
        target = corpus if v == "all" else corpus / v
        if not target.exists():
            continue
        m = measure([str(DETLINT), "check", "--output-format", "json", str(target)], a.runs)
        results[f"check_{v}"] = m
        out.append(fmt_row(f"`detlint check` {v} ({files[v]} files)", m, files[v]))

    out.append("\n### Sigma rules: detlint against the anchors, same files, same run\n")
    out.append("| command | wall s (spread) | CPU s | peak MB | files/s | ratio to detlint |")
    out.append("|---|---|---|---|---|---|")
    base = results["check_sigma"]["wall"]
    sig_files = [str(p) for p in sigma_dir.rglob("*.yml")]
    cat = measure(["sh", "-c", f"find {sigma_dir} -name '*.yml' -print0 | xargs -0 cat > /dev/null"], a.runs)
    out.append(fmt_row("read the files (`cat`)", cat, len(sig_files), base))
    out.append(fmt_row("`detlint check`", results["check_sigma"], len(sig_files), base))
    if not a.skip_anchors:
        sigma, rsigma = ensure_anchors()
        m = measure([str(rsigma), "rule", "lint", str(sigma_dir)], a.runs)
        results["rsigma"] = m
        out.append(fmt_row(f"`rsigma rule lint` ({version([str(rsigma), '--version'])})", m, len(sig_files), base))
        m = measure([str(sigma), "check", "-x", "attacktag", "-x", "d3_fendtag", str(sigma_dir)], max(1, min(a.runs, 3)))
        results["sigma_cli"] = m
        out.append(fmt_row(f"`sigma check -x attacktag -x d3_fendtag` ({version([str(sigma), 'version'])})", m, len(sig_files), base))

    out.append("\n### Sigma rules: what the time is made of (checks selected with `--select` / `--ignore`)\n")
    out.append("| command | wall s (spread) | CPU s | peak MB | files/s | ratio to all checks |")
    out.append("|---|---|---|---|---|---|")
    for label, extra in [("parsing only (`--select DL001`)", ["--select", "DL001"]),
                         ("parsing + Sigma checks (`--select DL0,DL1,DL2`)", ["--select", "DL0,DL1,DL2"]),
                         ("all but the corpus checks (`--ignore DL3`)", ["--ignore", "DL3"])]:
        m = measure([str(DETLINT), "check", "--output-format", "json"] + extra + [str(sigma_dir)], a.runs)
        results[f"breakdown {label}"] = m
        out.append(fmt_row(label, m, len(sig_files), base))
    out.append(fmt_row("all checks", results["check_sigma"], len(sig_files), base))

    out.append("\n### Catalog\n")
    with tempfile.TemporaryDirectory() as tmp:
        m = measure([str(DETLINT), "catalog", "build", str(corpus), "-o", f"{tmp}/catalog.json"], a.runs)
        results["catalog_build"] = m
        size = Path(f"{tmp}/catalog.json").stat().st_size
    load = subprocess.run([str(ROOT / "target" / "release" / "examples" / "catalog_load")], capture_output=True, text=True).stdout.strip()
    out.append(f"- `detlint catalog build {os.path.relpath(corpus, ROOT)}`: {m['wall']:.2f} s wall ({m['wall_min']:.2f}–{m['wall_max']:.2f}), "
               f"{m['cpu']:.2f} s CPU, {m['rss']:.0f} MB peak; catalog file {size / 1e6:.1f} MB.")
    out.append(f"- embedded catalog load (`cargo run --release --example catalog_load`): {load}")
    out.append(f"- release binary: {DETLINT.stat().st_size / 1e6:.1f} MB.")

    if not a.skip_scaling:
        out.append("\n### Scaling: the whole corpus at 1×, 2×, 4× (copies under new names)\n")
        out.append("The copies are duplicates of each other by construction, so from 2× on every rule also "
                   "gets duplicate-id, duplicate-title, duplicate-filename and near-duplicate findings "
                   "(each naming the other copies). The second table runs the same folders with those four "
                   "checks ignored: what is left is the cost of the engine itself.\n")
        duplicate_checks = "DL104,DL125,DL126,DL303"
        tables = {"all checks": [], f"`--ignore {duplicate_checks}`": []}
        with tempfile.TemporaryDirectory() as tmp:
            for k in (1, 2, 4):
                d = Path(tmp) / f"x{k}"
                for i in range(k):
                    shutil.copytree(corpus, d / f"copy{i}", dirs_exist_ok=True)
                n = count_files(d)
                for (title, rows), extra in zip(tables.items(), ([], ["--ignore", duplicate_checks])):
                    cmd = [str(DETLINT), "check", "--output-format", "json"] + extra + [str(d)]
                    m = measure(cmd, max(1, a.runs // 2))
                    results[f"scale_{k}" + ("_nodup" if extra else "")] = m
                    report = subprocess.run(cmd, capture_output=True).stdout
                    findings = len(json.loads(report or b"[]"))
                    rows.append(f"| {k} | {n} | {m['wall']:.3f} | {m['cpu']:.3f} | {m['rss']:.0f} | "
                                f"{1000 * m['wall'] / n:.3f} | {findings:,} | {len(report) / 1e6:.1f} |")
        for title, rows in tables.items():
            out.append(f"\n{title}:\n")
            out.append("| copies | files | wall s | CPU s | peak MB | wall per 1,000 files | findings | JSON output MB |")
            out.append("|---|---|---|---|---|---|---|---|")
            out.extend(rows)

    if not a.skip_lsp:
        tool = ROOT.parent / "shared" / "tools" / "lsp-latency.py"
        fixture = next(iter(sorted(sigma_dir.rglob("proc_creation_win_*.yml"))), None)
        if tool.exists() and fixture:
            with tempfile.TemporaryDirectory() as tmp:
                copy = Path(tmp) / fixture.name
                shutil.copy(fixture, copy)
                p = subprocess.run([sys.executable, str(tool), "--file", str(copy), "--language-id", "yaml", "--edits", "200",
                                    "--sync", "incremental", "--json", f"{tmp}/lsp.json", "--", str(DETLINT), "lsp"],
                                   capture_output=True, text=True)
                out.append("\n### Language server (`../shared/tools/lsp-latency.py`, 200 edits, incremental sync)\n")
                shown = (p.stdout.strip() or p.stderr.strip()).replace(str(ROOT) + "/", "")
                out.append("```\n" + shown + "\n```")
    print("\n".join(out))
    if a.json:
        Path(a.json).write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
