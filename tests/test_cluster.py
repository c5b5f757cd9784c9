"""newsparse.dask and --scheduler give exactly what the plain CLI gives, on the threads
scheduler and on a LocalCluster of two worker processes (loopback sockets only)."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

dask = pytest.importorskip("dask")
distributed = pytest.importorskip("distributed")
pq = pytest.importorskip("pyarrow.parquet")

import pandas as pd  # noqa: E402

from newsparse import dask as cluster  # noqa: E402
from newsparse.arrow import ARTICLE_SCHEMA  # noqa: E402
from newsparse.cli import cli  # noqa: E402

# The workers talk to the scheduler over loopback TCP: nothing else may connect.
pytestmark = [pytest.mark.cluster, pytest.mark.allow_hosts(["127.0.0.1"])]

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
GENERATE = ROOT / "benchmarks" / "generate.py"


def _run(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args))


def _records(result: Result) -> list[dict[str, Any]]:
    return [json.loads(line) for line in result.stdout.splitlines()]


def _rows(frame: pd.DataFrame) -> list[dict[str, Any]]:
    import pyarrow as pa

    return pa.Table.from_pandas(frame, preserve_index=False).to_pylist()  # type: ignore[no-any-return]


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A generated archive (gzip, CRLF and BOM files) plus the samples, one sample
    copied and one body under two URLs, so that both duplicate rules fire."""
    root = tmp_path_factory.mktemp("archive")
    subprocess.run(
        [
            sys.executable,
            str(GENERATE),
            str(root / "generated"),
            "--articles",
            "120",
            "--gz-share",
            "0.2",
            "--crlf-share",
            "0.1",
            "--bom-share",
            "0.1",
            "--duplicate-share",
            "0.1",
        ],
        check=True,
        capture_output=True,
        timeout=60,
    )
    shutil.copytree(SAMPLES, root / "samples")
    shutil.copy(SAMPLES / "multi_record.txt", root / "samples" / "multi_record_copy.txt")
    body = "The same body, word for word, under two different addresses.\n"
    for number in (1, 2):
        (root / f"reposted-{number}.txt").write_text(
            f" date 2026-01-23 https://example.com/reposted-{number}.html\n\n"
            f"Reposted Story {number}\n\n{body}",
            encoding="utf-8",
        )
    return root


@pytest.fixture(scope="module")
def local_cluster() -> Iterator[str]:
    """One LocalCluster of two single-threaded worker processes for the whole module."""
    from distributed import LocalCluster

    with LocalCluster(
        n_workers=2,
        threads_per_worker=1,
        processes=True,
        host="127.0.0.1",
        dashboard_address=None,
        scheduler_kwargs={"dashboard_address": "127.0.0.1:0"},  # 8787 may be taken
    ) as running:
        yield str(running.scheduler_address)


def test_cluster_read_dumps_threads_equals_parse(archive: Path) -> None:
    expected = _run("parse", str(archive))
    assert expected.exit_code == 1
    with cluster.scheduler("threads"):
        articles, failures = cluster.read_dumps(str(archive), files_per_partition=7)
        articles, failures = dask.compute(articles, failures)
    assert _rows(articles) == _records(expected)
    reported = [
        f"{p}:{n}: {c} {m}"
        for p, n, c, m in zip(
            failures["path"], failures["line"], failures["code"], failures["message"], strict=True
        )
    ]
    assert reported == expected.stderr.splitlines()[:-1]  # the last line is the summary


def test_cluster_read_dumps_columns_follow_the_arrow_schema(archive: Path) -> None:
    articles, failures = cluster.read_dumps(str(archive / "samples"))
    assert list(articles.columns) == ARTICLE_SCHEMA.names
    assert list(failures.columns) == [
        "path",
        "line",
        "column",
        "code",
        "severity",
        "message",
        "scope",
    ]


