"""Measure newsparse side by side with its floor, and print one table.

Rows: startup against a minimal click app (``minimal_click_app.py``; also
``minimal_click_app_frozen.py``, with newsparse's start-up collector set-up) and
``python -c pass``; single-process throughput against ``benchmarks/reference.py``;
the HTML-heavy case; ``parse -j 2`` and ``convert -j 2`` against ``-j 1``; peak
memory of parse, convert and check; time per article at two sizes. With
``--compiled PYTHON`` (an interpreter with the mypyc build, ``NEWSPARSE_MYPYC=1
pip install .``) the startup and throughput rows get a column for it.
Each timed command runs in a fresh process. Startup and throughput are CPU time
(user + sys of the process and its children), with the compared commands run
in turn, so that a busy machine slows both sides alike; the parallel rows are
wall time. Peak memory is the child's ``ru_maxrss``, read in a fresh wrapper
process per measurement.

    python3 benchmarks/run.py            # quick: a few minutes
    python3 benchmarks/run.py --full     # 20k / 10k+100k / 1 GB / 1M articles
    python3 benchmarks/run.py --rows startup,throughput

Corpora are generated (deterministically) under benchmarks/corpus/ and deleted
afterwards unless --keep is given. Commands that do not exist yet are shown as
"n/a: command not available".
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
SEED_FILE = ROOT / "samples" / "000_0833b96511dd5aaf.txt"
ROWS = (
    "startup",
    "throughput",
    "html",
    "parse-jobs",
    "parallel",
    "memory",
    "check",
    "scaling",
    "stats",
    "cluster",
)
MB = 1024 * 1024

# Runs a command with stdout and stderr discarded, then reports its wall time and
# the peak RSS of its process tree's largest process (ru_maxrss of the children).
_WRAPPER = """
import json, resource, subprocess, sys, time
start = time.perf_counter()
code = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode
wall = time.perf_counter() - start
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
cpu = usage.ru_utime + usage.ru_stime
print(json.dumps({"code": code, "wall": wall, "cpu": cpu, "maxrss_kb": usage.ru_maxrss}))
"""


@dataclass(frozen=True)
class Sizes:
    throughput: int
    html: int
    scaling: tuple[int, int]
    big_file: int
    check: int
    check_body: str | None


QUICK = Sizes(
    throughput=5_000,
    html=1_000,
    scaling=(2_000, 10_000),
    big_file=50 * MB,
    check=20_000,
    check_body=None,
)
FULL = Sizes(
    throughput=20_000,
    html=5_000,
    scaling=(10_000, 100_000),
    big_file=1024 * MB,
    check=1_000_000,
    check_body="300:1500",
)


@dataclass
class Run:
    code: int
    wall: float
    cpu: float  # user + sys of the whole process tree (cluster workers included)
    maxrss_mb: float


@dataclass
class Row:
    measure: str
    value: str
    baseline: str = ""
    ratio: str = ""
    target: str = ""
    result: str = ""
    compiled: str = ""  # the same measure with the mypyc build (--compiled)


def log(message: str) -> None:
    print(f"[bench] {message}", file=sys.stderr, flush=True)


class Bench:
    def __init__(self, args: argparse.Namespace) -> None:
        self.python: str = args.python
        self.exe: list[str] = (
            [args.newsparse] if args.newsparse else [self.python, "-m", "newsparse"]
        )
        self.compiled: list[str] | None = None
        if args.compiled:
            script = _default_newsparse(args.compiled, beside_only=True)
            self.compiled = [script] if script else [args.compiled, "-m", "newsparse"]
        self.sizes = FULL if args.full else QUICK
        self.work: Path = args.workdir
        self.keep: bool = args.keep
        self.runs: int = args.runs
        self.rows: list[Row] = []
        self.commands: list[str] = []
        self.made: list[Path] = []  # corpora, kept with --keep
        self.outputs: list[Path] = []  # what commands wrote, always deleted
        self.work.mkdir(parents=True, exist_ok=True)

    # --- running ---------------------------------------------------------------

    def measure(self, argv: Sequence[str], *, record: bool = True) -> Run:
        if record:
            self.commands.append(" ".join(_short(a) for a in argv))
        out = subprocess.run(
            [self.python, "-c", _WRAPPER, *argv], capture_output=True, text=True, check=True
        ).stdout
        data = json.loads(out)
        return Run(data["code"], data["wall"], data["cpu"], data["maxrss_kb"] / 1024)

    def best(self, argv: Sequence[str], repeat: int) -> Run:
        runs = [self.measure(argv, record=i == 0) for i in range(repeat)]
        return min(runs, key=lambda r: r.wall)

    def best_cpu(self, commands: dict[str, list[str]], repeat: int) -> dict[str, float]:
        """The least CPU time of each command over ``repeat`` rounds, the commands
        taking turns within each round (interleaved, not one after the other)."""
        best = dict.fromkeys(commands, float("inf"))
        for i in range(repeat):
            for name, argv in commands.items():
                best[name] = min(best[name], self.measure(argv, record=i == 0).cpu)
        return best

    def available(self, command: str) -> bool:
        done = subprocess.run([*self.exe, command, "--help"], capture_output=True, text=True)
        return done.returncode == 0

    def option_available(self, command: str, option: str) -> bool:
        done = subprocess.run([*self.exe, command, "--help"], capture_output=True, text=True)
        return done.returncode == 0 and option in done.stdout

    # --- corpora ---------------------------------------------------------------

    def corpus(self, name: str, *generate_args: str) -> Path:
        path = self.work / name
        marker = self.work / f"{name}.done"
        if not marker.exists():
            if path.is_dir():
                shutil.rmtree(path)
            elif path.exists():
                path.unlink()
            log(f"generating {name} ...")
            subprocess.run(
                [self.python, str(HERE / "generate.py"), str(path), *generate_args], check=True
            )
            marker.write_text(" ".join(generate_args) + "\n")
        self.made.extend([path, marker])
        return path

    def output_folder(self, name: str) -> Path:
        """A folder for one run's outputs that does not exist yet (never one just
        emptied: see the parallel row); cleanup() deletes it at the end."""
        path = self.work / name
        number = 1
        while path.exists():
            number += 1
            path = self.work / f"{name}.{number}"
        self.outputs.append(path)
        return path

    def memory_folder(self) -> Path:
        """A folder in RAM (/dev/shm) where there is one, else output_folder's: for a
        row whose output is big and whose point is CPU, not the disk."""
        shm = Path("/dev/shm")
        # Room for three outputs of the throughput corpus (-o writes a temporary file
        # beside the old one): 112 MB each with --full; Docker's default is 64 MB.
        if (
            shm.is_dir()
            and os.access(shm, os.W_OK)
            and shutil.disk_usage(shm).free > 3 * 120 * 1024 * 1024
        ):
            path = shm / f"newsparse-bench-{os.getpid()}"
            path.mkdir(exist_ok=True)
            self.outputs.append(path)
            return path
        path = self.output_folder("out-memory")
        path.mkdir(parents=True)
        return path

    def cleanup(self) -> None:
        for path in self.outputs if self.keep else self.outputs + self.made:
            if path.is_dir():
                shutil.rmtree(path, ignore_errors=True)
            elif path.exists():
                path.unlink()
        with contextlib.suppress(OSError):
            self.work.rmdir()  # only when empty

    # --- rows ------------------------------------------------------------------

    def startup(self) -> None:
        seed = str(SEED_FILE)
        cases = {
            "pass": [self.python, "-c", "pass"],
            "click": [self.python, "-c", "import click"],
            "app": [self.python, str(HERE / "minimal_click_app.py"), seed],
            "frozen app": [self.python, str(HERE / "minimal_click_app_frozen.py"), seed],
            "parse": [*self.exe, "parse", seed],
            "module": [self.python, "-m", "newsparse", "parse", seed],
            "version": [*self.exe, "--version"],
        }
        if self.compiled:
            cases["compiled"] = [*self.compiled, "parse", seed]
        times = _cpu_timings(cases, self.runs)
        for argv in cases.values():
            self.commands.append(" ".join(_short(a) for a in argv) + f"   (x{self.runs})")
        app = times["app"][0]

        def row(
            label: str, name: str, target: float | None, compiled: str = "", floor: str = "app"
        ) -> None:
            low, mid = times[name]
            base = times[floor][0]
            ratio = low / base
            against = {"app": "minimal click app", "frozen app": "frozen click app"}[floor]
            self.rows.append(
                Row(
                    label,
                    f"{low * 1000:.1f} ms (median {mid * 1000:.1f})",
                    f"{against}: {base * 1000:.1f} ms",
                    f"{ratio:.2f}x",
                    f"<= {target}x" if target else "",
                    _verdict(ratio <= target) if target else "",
                    compiled,
                )
            )

        compiled = ""
        if "compiled" in times:
            compiled = f"{times['compiled'][0] * 1000:.1f} ms ({times['compiled'][0] / app:.2f}x)"
        row("Startup: newsparse parse seed.txt (CPU)", "parse", 1.3, compiled)
        # What newsparse itself adds: the floor with the collector set up as
        # newsparse/__main__.py sets it, which alone takes a fifth off click's import.
        row("Startup: newsparse parse seed.txt, like for like", "parse", None, floor="frozen app")
        row("Startup: python -m newsparse parse seed.txt", "module", None)
        row("Startup: newsparse --version", "version", None)
        row("Startup: python -c 'import click'", "click", None)
        row("Startup: python -c pass", "pass", None)

    def throughput(self) -> None:
        n = self.sizes.throughput
        corpus = self.corpus(f"tree-{n}", "--articles", str(n))
        commands = {
            "ours": [*self.exe, "parse", str(corpus), "-f", "jsonl"],
            "ref": [self.python, str(HERE / "reference.py"), str(corpus)],
        }
        if self.compiled:
            commands["compiled"] = [*self.compiled, "parse", str(corpus), "-f", "jsonl"]
        cpu = self.best_cpu(commands, 3)
        ratio = cpu["ours"] / cpu["ref"]
        compiled = ""
        if "compiled" in cpu:
            c_ratio = cpu["compiled"] / cpu["ref"]
            compiled = (
                f"{_per(cpu['compiled'], n)}: {c_ratio:.2f}x, target <= 3.3x: "
                f"{_verdict(c_ratio <= 3.3)}"
            )
        self.rows.append(
            Row(
                f"Throughput: parse {n:,} articles -f jsonl (CPU)",
                _per(cpu["ours"], n),
                f"reference.py: {_per(cpu['ref'], n)}",
                f"{ratio:.2f}x",
                "<= 4.0x",
                _verdict(ratio <= 4.0),
                compiled,
            )
        )

    def parse_jobs(self) -> None:
        label = "Parallel: parse -j 2 vs -j 1"
        if not self.option_available("parse", "--jobs"):
            self.rows.append(Row(label, "n/a: command not available"))
            return
        n = self.sizes.throughput
        corpus = self.corpus(f"tree-{n}", "--articles", str(n))
        walls: dict[int, float] = {1: float("inf"), 2: float("inf")}
        # Written to RAM: 105 MB of JSON Lines written to disk, and written back by the
        # kernel during the next run, made -j 2 take 1.84 to 2.97 s from one run to the
        # next on the 2-core machine; to /dev/shm, 1.80 to 1.96 s. -o replaces each
        # round's file, so only two are held, and a third while one is replaced.
        folder = self.memory_folder()
        outputs = {jobs: folder / f"articles-j{jobs}.jsonl" for jobs in (1, 2)}
        for i in range(5):
            for jobs in (1, 2):
                run = self.measure(
                    [*self.exe, "parse", str(corpus), "-j", str(jobs), "-o", str(outputs[jobs])],
                    record=i == 0,
                )
                if run.code != 0:
                    raise SystemExit(f"parse -j {jobs} failed (exit {run.code})")
                walls[jobs] = min(walls[jobs], run.wall)
        same = outputs[1].read_bytes() == outputs[2].read_bytes()
        speedup = walls[1] / walls[2]
        self.rows.append(
            Row(
                f"{label} ({n:,} articles, wall time)",
                f"-j 2: {walls[2]:.2f} s",
                f"-j 1: {walls[1]:.2f} s; output {'byte-identical' if same else 'DIFFERS'}",
                f"{speedup:.2f}x faster",
                ">= 1.7x, identical",
                _verdict(speedup >= 1.7 and same),
            )
        )

    def html(self) -> None:
        n = self.sizes.html
        plain = self.corpus(f"plain-{n}", "--articles", str(n), "--html-share", "0", "--seed", "3")
        heavy = self.corpus(f"html-{n}", "--articles", str(n), "--html-share", "1", "--seed", "3")
        a = self.best([*self.exe, "parse", str(plain)], 3)
        b = self.best([*self.exe, "parse", str(heavy)], 3)
        self.rows.append(
            Row(
                f"HTML-heavy: parse {n:,} articles, all with HTML",
                _per(b.wall, n),
                f"same, no HTML: {_per(a.wall, n)}",
                f"{b.wall / a.wall:.2f}x",
                "reasonable (peers: ~5 ms/doc)",
                "",
            )
        )

    def parallel(self) -> None:
        label = "Parallel: convert -j 2 vs -j 1"
        if not self.option_available("convert", "-j"):
            self.rows.append(Row(label, "n/a: command not available"))
            return
        n = self.sizes.throughput
        tree = self.corpus(f"tree-{n}", "--articles", str(n))
        packed = self.corpus(f"packed-{n}", "--articles", str(n), "--per-file", "100")
        cases: tuple[tuple[Path, list[str], str], ...] = (
            (tree, [], "one .json per article"),
            (packed, ["-f", "jsonl"], "100 records a file, -f jsonl"),
        )
        for corpus, extra, detail in cases:
            walls: dict[int, float] = {1: float("inf"), 2: float("inf")}
            # Runs alternate (-j 1, -j 2, -j 1, -j 2), each into a folder of its own that
            # is deleted only at the end. Deleting a tree of files just before a run
            # would time the file system instead: for a few minutes after many deletions
            # ext4 skips recently freed inode numbers, scanning inode tables under a
            # lock on every file it creates (see benchmarks/README.md).
            for i in range(2):
                for jobs in (1, 2):
                    out = self.output_folder(f"out-{corpus.name}-j{jobs}-{i}")
                    run = self.measure(
                        [
                            *self.exe,
                            "convert",
                            str(corpus),
                            "-o",
                            str(out),
                            "-j",
                            str(jobs),
                            *extra,
                        ],
                        record=i == 0,
                    )
                    walls[jobs] = min(walls[jobs], run.wall)
            speedup = walls[1] / walls[2]
            self.rows.append(
                Row(
                    f"{label} ({n:,} articles, {detail})",
                    f"-j 2: {walls[2]:.2f} s",
                    f"-j 1: {walls[1]:.2f} s",
                    f"{speedup:.2f}x faster",
                    ">= 1.7x",
                    _verdict(speedup >= 1.7),
                )
            )

    def memory(self) -> None:
        size = self.sizes.big_file
        big = self.corpus(f"big-{size // MB}M", "--single-file", "--size", str(size))
        label = f"{size / MB:,.0f} MB single file"
        run = self.measure([*self.exe, "parse", str(big)])
        self.rows.append(
            Row(
                f"Memory: parse {label}",
                f"{run.maxrss_mb:.0f} MB peak RSS",
                f"{run.wall:.1f} s",
                "",
                "<= 150 MB",
                _verdict(run.maxrss_mb <= 150),
            )
        )
        if self.option_available("parse", "--jobs"):
            run = self.measure([*self.exe, "parse", "-j", "2", str(big)])
            self.rows.append(
                Row(
                    f"Memory: parse -j 2 {label}",
                    f"{run.maxrss_mb:.0f} MB peak RSS (largest process)",
                    f"{run.wall:.1f} s",
                    "",
                    "<= 150 MB",
                    _verdict(run.maxrss_mb <= 150),
                )
            )
        if self.available("convert"):
            out = self.output_folder("out-big")
            run = self.measure([*self.exe, "convert", str(big), "-o", str(out)])
            self.rows.append(
                Row(
                    f"Memory: convert {label}",
                    f"{run.maxrss_mb:.0f} MB peak RSS",
                    f"{run.wall:.1f} s",
                    "",
                    "<= 150 MB",
                    _verdict(run.maxrss_mb <= 150),
                )
            )
        else:
            self.rows.append(Row(f"Memory: convert {label}", "n/a: command not available"))
        if self.available("check"):
            run = self.measure([*self.exe, "check", str(big)])
            self.rows.append(
                Row(
                    f"Memory: check {label}",
                    f"{run.maxrss_mb:.0f} MB peak RSS",
                    f"{run.wall:.1f} s",
                    "",
                    "flat",
                    "",
                )
            )
        else:
            self.rows.append(Row(f"Memory: check {label}", "n/a: command not available"))

    def check(self) -> None:
        n = self.sizes.check
        label = f"Memory: check {n:,} articles"
        if not self.available("check"):
            self.rows.append(Row(label, "n/a: command not available"))
            return
        extra = ["--body-size", self.sizes.check_body] if self.sizes.check_body else []
        corpus = self.corpus(
            f"check-{n}",
            "--articles",
            str(n),
            "--per-file",
            "1000",
            "--duplicate-share",
            "0.01",
            *extra,
        )
        run = self.measure([*self.exe, "check", str(corpus)])
        self.rows.append(
            Row(
                label,
                f"{run.maxrss_mb:.0f} MB peak RSS",
                f"{run.wall:.1f} s",
                "",
                "<= 400 MB",
                _verdict(run.maxrss_mb <= 400),
            )
        )

    def scaling(self) -> None:
        small, large = self.sizes.scaling
        # CPU time, the least of 2 runs at each size: one wall-time run of the 100,000
        # articles (56,914 files) gave 144 to 232 us an article from one run to the next.
        corpora = {
            n: self.corpus(f"scale-{n}", "--articles", str(n), "--seed", "5")
            for n in (small, large)
        }
        cpu = self.best_cpu({str(n): [*self.exe, "parse", str(c)] for n, c in corpora.items()}, 2)
        per = {n: cpu[str(n)] / n for n in corpora}
        ratio = per[large] / per[small]
        self.rows.append(
            Row(
                f"Scaling: CPU time per article, {large:,} vs {small:,}",
                f"{per[large] * 1e6:.0f} us",
                f"{per[small] * 1e6:.0f} us",
                f"{ratio:.2f}x",
                "<= 1.2x",
                _verdict(ratio <= 1.2),
            )
        )

    def stats(self) -> None:
        """``stats`` and ``parse -f sqlite`` against ``parse -f jsonl``, in CPU time (user +
        system of the command's processes), best of 3, over the throughput corpus."""
        n = self.sizes.throughput
        corpus = str(self.corpus(f"tree-{n}", "--articles", str(n)))

        def best_cpu(argv: Callable[[], list[str]]) -> Run:
            return min((self.measure(argv(), record=i == 0) for i in range(3)), key=lambda r: r.cpu)

        def new_database() -> list[str]:
            folder = self.output_folder("out-sqlite")  # a new database for every run
            folder.mkdir(parents=True)
            return [*self.exe, "parse", corpus, "-o", str(folder / "archive.db")]

        base = best_cpu(lambda: [*self.exe, "parse", corpus, "-f", "jsonl"])
        cases: list[tuple[str, str, Callable[[], list[str]]]] = [
            (
                "--top",
                f"Stats: stats {n:,} articles --format json",
                lambda: [*self.exe, "stats", corpus, "--format", "json"],
            ),
            ("sqlite", f"SQLite: parse {n:,} articles -f sqlite (new database)", new_database),
        ]
        for needs, label, argv in cases:
            command = "stats" if needs == "--top" else "parse"
            if not self.option_available(command, needs):
                self.rows.append(Row(label, "n/a: command not available"))
                continue
            run = best_cpu(argv)
            self.rows.append(
                Row(
                    label,
                    f"{run.cpu:.2f} s CPU ({run.cpu / n * 1e6:.0f} us/article)",
                    f"parse -f jsonl: {base.cpu:.2f} s CPU",
                    f"{run.cpu / base.cpu:.2f}x",
                    "",
                    "",
                )
            )

    # --- report ----------------------------------------------------------------

    def cluster(self) -> None:
        """--scheduler local:1 and local:2 (worker processes on this machine, cluster
        start-up included) against the plain parse, on the same corpus."""
        label = "Cluster: parse --scheduler local:N -f jsonl"
        if not self.option_available("parse", "--scheduler"):
            self.rows.append(Row(label, "n/a: command not available"))
            return
        n = self.sizes.throughput
        corpus = self.corpus(f"tree-{n}", "--articles", str(n))
        plain = self.best([*self.exe, "parse", str(corpus), "-f", "jsonl"], 2)
        runs: dict[int, Run] = {}
        for i in range(2):  # alternating, each into a new folder (see the parallel row)
            for workers in (1, 2):
                out = self.output_folder(f"out-cluster-{workers}-{i}")
                run = self.measure(
                    [
                        *self.exe,
                        "parse",
                        str(corpus),
                        "-f",
                        "jsonl",
                        "-o",
                        f"{out}/",
                        "--scheduler",
                        f"local:{workers}",
                    ],
                    record=i == 0,
                )
                if workers not in runs or run.wall < runs[workers].wall:
                    runs[workers] = run
        one, two = runs[1], runs[2]
        ratio = one.wall / plain.wall
        self.rows.append(
            Row(
                f"{label} ({n:,} articles): 1 worker vs plain parse",
                f"{one.wall:.2f} s wall, {one.cpu:.2f} s CPU",
                f"parse -f jsonl: {plain.wall:.2f} s wall, {plain.cpu:.2f} s CPU",
                f"{ratio:.2f}x",
                "<= 1.3x",
                _verdict(ratio <= 1.3),
            )
        )
        speedup = one.wall / two.wall
        self.rows.append(
            Row(
                f"{label} ({n:,} articles): 2 workers vs 1",
                f"{two.wall:.2f} s wall, {two.cpu:.2f} s CPU",
                f"1 worker: {one.wall:.2f} s wall",
                f"{speedup:.2f}x faster",
                ">= 1.6x",
                _verdict(speedup >= 1.6),
            )
        )

    def table(self) -> str:
        head = (
            "Measure",
            "newsparse",
            "Baseline / detail",
            "Ratio",
            "Target",
            "Result",
            "Compiled (mypyc)",
        )
        lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
        for r in self.rows:
            cells = (r.measure, r.value, r.baseline, r.ratio, r.target, r.result, r.compiled)
            lines.append("| " + " | ".join(cells) + " |")
        return "\n".join(lines)


def _cpu_timings(cases: dict[str, list[str]], runs: int) -> dict[str, tuple[float, float]]:
    """(least, median) CPU time of each command, the commands taking turns each round."""

    def cpu(argv: Sequence[str]) -> float:
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)

    for argv in cases.values():
        cpu(argv)  # warm caches
    times: dict[str, list[float]] = {name: [] for name in cases}
    for _ in range(runs):
        for name, argv in cases.items():
            times[name].append(cpu(argv))
    return {name: (min(t), statistics.median(t)) for name, t in times.items()}


