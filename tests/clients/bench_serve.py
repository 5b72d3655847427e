"""Benchmark (not a test): requests per second of `hcsim serve` against moto_server (moto's
standalone server, the usual local cloud mock) on the same create/get/list/delete mix over
loopback, in one run, with one driver.

`cargo xtask bench-serve [--seconds S]` runs it with a release `hcsim`; alone:
    python tests/clients/bench_serve.py --hcsim target/release/hcsim [--seconds 5]

The mix, one cycle of four requests on one keep-alive connection:
- hcsim (ARM, HTTPS, bearer token): PUT a workspace, GET it, GET the group's workspaces,
  DELETE it (Microsoft.HealthcareApis 2024-03-31, operations finishing on the spot);
- moto (S3, path style): PUT a bucket, GET its location, GET the bucket list, DELETE it.
hcsim serves only HTTPS; moto is measured over HTTP (how it is usually run) and over HTTPS
(`moto_server -c cert -k key`, a certificate made here). Besides requests per second (which a
Python driver bounds), the table shows each server's own CPU time per request, read from
/proc, which the driver does not bound.
"""

import argparse
import datetime
import http.client
import ipaddress
import json
import os
import shlex
import socket
import ssl
import subprocess
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path

API = "2024-03-31"
# moto checks no signature; the credential scope names the service (s3).
S3_AUTH = ("AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20260101/us-east-1/s3/"
           "aws4_request, SignedHeaders=host, Signature=00")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def cpu_seconds(pid):
    """User + system CPU time of a process (and its waited-for children), from /proc."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    ticks = sum(int(f) for f in fields[11:15])  # utime stime cutime cstime
    return ticks / os.sysconf("SC_CLK_TCK")


def stop(proc):
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(10)


def start_hcsim(binary, state_dir):
    proc = subprocess.Popen([binary, "serve", "--port", "0", "--print-env", "--seed", "1",
                             "--timing", "instant", "--state-dir", state_dir],
                            stdout=subprocess.PIPE,
                            stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL, text=True)
    env = {}
    deadline = time.monotonic() + 60
    while "HCSIM_NOROLE_CLIENT_ID" not in env and time.monotonic() < deadline:
        line = proc.stdout.readline()
        if not line:
            break
        words = shlex.split(line)
        if len(words) == 2 and words[0] == "export" and "=" in words[1]:
            k, v = words[1].split("=", 1)
            env[k] = v
    for need in ("HCSIM_ARM_ENDPOINT", "REQUESTS_CA_BUNDLE", "AZURE_CLIENT_ID"):
        if need not in env:
            stop(proc)
            sys.exit(f"bench: `{binary} serve --print-env` printed no {need}")
    return proc, env


def token(env, context):
    url = urllib.parse.urlsplit(env["AZURE_AUTHORITY_HOST"])
    conn = http.client.HTTPSConnection(url.hostname, url.port, context=context, timeout=30)
    form = urllib.parse.urlencode({
        "grant_type": "client_credentials", "client_id": env["AZURE_CLIENT_ID"],
        "client_secret": env["AZURE_CLIENT_SECRET"],
        "scope": env["HCSIM_ARM_ENDPOINT"].rstrip("/") + "/.default"})
    conn.request("POST", f"{url.path.rstrip('/')}/{env['AZURE_TENANT_ID']}/oauth2/v2.0/token",
                 body=form, headers={"Content-Type": "application/x-www-form-urlencoded"})
    resp = conn.getresponse()
    data = resp.read()
    conn.close()
    if resp.status != 200:
        sys.exit(f"bench: token endpoint answered {resp.status}: {data[:200]!r}")
    return json.loads(data)["access_token"]


def self_signed(directory):
    """A certificate with SAN IP:127.0.0.1 and its key (PEM files) for moto's TLS."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = datetime.datetime.now(datetime.timezone.utc)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name)
            .public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(now - datetime.timedelta(minutes=5))
            .not_valid_after(now + datetime.timedelta(days=1))
            .add_extension(x509.SubjectAlternativeName(
                [x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), critical=False)
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .sign(key, hashes.SHA256()))
    cert_file, key_file = Path(directory) / "cert.pem", Path(directory) / "key.pem"
    cert_file.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(key.private_bytes(serialization.Encoding.PEM,
                                           serialization.PrivateFormat.TraditionalOpenSSL,
                                           serialization.NoEncryption()))
    return str(cert_file), str(key_file)


def start_moto(port, tls_files=None):
    moto = Path(sys.executable).parent / "moto_server"
    argv = [str(moto) if moto.is_file() else "moto_server", "-H", "127.0.0.1", "-p", str(port)]
    if tls_files:
        argv += ["-c", tls_files[0], "-k", tls_files[1]]
    return subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            stdin=subprocess.DEVNULL)


def connect(port, context):
    if context is None:
        return http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    return http.client.HTTPSConnection("127.0.0.1", port, context=context, timeout=30)


def wait_until_up(port, context, path, headers, timeout=30):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            conn = connect(port, context)
            conn.request("GET", path, headers=headers)
            conn.getresponse().read()
            conn.close()
            return
        except OSError:
            time.sleep(0.1)
    sys.exit(f"bench: nothing answered on 127.0.0.1:{port}")


