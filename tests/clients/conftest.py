"""Fixtures of the real-client suite: `hcsim serve` started once per session, a signed-in
real az (its own AZURE_CONFIG_DIR), and the Azure SDK's clients pointed at the server.

Run alone: `python -m pytest tests/clients -q` from the repository root, with the venv
`cargo xtask test` makes (~/.cache/hcsim/pyenv-*) and HCSIM_BIN naming a built `hcsim`
(default: $CARGO_TARGET_DIR/debug/hcsim, else target/debug/hcsim).

The recipe (what az and the SDK need against a local endpoint) is
../shared/design/REAL-CLIENTS.md.
"""

import http.client
import itertools
import json
import os
import queue
import shlex
import shutil
import ssl
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
# CI lays a copy of shared/ beside the clone; a worktree has it at the same place.
SHARED = REPO.parent / "shared"
TEMPLATES = SHARED / "reference" / "arm-templates"

# What `hcsim serve --print-env` must print (SCENARIOS.md, "Contracts added with the second
# round of work"; the brief adds the managed identity and the principal with no role).
REQUIRED_ENV = (
    "HCSIM_ARM_ENDPOINT",
    "REQUESTS_CA_BUNDLE",
    "SSL_CERT_FILE",
    "AZURE_TENANT_ID",
    "AZURE_SUBSCRIPTION_ID",
    "AZURE_AUTHORITY_HOST",
    "AZURE_CLIENT_ID",
    "AZURE_CLIENT_SECRET",
    "AZURE_CORE_INSTANCE_DISCOVERY",
)
OPTIONAL_ENV = (
    "IDENTITY_ENDPOINT",
    "IDENTITY_HEADER",
    "HCSIM_NOROLE_CLIENT_ID",
    "HCSIM_NOROLE_CLIENT_SECRET",
)

# The default session (SCENARIOS.md): subscription Training.
TRAINING = "11111111-1111-1111-1111-111111111111"
HEALTHCARE_API = "2024-03-31"


def hcsim_binary() -> Path:
    """The `hcsim` to serve: $HCSIM_BIN, else the debug build in the cargo target dir."""
    if os.environ.get("HCSIM_BIN"):
        return Path(os.environ["HCSIM_BIN"])
    target = Path(os.environ.get("CARGO_TARGET_DIR") or REPO / "target")
    if not target.is_absolute():
        target = REPO / target
    return target / "debug" / "hcsim"


def az_binary() -> str:
    """The venv's az (beside this interpreter), else the first az on PATH."""
    beside = Path(sys.executable).parent / "az"
    if beside.is_file():
        return str(beside)
    found = shutil.which("az")
    if not found:
        pytest.fail("az not found: run the suite with the venv `cargo xtask test` makes")
    return found


def parse_env_line(line: str):
    """`export NAME=value` (value possibly shell-quoted) as (NAME, value), else None."""
    words = shlex.split(line.strip()) if line.strip().startswith("export ") else []
    if len(words) != 2 or "=" not in words[1]:
        return None
    name, value = words[1].split("=", 1)
    return name, value