def _per(wall: float, n: int) -> str:
    return f"{wall:.2f} s ({wall / n * 1e6:.0f} us/article)"


def _verdict(ok: bool) -> str:
    return "met" if ok else "NOT met"


def _short(arg: str) -> str:
    try:
        return (
            os.path.relpath(arg, ROOT) if os.path.isabs(arg) and arg.startswith(str(ROOT)) else arg
        )
    except ValueError:
        return arg


def _default_newsparse(python: str, *, beside_only: bool = False) -> str | None:
    beside = Path(python).parent / "newsparse"
    if beside.exists():
        return str(beside)
    return None if beside_only else shutil.which("newsparse")


def environment(bench: Bench) -> str:
    version = subprocess.run([*bench.exe, "--version"], capture_output=True, text=True)
    py = subprocess.run(
        [bench.python, "-c", "import sys, click; print(sys.version.split()[0], click.__version__)"],
        capture_output=True,
        text=True,
    ).stdout.split()
    return (
        f"{version.stdout.strip()} | Python {py[0] if py else '?'} | click "
        f"{py[1] if len(py) > 1 else '?'} | {platform.machine()} | {os.cpu_count()} cores"
        f" | {platform.system()} {platform.release()} | load average "
        + " ".join(f"{x:.2f}" for x in os.getloadavg())
    )


