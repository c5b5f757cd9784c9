"""Dumps in S3 (moto's server on 127.0.0.1) read and written as local files are."""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

dask = pytest.importorskip("dask")
s3fs = pytest.importorskip("s3fs")
moto_server = pytest.importorskip("moto.server")
pq = pytest.importorskip("pyarrow.parquet")

from newsparse import dask as cluster  # noqa: E402
from newsparse.cli import cli  # noqa: E402

pytestmark = [pytest.mark.cluster, pytest.mark.allow_hosts(["127.0.0.1"])]

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
BUCKET = "dumps"


def _wait_until_serving(endpoint: str, timeout: float = 10.0) -> None:
    """Ready when an HTTP request is answered, not after a fixed sleep."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(endpoint + "/", timeout=1):
                return
        except urllib.error.HTTPError:  # an answer, even an error, means it is serving
            return
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.05)


@pytest.fixture(scope="module")
def s3() -> Iterator[dict[str, Any]]:
    """moto's S3 server on a free loopback port, holding samples/ under s3://dumps/samples/;
    yields the storage_options that reach it."""
    server = moto_server.ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    endpoint = f"http://{host}:{port}"
    with pytest.MonkeyPatch.context() as env:
        # The CLI reaches S3 through the environment, as a user's credentials would.
        for name, value in {
            "AWS_ACCESS_KEY_ID": "testing",
            "AWS_SECRET_ACCESS_KEY": "testing",
            "AWS_DEFAULT_REGION": "us-east-1",
            "AWS_ENDPOINT_URL": endpoint,
        }.items():
            env.setenv(name, value)
        _wait_until_serving(endpoint)
        options = {
            "endpoint_url": endpoint,
            "key": "testing",
            "secret": "testing",
            "client_kwargs": {"region_name": "us-east-1"},
        }
        import boto3

        # us-east-1 takes no location constraint, which s3fs's mkdir would send.
        boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1").create_bucket(
            Bucket=BUCKET
        )
        fs = s3fs.S3FileSystem(**options)
        fs.put(str(SAMPLES), f"{BUCKET}/samples", recursive=True)
        try:
            yield options
        finally:
            server.stop()


def _local(path: str) -> str:
    return path.replace(f"s3://{BUCKET}/samples", str(SAMPLES))


@pytest.mark.slow  # 2.5 s: every sample through s3fs, then the same parse locally
def test_cluster_s3_read_dumps_equals_local_parse(s3: dict[str, Any]) -> None:
    expected = CliRunner().invoke(cli, ["parse", str(SAMPLES)])
    with cluster.scheduler("threads"):
        articles, failures = cluster.read_dumps(f"s3://{BUCKET}/samples/", storage_options=s3)
        articles, failures = dask.compute(articles, failures)
    import pyarrow as pa

    rows = pa.Table.from_pandas(articles, preserve_index=False).to_pylist()
    assert {row["origin"]["path"].split("://")[0] for row in rows} == {"s3"}
    for row in rows:
        row["origin"]["path"] = _local(row["origin"]["path"])
    assert rows == [json.loads(line) for line in expected.stdout.splitlines()]
    reported = [
        f"{_local(p)}:{n}: {c} {m}"
        for p, n, c, m in zip(
            failures["path"], failures["line"], failures["code"], failures["message"], strict=True
        )
    ]
    assert reported == expected.stderr.splitlines()[:-1]


def test_cluster_s3_truncated_gzip_is_np406(s3: dict[str, Any]) -> None:
    url = f"s3://{BUCKET}/samples/damaged/truncated.txt.gz"
    with cluster.scheduler("threads"):
        _, failures = cluster.read_dumps(url, storage_options=s3)
        failures = failures.compute()
    assert failures[["path", "line", "code"]].values.tolist() == [
        [url, 1, "NP406"],
        [url, 10, "NP406"],
    ]
    assert failures["message"].tolist() == [
        "record is cut off by corrupt compressed data after it",
        "corrupt compressed data: Compressed file ended before the end-of-stream marker was "
        "reached; the rest of the file is lost",
    ]


def test_cluster_s3_missing_prefix_is_np404(s3: dict[str, Any]) -> None:
    files, failures = cluster.list_dumps(f"s3://{BUCKET}/nothing-here/", storage_options=s3)
    assert files == []
    assert [str(f) for f in failures] == [
        f"s3://{BUCKET}/nothing-here/:1: NP404 cannot read: no such file or folder"
    ]


def test_cluster_s3_cli_parse_to_s3_parquet(s3: dict[str, Any]) -> None:
    result = CliRunner().invoke(
        cli,
        [
            "parse",
            f"s3://{BUCKET}/samples/",
            "-f",
            "parquet",
            "-o",
            f"s3://{BUCKET}/out/",
            "--scheduler",
            "threads",
            "--exclude",
            "damaged",
        ],
    )
    expected = CliRunner().invoke(cli, ["parse", str(SAMPLES), "--exclude", "damaged"])
    assert result.exit_code == expected.exit_code == 0  # the damage is all in damaged/
    assert expected.stderr == ""
    assert result.stderr == f"newsparse: 1 part in s3://{BUCKET}/out/\n"
    fs = s3fs.S3FileSystem(**s3)
    fs.invalidate_cache()
    parts = sorted(fs.find(f"{BUCKET}/out/"))
    assert parts == [f"{BUCKET}/out/part.{n:05d}.parquet" for n in range(len(parts))]
    table = pq.read_table(f"{BUCKET}/out/", filesystem=fs)
    assert sorted(table.column("url").to_pylist()) == sorted(
        json.loads(line)["url"] for line in expected.stdout.splitlines()
    )


def test_cluster_s3_cli_storage_options_reach_the_store(
    s3: dict[str, Any], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv("AWS_ENDPOINT_URL")  # only --storage-option says where S3 is
    result = CliRunner().invoke(
        cli,
        [
            "parse",
            f"s3://{BUCKET}/samples/",
            "-f",
            "jsonl",
            "-o",
            f"{tmp_path}/",
            "--scheduler",
            "threads",
            "--exclude",
            "damaged",
            "--storage-option",
            f"endpoint_url={s3['endpoint_url']}",
            "--storage-option",
            'client_kwargs={"region_name": "us-east-1"}',
        ],
    )
    expected = CliRunner().invoke(cli, ["parse", str(SAMPLES), "--exclude", "damaged"])
    assert (result.exit_code, result.stderr) == (0, f"newsparse: 1 part in {tmp_path}/\n")
    written = [
        json.loads(line) for line in (tmp_path / "part.00000.jsonl").read_text().splitlines()
    ]
    for record in written:
        record["origin"]["path"] = _local(record["origin"]["path"])
    assert written == [json.loads(line) for line in expected.stdout.splitlines()]


def test_cluster_s3_cli_without_credentials_is_one_line_and_exit_2(
    s3: dict[str, Any], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"):
        monkeypatch.delenv(name)
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "none"))
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "none"))
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")  # no instance-role lookup
    # fsspec reuses a filesystem made with the same options, and its credentials with it.
    s3fs.S3FileSystem.clear_instance_cache()
    try:
        result = CliRunner().invoke(
            cli, ["parse", f"s3://{BUCKET}/samples/", "-o", f"{tmp_path}/out/", "-f", "jsonl"]
        )
        # The destination too: local dumps, parts for S3.
        written = CliRunner().invoke(
            cli, ["parse", str(SAMPLES / "multi_record.txt"), "-o", f"s3://{BUCKET}/new/"]
        )
    finally:
        s3fs.S3FileSystem.clear_instance_cache()
    assert (result.exit_code, result.stderr) == (
        2,
        f"newsparse: error: cannot read s3://{BUCKET}/samples/: Unable to locate credentials\n",
    )
    assert not (tmp_path / "out").exists()
    assert (written.exit_code, written.stderr) == (
        2,
        f"newsparse: error: cannot write s3://{BUCKET}/new/: Unable to locate credentials\n",
    )


def test_cluster_s3_partitions_weigh_objects_as_local_files_are_weighed(
    s3: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    from newsparse.dask import listing

    monkeypatch.setattr(listing, "BYTES_PER_PARTITION", 4096)  # the samples are 0-3 KB each
    remote, _ = cluster.partitions(f"s3://{BUCKET}/samples/", storage_options=s3)
    local, _ = cluster.partitions(str(SAMPLES))
    assert [[_local(name) for name in chunk] for chunk in remote] == local
    assert len(local) > 2  # cut by bytes: 256 files would make one group
