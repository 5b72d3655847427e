"""Benchmark (not a test): moto in process, the peer `cargo xtask bench` measures hcsim against.

moto's `mock_aws` intercepts boto3 inside this process (no server, no socket), so what is
timed is moto's own request handling plus boto3's client side: the same shape as hcsim's
core measured in process. Times are CPU times (`time.process_time()`), as hcsim's are: the
machines are shared, and waiting for a core is not work. Two figures, each printed as `BENCH <key> <value> <unit>`:

- `moto_rps`: S3 requests per second over cycles of create-bucket / head-bucket /
  list-buckets / delete-bucket, run for about `--seconds` seconds;
- `moto_script_s`: seconds for 3,001 boto3 calls (1,000 × create/head/delete of a bucket,
  then one list), the peer of `hcsim exec --script` with 3,001 `az group` lines: the least
  of `--runs` runs, as the bench takes the least CPU time of several `hcsim exec` runs (the
  same method on both sides of the ratio).

Run alone with the venv `cargo xtask clients` makes:
    ~/.cache/hcsim/pyenv-*/bin/python tests/clients/bench_moto.py [--seconds 3] [--calls 3001]
"""

import argparse
import os
import time

# No real credentials are read or needed: moto answers in process.
os.environ.setdefault("AWS_ACCESS_KEY_ID", "testing")
os.environ.setdefault("AWS_SECRET_ACCESS_KEY", "testing")
os.environ.setdefault("AWS_DEFAULT_REGION", "us-east-1")

import boto3  # noqa: E402
from moto import mock_aws  # noqa: E402


def cycle(s3, name):
    s3.create_bucket(Bucket=name)
    s3.head_bucket(Bucket=name)
    s3.list_buckets()
    s3.delete_bucket(Bucket=name)


def requests_per_second(seconds):
    with mock_aws():
        s3 = boto3.client("s3", region_name="us-east-1")
        cycle(s3, "warm-up")
        done = 0
        start = time.process_time()
        while time.process_time() - start < seconds:
            cycle(s3, f"bench-{done}")
            done += 4
        return done / (time.process_time() - start)


def script_seconds(calls):
    with mock_aws():
        s3 = boto3.client("s3", region_name="us-east-1")
        s3.list_buckets()
        start = time.process_time()
        made = 0
        n = 0
        while made + 3 < calls:
            name = f"script-{n}"
            s3.create_bucket(Bucket=name)
            s3.head_bucket(Bucket=name)
            s3.delete_bucket(Bucket=name)
            made += 3
            n += 1
        while made < calls:
            s3.list_buckets()
            made += 1
        return time.process_time() - start


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=3.0)
    parser.add_argument("--calls", type=int, default=3001)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    print(f"BENCH moto_rps {requests_per_second(args.seconds):.1f} req/s", flush=True)
    print(f"BENCH moto_script_s {min(script_seconds(args.calls) for _ in range(max(1, args.runs))):.4f} s", flush=True)


if __name__ == "__main__":
    main()