class Server:
    """One `hcsim serve --port 0 --print-env` process and what it printed."""

    def __init__(self, *args: str):
        binary = hcsim_binary()
        if not binary.is_file():
            pytest.fail(f"{binary} does not exist: build it (`cargo build -p hcsim-tui`) "
                        "or set HCSIM_BIN")
        self.log = tempfile.NamedTemporaryFile(prefix="hcsim-clients-serve-", suffix=".log")
        # The CA, certificate and token key go to a folder of this run, removed at the end
        # (not ~/.local/state/hcsim/serve/PORT, which would keep one folder per port).
        self.state_dir = tempfile.mkdtemp(prefix="hcsim-clients-state-")
        self.argv = [str(binary), "serve", "--port", "0", "--print-env",
                     "--state-dir", self.state_dir, *args]
        self.proc = subprocess.Popen(self.argv, stdout=subprocess.PIPE, stderr=self.log,
                                     stdin=subprocess.DEVNULL, text=True)
        self.env = {}
        self.lines = queue.Queue()
        threading.Thread(target=self._drain, daemon=True).start()
        self._read_env(timeout=60)
        self.endpoint = self.env["HCSIM_ARM_ENDPOINT"].rstrip("/") + "/"
        self.url = urllib.parse.urlsplit(self.endpoint)
        self.ca_file = self.env["REQUESTS_CA_BUNDLE"]
        self.ssl = ssl.create_default_context(cafile=self.ca_file)
        self._wait_ready(timeout=30)

    def _drain(self):
        for line in self.proc.stdout:
            self.lines.put(line)
        self.lines.put(None)

    def _read_env(self, timeout: float):
        """Collects the `export` lines: all the required ones, then whatever follows
        within half a second (the optional ones)."""
        deadline = time.monotonic() + timeout
        while True:
            have_all = all(n in self.env for n in REQUIRED_ENV)
            if have_all and all(n in self.env for n in OPTIONAL_ENV):
                return
            wait = 0.5 if have_all else deadline - time.monotonic()
            try:
                line = self.lines.get(timeout=max(wait, 0.01))
            except queue.Empty:
                if have_all:
                    return
                self.stop()
                pytest.fail(f"`{' '.join(self.argv)}` printed no {self._missing()} within "
                            f"{timeout}s; its log:\n{self.log_text()}")
            if line is None:
                self.stop()
                pytest.fail(f"`{' '.join(self.argv)}` ended before printing "
                            f"{self._missing()}; its log:\n{self.log_text()}")
            parsed = parse_env_line(line)
            if parsed:
                self.env[parsed[0]] = parsed[1]

    def _missing(self):
        return ", ".join(n for n in REQUIRED_ENV if n not in self.env)

    def _wait_ready(self, timeout: float):
        deadline = time.monotonic() + timeout
        last = None
        while time.monotonic() < deadline:
            try:
                status, _, _ = self.request("GET", "/metadata/endpoints?api-version=2022-09-01",
                                            token=None)
                if status == 200:
                    return
                last = f"status {status}"
            except OSError as e:
                last = repr(e)
            time.sleep(0.1)
        self.stop()
        pytest.fail(f"hcsim serve did not answer /metadata/endpoints ({last})")

    def log_text(self) -> str:
        """The server's stderr so far (read without moving the offset the server writes at)."""
        fd = self.log.fileno()
        size = os.fstat(fd).st_size
        start = max(0, size - 4000)
        return os.pread(fd, size - start, start).decode(errors="replace")

    def alive(self) -> bool:
        return self.proc.poll() is None

    def stop(self):
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(10)
        shutil.rmtree(self.state_dir, ignore_errors=True)
        try:
            self.log.close()  # removes the file
        except FileNotFoundError:
            pass  # someone cleaned /tmp meanwhile

    def connection(self, timeout: float = 30) -> http.client.HTTPSConnection:
        return http.client.HTTPSConnection(self.url.hostname, self.url.port,
                                           context=self.ssl, timeout=timeout)

    def request(self, method, path, body=None, headers=None, token="owner"):
        """One raw HTTPS request: (status, headers as a lower-cased dict, body bytes).
        `token` is "owner" (the Owner service principal's bearer token), None, or a text."""
        headers = dict(headers or {})
        if token == "owner":
            token = self.token()
        if token:
            headers["Authorization"] = f"Bearer {token}"
        if isinstance(body, (dict, list)):
            body = json.dumps(body).encode()
            headers.setdefault("Content-Type", "application/json")
        conn = self.connection()
        try:
            conn.request(method, path, body=body, headers=headers)
            resp = conn.getresponse()
            data = resp.read()
            return resp.status, {k.lower(): v for k, v in resp.getheaders()}, data
        finally:
            conn.close()

    def token(self, client_id=None, secret=None) -> str:
        """A bearer token for ARM from the server's token endpoint (client credentials),
        as azure-identity asks for it."""
        client_id = client_id or self.env["AZURE_CLIENT_ID"]
        secret = secret or self.env["AZURE_CLIENT_SECRET"]
        authority = urllib.parse.urlsplit(self.env["AZURE_AUTHORITY_HOST"])
        form = urllib.parse.urlencode({
            "grant_type": "client_credentials", "client_id": client_id,
            "client_secret": secret, "scope": self.endpoint + ".default",
        })
        conn = http.client.HTTPSConnection(authority.hostname, authority.port,
                                           context=self.ssl, timeout=30)
        try:
            path = authority.path.rstrip("/") + f"/{self.env['AZURE_TENANT_ID']}/oauth2/v2.0/token"
            conn.request("POST", path, body=form,
                         headers={"Content-Type": "application/x-www-form-urlencoded"})
            resp = conn.getresponse()
            data = resp.read()
        finally:
            conn.close()
        assert resp.status == 200, f"token endpoint answered {resp.status}: {data[:300]!r}"
        return json.loads(data)["access_token"]

    def control(self, line: str):
        """POSTs a `sim …` line to the loopback control route: (status, body text)."""
        status, _, data = self.request("POST", "/hcsim/sim", body=line.encode(),
                                       headers={"Content-Type": "text/plain"}, token=None)
        return status, data.decode(errors="replace")


@dataclass
class AzResult:
    """What one az command did: exit code, stdout, stderr."""

    code: int
    out: str
    err: str
    argv: list

    @property
    def json(self):
        return json.loads(self.out) if self.out.strip() else None

    def ok(self):
        assert self.code == 0, f"az {' '.join(self.argv)} failed ({self.code}):\n{self.err}"
        return self