def precompile(python: str) -> None:
    """Write newsparse's .pyc files, as ``pip install`` does, so startup is measured as
    installed rather than with every module compiled from source at each run."""
    where = subprocess.run(
        [python, "-c", "import os, newsparse; print(os.path.dirname(newsparse.__file__))"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    subprocess.run([python, "-m", "compileall", "-q", where], check=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Run the newsparse benchmarks; print a table.")
    parser.add_argument(
        "--full",
        action="store_true",
        help="the target sizes: 20k, 10k/100k, a 1 GB file, 1M articles",
    )
    parser.add_argument(
        "--rows",
        default=",".join(ROWS),
        help=f"comma-separated rows to run (default: all of {','.join(ROWS)})",
    )
    parser.add_argument(
        "--python",
        default=sys.executable,
        help="the interpreter newsparse is installed in (default: this one)",
    )
    parser.add_argument("--newsparse", help="the console script (default: next to --python)")
    parser.add_argument(
        "--compiled",
        metavar="PYTHON",
        help="an interpreter with the mypyc build of newsparse installed "
        "(NEWSPARSE_MYPYC=1 pip install .): adds its column",
    )
    parser.add_argument("--runs", type=int, default=20, help="startup runs (default 20)")
    parser.add_argument(
        "--workdir",
        type=Path,
        default=HERE / "corpus",
        help="where corpora are generated (default benchmarks/corpus)",
    )
    parser.add_argument("--keep", action="store_true", help="keep the generated corpora")
    parser.add_argument(
        "--no-compile",
        action="store_true",
        help="do not byte-compile newsparse first (pip does it on install; an "
        "editable install under PYTHONDONTWRITEBYTECODE never has .pyc)",
    )
    args = parser.parse_args(argv)
    if args.newsparse is None:
        args.newsparse = _default_newsparse(args.python)
    rows = [r.strip() for r in args.rows.split(",") if r.strip()]
    unknown = sorted(set(rows) - set(ROWS))
    if unknown:
        parser.error(f"unknown rows: {', '.join(unknown)}; choose from {', '.join(ROWS)}")
    bench = Bench(args)
    if not args.no_compile:
        precompile(args.python)
    try:
        for name in ROWS:
            if name in rows:
                log(f"{name} ...")
                getattr(bench, name.replace("-", "_"))()
    finally:
        bench.cleanup()
    print(environment(bench))
    print()
    print(bench.table())
    print()
    print("Commands (each in a fresh process; times are best of several runs):")
    for command in dict.fromkeys(bench.commands):
        print(f"    {command}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