@pytest.mark.slow  # the LocalCluster: 3 s to start, 1-7 s a test on 2 shared cores
def test_cluster_local_cluster_parquet_parts_equal_parse(
    archive: Path, local_cluster: str, tmp_path: Path
) -> None:
    out = tmp_path / "parts"
    result = _run(
        "parse", str(archive), "-o", f"{out}/", "-f", "parquet", "--scheduler", local_cluster,
        "--files-per-partition", "30",
    )  # fmt: skip
    expected = _run("parse", str(archive))
    assert result.exit_code == expected.exit_code == 1
    parts = sorted(out.glob("part.*.parquet"))
    files, _ = cluster.list_dumps(str(archive))
    assert len(parts) == -(-len(files) // 30) > 1
    records = [row for part in parts for row in pq.read_table(part).to_pylist()]
    assert records == _records(expected)
    # Failures are never lost: the same lines and summary on stderr as the plain parse.
    lines = result.stderr.splitlines()
    assert lines[-2] == f"newsparse: {len(parts)} parts in {out}/"
    assert [*lines[:-2], lines[-1]] == expected.stderr.splitlines()


@pytest.mark.slow  # the LocalCluster: 3 s to start, 1-7 s a test on 2 shared cores
def test_cluster_parquet_folder_reads_back_in_pyarrow_pandas_and_dask(
    archive: Path, local_cluster: str, tmp_path: Path
) -> None:
    import dask.dataframe as dd

    with cluster.scheduler(local_cluster):
        summary = cluster.to_parquet(str(archive / "generated"), str(tmp_path / "pq"))
    assert summary.tally.articles == 120
    assert summary.failures == []
    table = pq.read_table(tmp_path / "pq")
    assert table.num_rows == 120
    assert table.schema.equals(ARTICLE_SCHEMA)
    frame = pd.read_parquet(tmp_path / "pq")
    assert sorted(frame["id"]) == sorted(table.column("id").to_pylist())
    assert [list(images) for images in frame["images"]] == table.column("images").to_pylist()
    lazy = dd.read_parquet(str(tmp_path / "pq")).compute()
    assert lazy["origin"].tolist() == table.column("origin").to_pylist()


@pytest.mark.slow  # the LocalCluster: 3 s to start, 1-7 s a test on 2 shared cores
def test_cluster_local_cluster_jsonl_parts_equal_parse(
    archive: Path, local_cluster: str, tmp_path: Path
) -> None:
    with cluster.scheduler(local_cluster):
        summary = cluster.to_jsonl(str(archive), str(tmp_path / "jsonl"), files_per_partition=5)
    expected = _run("parse", str(archive))
    text = "".join(Path(part).read_text(encoding="utf-8") for part in summary.parts)
    assert text == expected.stdout
    assert summary.tally.summary() in expected.stderr.splitlines()[-1]


@pytest.mark.slow  # the LocalCluster: 3 s to start, 1-7 s a test on 2 shared cores
def test_cluster_duplicates_equal_check(archive: Path, local_cluster: str) -> None:
    expected = _run(
        "check", str(archive), "--isolated", "--select", "NP501,NP502", "--output-format", "json"
    )
    wanted = [(d["path"], d["line"], d["code"], d["message"]) for d in json.loads(expected.stdout)]
    assert {code for _, _, code, _ in wanted} == {"NP501", "NP502"}
    with cluster.scheduler(local_cluster):
        articles, _ = cluster.read_dumps(str(archive), files_per_partition=6)
        found = cluster.duplicates(articles).compute()
    got = sorted(zip(found["path"], found["line"], found["code"], found["message"], strict=True))
    assert got == sorted(wanted)


@pytest.mark.slow  # the LocalCluster: 3 s to start, 1-7 s a test on 2 shared cores
def test_cluster_check_with_scheduler_equals_check(archive: Path, local_cluster: str) -> None:
    expected = _run("check", str(archive), "--isolated", "--output-format", "json")
    result = _run(
        "check", str(archive), "--isolated", "--output-format", "json", "--scheduler", local_cluster
    )
    assert result.exit_code == expected.exit_code == 1
    assert json.loads(result.stdout) == json.loads(expected.stdout)


def test_cluster_check_threads_text_report_equals_check(archive: Path) -> None:
    expected = _run("check", str(archive / "samples"), "--isolated")
    result = _run("check", str(archive / "samples"), "--isolated", "--scheduler", "threads")
    assert (result.exit_code, result.stdout) == (expected.exit_code, expected.stdout)


def test_cluster_unknown_scheduler_is_a_usage_error(archive: Path) -> None:
    result = _run("check", str(archive / "samples"), "--scheduler", "nowhere")
    assert result.exit_code == 2
    assert result.stderr == (
        "newsparse: error: unknown scheduler 'nowhere': give threads, local:N or tcp://host:port\n"
    )


def test_cluster_parse_with_scheduler_needs_an_output_folder(archive: Path) -> None:
    result = _run("parse", str(archive / "samples"), "--scheduler", "threads")
    assert result.exit_code == 2
    assert "with --scheduler or URLs, give -o DEST/ (a folder or URL)" in result.stderr


def test_cluster_missing_extra_is_one_line_and_exit_2(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    import importlib.util

    real = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util, "find_spec", lambda name, *a: None if name == "s3fs" else real(name, *a)
    )
    result = _run("parse", "s3://bucket/dumps/", "-o", str(tmp_path / "out"))
    assert result.exit_code == 2
    assert result.stderr == (
        "newsparse: error: s3://bucket/dumps/ needs the s3 extra: pip install 'newsparse[s3]'\n"
    )


@pytest.mark.slow  # starts and stops its own one-worker cluster: about 3 s
def test_cluster_check_local_1_starts_and_stops_its_own_cluster(archive: Path) -> None:
    expected = _run("check", str(archive / "samples"), "--isolated", "--statistics")
    result = _run(
        "check", str(archive / "samples"), "--isolated", "--statistics", "--scheduler", "local:1"
    )
    assert (result.exit_code, result.stdout) == (expected.exit_code, expected.stdout)


def test_cluster_unreachable_scheduler_is_a_usage_error(archive: Path) -> None:
    # Nothing listens on port 1; fail after a second rather than distributed's 30.
    with dask.config.set({"distributed.comm.timeouts.connect": "1s"}):
        result = _run("check", str(archive / "samples"), "--scheduler", "tcp://127.0.0.1:1")
    assert result.exit_code == 2
    assert result.stderr.startswith(
        "newsparse: error: cannot reach the scheduler tcp://127.0.0.1:1: "
    )
    assert len(result.stderr.splitlines()) == 1


@pytest.mark.slow  # starts and stops its own one-worker cluster: about 1 s
def test_cluster_local_workers_are_forked_with_the_profiler_off() -> None:
    from distributed import get_client

    def seen_by_the_worker() -> tuple[bool, bool]:
        # A forked worker holds what this process imported (pytest); a spawned one not.
        return "pytest" in sys.modules, dask.config.get("distributed.worker.profile.enabled")

    with cluster.scheduler("local:1"):
        found = list(get_client().run(seen_by_the_worker).values())
    assert found == [(sys.platform.startswith("linux"), False)]


def test_cluster_storage_option_without_urls_or_scheduler_is_a_usage_error() -> None:
    for command in ("parse", "check"):
        for option, value in (("--storage-option", "anon=true"), ("--files-per-partition", "8")):
            result = _run(command, str(SAMPLES), option, value)
            assert result.exit_code == 2
            assert result.stderr.endswith(
                f"newsparse: error: {option} applies to URLs (s3://...) and --scheduler runs\n"
            )


def test_cluster_unknown_protocol_is_one_line_and_exit_2(tmp_path: Path) -> None:
    for args in (("parse", "nosuch://x/", "-o", f"{tmp_path}/"), ("check", "nosuch://x/")):
        result = _run(*args)
        assert (result.exit_code, result.stderr) == (
            2,
            "newsparse: error: cannot read nosuch://x/: Protocol not known: nosuch\n",
        )
    assert list(tmp_path.iterdir()) == []


# A store that works for listing and then fails: its objects cannot be opened.
_FAILING_STORE = """
import sys
import fsspec
from fsspec.implementations.memory import MemoryFileSystem

class Failing(MemoryFileSystem):
    protocol = "failing"
    root_marker = "/"
    store = {}
    pseudo_dirs = [""]

    def _open(self, path, mode="rb", **kwargs):
        if "r" in mode:
            raise RuntimeError("token expired")
        return super()._open(path, mode, **kwargs)

fsspec.register_implementation("failing", Failing, clobber=True)
with fsspec.open("failing:///d/a.txt", "wb") as f:
    f.write(b" date 2026-01-23 https://example.com/a.html\\nA\\n\\nBody.\\n")
from newsparse.cli import main
sys.exit(main(sys.argv[1:]))
"""


@pytest.mark.slow  # starts and stops its own one-worker cluster: about 1 s
def test_cluster_store_failing_in_a_task_is_one_line_and_exit_1(tmp_path: Path) -> None:
    done = subprocess.run(
        [
            sys.executable, "-c", _FAILING_STORE, "parse", "failing:///d/", "-o", f"{tmp_path}/",
            "-f", "jsonl", "--scheduler", "local:1",
        ],
        capture_output=True, text=True, timeout=120, cwd=ROOT,
    )  # fmt: skip
    assert (done.returncode, done.stderr) == (
        1,
        "newsparse: error: cannot read failing:///d/a.txt: token expired\n",
    )


def test_cluster_storage_option_needs_key_and_value(tmp_path: Path) -> None:
    for bad in ("anon", "=true"):
        result = _run(
            "parse", str(SAMPLES), "-o", f"{tmp_path}/", "--scheduler", "threads",
            "--storage-option", bad,
        )  # fmt: skip
        assert result.exit_code == 2
        assert result.stderr.endswith(
            f"newsparse: error: invalid value for '--storage-option': {bad!r} is not KEY=VALUE\n"
        )


def test_cluster_storage_option_values_are_json_or_text() -> None:
    from newsparse.cli.options import StorageOption

    convert = StorageOption().convert
    assert [
        convert(given, None, None)
        for given in (
            "anon=true",
            "retries=3",
            'client_kwargs={"region_name": "eu-west-1"}',
            "endpoint_url=http://127.0.0.1:9000",
            " profile = a=b",
            "token=",
            "anon=False",
            "anon=TRUE",
            "version_aware=None",
            "secret=12345",
            "key= 0042 ",
        )
    ] == [
        ("anon", True),
        ("retries", 3),
        ("client_kwargs", {"region_name": "eu-west-1"}),
        ("endpoint_url", "http://127.0.0.1:9000"),
        ("profile", "a=b"),
        ("token", ""),
        ("anon", False),
        ("anon", True),
        ("version_aware", None),
        ("secret", "12345"),
        ("key", "0042"),
    ]


def test_cluster_run_error_crosses_from_a_worker_whole() -> None:
    import pickle

    from newsparse.errors import RunError

    error = pickle.loads(pickle.dumps(RunError(1, "cannot read s3://b/k: connection lost")))
    assert (type(error), error.exit_code, error.message) == (
        RunError,
        1,
        "cannot read s3://b/k: connection lost",
    )


def test_cluster_groups_cut_at_the_file_count_and_at_the_byte_budget() -> None:
    from newsparse.dask.listing import BYTES_PER_PARTITION as budget
    from newsparse.dask.listing import groups

    names = ["a", "b", "c", "d", "e", "f", "g"]
    sizes = [budget // 2, budget // 2, 1, 3 * budget, 10, 10, 10]
    assert groups(names, 3, sizes) == [["a", "b"], ["c"], ["d"], ["e", "f", "g"]]
    assert groups(names, 3) == [["a", "b", "c"], ["d", "e", "f"], ["g"]]
    assert groups([], 3, []) == []


def test_cluster_partitions_give_a_big_file_a_task_of_its_own(tmp_path: Path) -> None:
    record = " date 2026-01-23 https://example.com/{0}.html\nHeadline {0}\n\nBody {0}.\n"
    for name in ("a", "c", "d"):
        (tmp_path / f"{name}.txt").write_text(record.format(name))
    with (tmp_path / "b.txt").open("wb") as big:  # sparse: its size, none of its disk
        big.truncate(cluster.BYTES_PER_PARTITION + 1)
    chunks, failures = cluster.partitions(str(tmp_path), files_per_partition=256)
    assert failures == []
    assert [[Path(name).name for name in chunk] for chunk in chunks] == [
        ["a.txt"],
        ["b.txt"],
        ["c.txt", "d.txt"],
    ]


@pytest.mark.slow  # starts and stops its own one-worker cluster: about 1 s
def test_cluster_local_cluster_says_nothing_when_port_8787_is_taken(tmp_path: Path) -> None:
    import contextlib
    import socket

    with contextlib.ExitStack() as stack:
        holder = stack.enter_context(socket.socket())
        with contextlib.suppress(OSError):  # already taken by someone else: as good
            holder.bind(("127.0.0.1", 8787))
            holder.listen()
        # In a process of its own, as a shell runs it: warnings reach stderr there.
        done = subprocess.run(
            [
                sys.executable, "-m", "newsparse", "parse", str(SAMPLES / "multi_record.txt"),
                "-o", f"{tmp_path}/", "-f", "jsonl", "--scheduler", "local:1",
            ],
            capture_output=True, text=True, timeout=120,
        )  # fmt: skip
    assert (done.returncode, done.stderr) == (0, f"newsparse: 1 part in {tmp_path}/\n")


def test_cluster_parts_written_to_a_url_hold_what_parse_prints(tmp_path: Path) -> None:
    import fsspec

    dest = f"memory://{tmp_path.name}/parts/"  # a store of its own for this test
    with cluster.scheduler("threads"):
        summary = cluster.to_jsonl(str(SAMPLES), dest, files_per_partition=4)
    fs = fsspec.filesystem("memory")
    text = b"".join(fs.cat_file(part) for part in summary.parts).decode("utf-8")
    assert len(summary.parts) > 1
    assert text == _run("parse", str(SAMPLES)).stdout