class Az:
    """The real az CLI, signed in to a server as its Owner service principal, in a config
    directory of its own."""

    def __init__(self, server: Server):
        self.server = server
        self.binary = az_binary()
        self.config_dir = tempfile.mkdtemp(prefix="hcsim-azconfig-")
        env = dict(os.environ)
        env.update(server.env)
        env.update({
            "AZURE_CONFIG_DIR": self.config_dir,
            "AZURE_CORE_COLLECT_TELEMETRY": "false",
            "AZURE_CORE_NO_COLOR": "true",
            "AZURE_CORE_SURVEY_MESSAGE": "false",
            "AZURE_CORE_OUTPUT": "json",
        })
        self.env = env
        self.calls = 0

    def __call__(self, *args: str, timeout: float = 120) -> AzResult:
        argv = list(args)
        self.calls += 1
        done = subprocess.run([self.binary, *argv], env=self.env, capture_output=True,
                              text=True, timeout=timeout, stdin=subprocess.DEVNULL)
        return AzResult(done.returncode, done.stdout, done.stderr, argv)

    def sign_in(self):
        """`az cloud register` against the server's metadata endpoint, instance discovery
        off, `az login --service-principal` (REAL-CLIENTS.md, Recipe)."""
        env = self.server.env
        self("cloud", "register", "-n", "hcsim",
             "--endpoint-resource-manager", self.server.endpoint).ok()
        self("cloud", "set", "-n", "hcsim").ok()
        self("config", "set", "core.instance_discovery=false").ok()
        return self("login", "--service-principal", "-u", env["AZURE_CLIENT_ID"],
                    "-p", env["AZURE_CLIENT_SECRET"], "--tenant", env["AZURE_TENANT_ID"])

    def close(self):
        shutil.rmtree(self.config_dir, ignore_errors=True)


_names = itertools.count(1)


def unique(prefix: str) -> str:
    """A name no other test of this session uses: letters and digits only (workspace and
    service names allow nothing else), at most 24 characters."""
    return f"{prefix}{os.getpid() % 1000}x{next(_names)}"[:24]


@pytest.fixture(scope="session")
def server():
    """`hcsim serve` for the whole session: seed 42, operations finish on the spot."""
    srv = Server("--seed", "42", "--timing", "instant")
    # azure-core's requests transport and azure-identity read the CA file from here.
    saved = {k: os.environ.get(k) for k in ("REQUESTS_CA_BUNDLE", "SSL_CERT_FILE")}
    os.environ["REQUESTS_CA_BUNDLE"] = srv.ca_file
    os.environ["SSL_CERT_FILE"] = srv.env["SSL_CERT_FILE"]
    yield srv
    for k, v in saved.items():
        if v is None:
            os.environ.pop(k, None)
        else:
            os.environ[k] = v
    srv.stop()


@pytest.fixture(scope="session")
def az(server):
    """The real az, signed in to the session's server."""
    cli = Az(server)
    cli.sign_in().ok()
    yield cli
    cli.close()


@pytest.fixture(scope="session")
def credential(server):
    """azure-identity's ClientSecretCredential for the Owner service principal."""
    from azure.identity import ClientSecretCredential
    env = server.env
    return ClientSecretCredential(env["AZURE_TENANT_ID"], env["AZURE_CLIENT_ID"],
                                  env["AZURE_CLIENT_SECRET"],
                                  authority=env["AZURE_AUTHORITY_HOST"],
                                  disable_instance_discovery=True,
                                  connection_verify=server.ca_file)


@pytest.fixture(scope="session")
def norole_credential(server):
    """The service principal of the tenant that holds no role (for RBAC tests)."""
    from azure.identity import ClientSecretCredential
    env = server.env
    missing = [n for n in ("HCSIM_NOROLE_CLIENT_ID", "HCSIM_NOROLE_CLIENT_SECRET")
               if n not in env]
    assert not missing, f"hcsim serve --print-env printed no {', '.join(missing)}"
    return ClientSecretCredential(env["AZURE_TENANT_ID"], env["HCSIM_NOROLE_CLIENT_ID"],
                                  env["HCSIM_NOROLE_CLIENT_SECRET"],
                                  authority=env["AZURE_AUTHORITY_HOST"],
                                  disable_instance_discovery=True,
                                  connection_verify=server.ca_file)


@pytest.fixture(scope="session")
def mgmt(server, credential):
    """Builds a management client for the server: `mgmt(ClientClass)` (Owner) or
    `mgmt(ClientClass, credential=other)`."""

    def build(client_class, credential=credential, **kwargs):
        return client_class(credential, server.env["AZURE_SUBSCRIPTION_ID"],
                            base_url=server.endpoint,
                            credential_scopes=[server.endpoint + ".default"],
                            connection_verify=server.ca_file, polling_interval=0.2,
                            **kwargs)

    return build


@pytest.fixture(scope="session")
def resources(mgmt):
    """azure-mgmt-resource's ResourceManagementClient (the version azure-cli pins)."""
    from azure.mgmt.resource import ResourceManagementClient
    return mgmt(ResourceManagementClient)


@pytest.fixture(scope="session")
def healthcare(mgmt):
    """azure-mgmt-healthcareapis 2.1.0's client (api-version 2024-03-31)."""
    from azure.mgmt.healthcareapis import HealthcareApisManagementClient
    return mgmt(HealthcareApisManagementClient)


@pytest.fixture
def group(resources):
    """A fresh resource group in eastus, deleted (without waiting) after the test."""
    name = unique("rg")
    resources.resource_groups.create_or_update(name, {"location": "eastus"})
    yield name
    try:
        resources.resource_groups.begin_delete(name)
    except Exception:  # the test may have deleted it already
        pass