def hcsim_cycle(env, bearer):
    sub = env["AZURE_SUBSCRIPTION_ID"]
    group = f"/subscriptions/{sub}/resourceGroups/benchrg"
    headers = {"Authorization": f"Bearer {bearer}", "Content-Type": "application/json"}
    body = json.dumps({"location": "eastus", "properties": {}})
    coll = f"{group}/providers/Microsoft.HealthcareApis/workspaces"

    def cycle(i):
        one = f"{coll}/bench{i}?api-version={API}"
        return [("PUT", one, body, (200, 201)), ("GET", one, None, (200,)),
                ("GET", f"{coll}?api-version={API}", None, (200,)),
                ("DELETE", one, None, (200, 202, 204))]

    setup = ("PUT", f"{group}?api-version=2024-11-01", json.dumps({"location": "eastus"}))
    return cycle, headers, setup


def moto_cycle():
    headers = {"Authorization": S3_AUTH}

    def cycle(i):
        one = f"/bench{i}"
        return [("PUT", one, None, (200,)), ("GET", f"{one}?location", None, (200,)),
                ("GET", "/", None, (200,)), ("DELETE", one, None, (204,))]

    return cycle, headers


def drive(port, context, cycle, headers, seconds):
    """Runs cycles on one keep-alive connection for `seconds` (after one second of warm-up):
    (requests, errors, elapsed seconds)."""
    conn = connect(port, context)
    requests = errors = 0
    i = 0
    start = None
    warm_until = time.monotonic() + 1
    while True:
        now = time.monotonic()
        if start is None and now >= warm_until:
            start, requests, errors = now, 0, 0
        if start is not None and now - start >= seconds:
            break
        for method, path, body, ok in cycle(i):
            conn.request(method, path, body=body, headers=headers)
            resp = conn.getresponse()
            resp.read()
            requests += 1
            if resp.status not in ok:
                errors += 1
                if errors == 1:
                    print(f"bench: {method} {path} answered {resp.status}", file=sys.stderr)
            if resp.getheader("Connection", "").lower() == "close":
                conn.close()
                conn = connect(port, context)
        i += 1
    conn.close()
    return requests, errors, time.monotonic() - start


def measure(name, transport, proc, port, context, cycle, headers, seconds):
    cpu0 = cpu_seconds(proc.pid)
    requests, errors, elapsed = drive(port, context, cycle, headers, seconds)
    cpu = cpu_seconds(proc.pid) - cpu0
    return {"server": name, "transport": transport, "requests": requests, "errors": errors,
            "rps": requests / elapsed, "cpu_us": 1e6 * cpu / max(requests, 1)}


def run_hcsim(binary, seconds):
    with tempfile.TemporaryDirectory(prefix="hcsim-bench-state-") as state_dir:
        return run_hcsim_in(binary, seconds, state_dir)


def run_hcsim_in(binary, seconds, state_dir):
    proc, env = start_hcsim(binary, state_dir)
    try:
        context = ssl.create_default_context(cafile=env["REQUESTS_CA_BUNDLE"])
        port = urllib.parse.urlsplit(env["HCSIM_ARM_ENDPOINT"]).port
        wait_until_up(port, context, "/metadata/endpoints?api-version=2022-09-01", {})
        cycle, headers, (method, path, body) = hcsim_cycle(env, token(env, context))
        conn = connect(port, context)
        conn.request(method, path, body=body, headers=headers)
        status = conn.getresponse().status
        conn.close()
        if status not in (200, 201):
            sys.exit(f"bench: creating the resource group answered {status}")
        return measure("hcsim serve", "HTTPS", proc, port, context, cycle, headers, seconds)
    finally:
        stop(proc)


def run_moto(seconds, tls):
    port = free_port()
    with tempfile.TemporaryDirectory(prefix="hcsim-bench-") as tmp:
        files = self_signed(tmp) if tls else None
        context = ssl.create_default_context(cafile=files[0]) if tls else None
        proc = start_moto(port, files)
        try:
            cycle, headers = moto_cycle()
            wait_until_up(port, context, "/", headers)
            return measure("moto_server", "HTTPS" if tls else "HTTP", proc, port, context,
                           cycle, headers, seconds)
        finally:
            stop(proc)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--hcsim", required=True, help="the hcsim binary (release build)")
    parser.add_argument("--seconds", type=float, default=5.0, help="measured time per server")
    args = parser.parse_args()
    rows = [run_hcsim(args.hcsim, args.seconds), run_moto(args.seconds, tls=False),
            run_moto(args.seconds, tls=True)]
    print("\nhcsim serve vs moto_server: the same create/get/list/delete mix, one keep-alive "
          f"connection, {args.seconds:g} s each, loopback")
    print(f"{'server':<12} {'transport':<9} {'requests':>9} {'errors':>6} {'req/s':>9} "
          f"{'server CPU µs/req':>18}")
    for r in rows:
        print(f"{r['server']:<12} {r['transport']:<9} {r['requests']:>9} {r['errors']:>6} "
              f"{r['rps']:>9.0f} {r['cpu_us']:>18.0f}")
    hcsim = rows[0]
    for moto in rows[1:]:
        print(f"ratio hcsim (HTTPS) / moto ({moto['transport']}): "
              f"{hcsim['rps'] / moto['rps']:.1f}x requests per second, "
              f"{moto['cpu_us'] / max(hcsim['cpu_us'], 1e-9):.1f}x less server CPU per request")
    print("(requests per second are bounded by the one Python driver; "
          "server CPU per request is not)")
    if any(r["errors"] for r in rows):
        sys.exit("bench: some requests failed (see above)")


if __name__ == "__main__":
    main()
