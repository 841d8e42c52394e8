"""A real Apache Kafka broker on 127.0.0.1 for machines without Docker.

The official broker jars are resolved from Maven Central with ``mvn`` (recipe in
``deploy/kafka/pom.xml``) into a cache shared between runs; a KRaft data directory is
formatted once under ``WIREFEED_DATA_DIR/kafka`` and one combined broker+controller JVM is
started from it. "Ready" means the broker answered a metadata request, never a log line,
because tests and the demo must not race a broker that is still starting.

Layout of ``<data dir>/kafka``: ``server.properties`` (rewritten on every start),
``data/`` (log.dirs: topics and the KRaft metadata log), ``server.log`` (the broker's log),
``broker.out`` (JVM stdout and stderr), ``broker.pid`` and ``wirefeed.json`` (cluster id
and the Kafka version that formatted and last started the directory).
"""

from __future__ import annotations

import asyncio
import base64
import concurrent.futures
import contextlib
import fcntl
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import time
import uuid
from collections.abc import Callable, Coroutine, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from aiokafka.admin import AIOKafkaAdminClient
from rich.console import Console

import streams
from streams.errors import BrokerError
from streams.settings import Settings

__all__ = [
    "DEPLOY_DIR",
    "BrokerStatus",
    "LocalBroker",
    "kafka_major",
    "maven_profile",
    "new_cluster_id",
    "server_properties",
    "wait_until_ready",
    "wait_until_ready_async",
]

#: The Maven recipe and log configs; found next to the package in a source checkout.
DEPLOY_DIR = Path(streams.__file__).resolve().parent.parent / "deploy" / "kafka"
HOST = "127.0.0.1"
NODE_ID = 1
TAIL_LINES = 20
JAVA_HINT = (
    "install a Java 17+ runtime (Debian/Ubuntu: apt-get install openjdk-17-jre-headless) "
    "or set JAVA_HOME"
)
MAVEN_HINT = "install Maven 3.6+ (Debian/Ubuntu: apt-get install maven)"

_T = TypeVar("_T")
_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
_HEAP = re.compile(r"^[1-9][0-9]*[kKmMgG]?$")
# Maven's closing advice, repeated on every failure; not worth a line of the error.
_MVN_BOILERPLATE = (
    "To see the full stack trace",
    "Re-run Maven using",
    "For more information about the errors",
    "[Help ",
)
# Broker processes started by this Python process, so that they are reaped (a zombie
# would look alive to os.kill(pid, 0)) and never garbage-collected while running.
_CHILDREN: dict[int, subprocess.Popen[bytes]] = {}


@dataclass(frozen=True, slots=True)
class BrokerStatus:
    """What ``wirefeed broker status`` prints and what ``start`` returns."""

    running: bool
    pid: int | None
    bootstrap: str
    kafka_version: str
    data_dir: Path
    log_file: Path

    def __str__(self) -> str:
        if self.running:
            state = f"running (pid {self.pid}) on {self.bootstrap}"
        else:
            state = f"not running (would listen on {self.bootstrap})"
        return f"Kafka {self.kafka_version} {state}; data {self.data_dir}; log {self.log_file}"


def kafka_major(version: str) -> int:
    """Major version of a Kafka release string; the log backend and configs depend on it."""
    match = re.fullmatch(r"(\d+)\.(\d+)(?:\.\d+)?(?:-[\w.]+)?", version.strip())
    if not match:
        raise BrokerError(f"WIREFEED_KAFKA_VERSION={version!r} is not a Kafka version (e.g. 3.9.1)")
    return int(match.group(1))


def _minor(version: str) -> str:
    return ".".join(version.split(".")[:2])


def maven_profile(version: str) -> str:
    """The pom.xml profile that adds the right logging backend for this Kafka version."""
    major = kafka_major(version)
    if major < 3:
        raise BrokerError(
            f"Kafka {version} is not supported: the local broker runs in KRaft mode "
            "(Kafka 3.x, 3.9 recommended, or 4.x)"
        )
    return "kafka3" if major == 3 else "kafka4"


def new_cluster_id() -> str:
    """A KRaft cluster id as ``kafka-storage.sh random-uuid`` prints it, without a JVM.

    Kafka's ``Uuid.toString`` is the URL-safe base64 of 16 random bytes without padding,
    and ``Uuid.randomUuid`` never returns one starting with ``-`` (it would read as a flag).
    """
    while True:
        text = base64.urlsafe_b64encode(uuid.uuid4().bytes).decode("ascii").rstrip("=")
        if not text.startswith("-"):
            return text


def server_properties(settings: Settings, log_dir: Path) -> str:
    """The broker's configuration: one combined broker+controller node on 127.0.0.1.

    Replication factors and minimum ISRs are 1 because there is one node; the internal
    topics get 10 partitions instead of 50 so that the first consumer group or
    transaction does not wait for 50 partitions to be created.
    """
    port, cport = settings.broker_port, settings.controller_port
    props: dict[str, str | int] = {
        "process.roles": "broker,controller",
        "node.id": NODE_ID,
        "controller.quorum.voters": f"{NODE_ID}@{HOST}:{cport}",
        "listeners": f"PLAINTEXT://{HOST}:{port},CONTROLLER://{HOST}:{cport}",
        "advertised.listeners": f"PLAINTEXT://{HOST}:{port}",
        "listener.security.protocol.map": "CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT",
        "controller.listener.names": "CONTROLLER",
        "inter.broker.listener.name": "PLAINTEXT",
        "log.dirs": str(log_dir),
        "num.partitions": 1,
        "default.replication.factor": 1,
        "min.insync.replicas": 1,
        "auto.create.topics.enable": "true",
        "offsets.topic.replication.factor": 1,
        "offsets.topic.num.partitions": 10,
        "transaction.state.log.replication.factor": 1,
        "transaction.state.log.min.isr": 1,
        "transaction.state.log.num.partitions": 10,
        "group.initial.rebalance.delay.ms": 0,
        # A development broker: keep three days or 256 MiB per partition, whichever is less.
        "log.retention.hours": 72,
        "log.retention.bytes": 256 * 1024 * 1024,
        "log.segment.bytes": 64 * 1024 * 1024,
        "log.retention.check.interval.ms": 60_000,
    }
    if kafka_major(settings.kafka_version) >= 4:
        # The share-group state topic (KIP-932) defaults to replication 3 and min ISR 2.
        props["share.coordinator.state.topic.replication.factor"] = 1
        props["share.coordinator.state.topic.min.isr"] = 1
    header = [
        f"# Kafka {settings.kafka_version} for wirefeed: written by streams/broker.py on every",
        "# start from WIREFEED_* settings; edits here are overwritten.",
    ]
    return "\n".join([*header, *(f"{key}={value}" for key, value in props.items())]) + "\n"


def _tail(path: Path, n: int, start: int = 0) -> str:
    """The last ``n`` lines of a log file after byte ``start``; "" if there are none.

    Only the end of the file is read, since broker logs can be large.
    """
    try:
        with path.open("rb") as fh:
            size = fh.seek(0, os.SEEK_END)
            begin = max(start, size - 64 * 1024)
            fh.seek(begin)
            data = fh.read()
    except OSError:
        return ""
    lines = data.decode("utf-8", "replace").splitlines()
    if begin > start and lines:
        lines = lines[1:]  # probably cut in the middle
    return "\n".join(lines[-n:]) if n > 0 else ""


def _port_free(host: str, port: int) -> bool:
    """Whether a server could listen on host:port now (SO_REUSEADDR, as the JVM uses)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((host, port))
        except OSError:
            return False
    return True


def _split_bootstrap(bootstrap: str) -> tuple[str, int]:
    first = bootstrap.split(",")[0].strip().removeprefix("kafka://")
    host, _, port = first.rpartition(":")
    if not host or not port.isdigit():
        raise BrokerError(f"bootstrap {bootstrap!r} is not host:port")
    return host, int(port)


async def _port_open(host: str, port: int, within: float) -> bool:
    try:
        _, writer = await asyncio.wait_for(asyncio.open_connection(host, port), within)
    except (TimeoutError, OSError):
        return False
    writer.close()
    with contextlib.suppress(OSError):
        await writer.wait_closed()
    return True


async def _metadata(bootstrap: str, request_timeout_ms: int) -> dict[str, Any]:
    """One metadata round trip through aiokafka, the client wirefeed itself uses."""
    admin = AIOKafkaAdminClient(
        bootstrap_servers=bootstrap,
        client_id="wirefeed-broker-probe",
        request_timeout_ms=request_timeout_ms,
    )
    try:
        await admin.start()
        cluster: dict[str, Any] = await admin.describe_cluster()
    finally:
        await admin.close()
    if not cluster.get("brokers"):
        raise BrokerError("the metadata response lists no broker yet")
    return cluster


async def wait_until_ready_async(
    bootstrap: str, within: float, alive: Callable[[], bool] | None = None
) -> None:
    """Return once the broker at ``bootstrap`` answers a metadata request.

    Polls the TCP port, then a real metadata request (a listening port alone can belong
    to a broker that does not process requests yet). Raises BrokerError after ``within``
    seconds, or as soon as ``alive()`` says the broker process is gone.
    """
    loop = asyncio.get_running_loop()
    host, port = _split_bootstrap(bootstrap)
    deadline = loop.time() + within
    last = "nothing tried yet"
    while True:
        if alive is not None and not alive():
            raise BrokerError(f"the broker process exited before answering on {bootstrap}")
        remaining = deadline - loop.time()
        if remaining <= 0:
            raise BrokerError(f"Kafka at {bootstrap} did not answer within {within:g} s ({last})")
        if await _port_open(host, port, min(1.0, remaining)):
            probe_timeout = max(0.5, min(5.0, remaining))
            try:
                await asyncio.wait_for(
                    _metadata(bootstrap, int(probe_timeout * 1000)), probe_timeout + 1
                )
                return
            except Exception as exc:  # any failure means "not yet"; the last one is reported
                last = f"metadata request failed: {type(exc).__name__}: {exc}"
        else:
            last = f"nothing listens on {host}:{port}"
        await asyncio.sleep(min(0.25, max(0.0, deadline - loop.time())))


def wait_until_ready(bootstrap: str, timeout: float) -> None:
    """Blocking :func:`wait_until_ready_async`; also callable from inside a running loop."""
    _run(lambda: wait_until_ready_async(bootstrap, timeout))


def _run(factory: Callable[[], Coroutine[Any, Any, _T]]) -> _T:
    """Run a coroutine to completion from sync code, even when a loop already runs here."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(factory())
    with concurrent.futures.ThreadPoolExecutor(1, thread_name_prefix="wirefeed-broker") as pool:
        return pool.submit(lambda: asyncio.run(factory())).result()


@contextlib.contextmanager
def _locked(path: Path) -> Iterator[None]:
    """An exclusive advisory lock, so that two processes never resolve or start at once."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def _jar_versions(libs: Path, artifact: str) -> list[str]:
    pattern = re.compile(rf"{re.escape(artifact)}-(\d[^/]*)\.jar")
    found = (pattern.fullmatch(p.name) for p in libs.glob(f"{artifact}-*.jar"))
    return sorted(m.group(1) for m in found if m)


def _check_jars(libs: Path, version: str, profile: str) -> None:
    """Refuse a jar set that would start a broker which cannot run or cannot log."""
    problems = []
    for jar in (f"kafka_2.13-{version}.jar", f"kafka-clients-{version}.jar"):
        if not (libs / jar).is_file():
            problems.append(f"{jar} is missing")
    if len(_jar_versions(libs, "slf4j-api")) != 1:
        problems.append(f"expected one slf4j-api, found {_jar_versions(libs, 'slf4j-api')}")
    if profile == "kafka3":
        if not _jar_versions(libs, "slf4j-reload4j"):
            problems.append("the slf4j-reload4j logging binding is missing")
    else:
        log4j = {
            name: _jar_versions(libs, name)
            for name in ("log4j-api", "log4j-core", "log4j-slf4j-impl")
        }
        if any(len(v) != 1 for v in log4j.values()) or len({v[0] for v in log4j.values()}) != 1:
            problems.append(f"log4j jars do not match: {log4j}")
    for other in ("logback-classic", "slf4j-log4j12", "slf4j-simple"):
        if _jar_versions(libs, other):
            problems.append(f"a second SLF4J binding ({other}) was resolved")
    if problems:
        raise BrokerError(
            f"the resolved Kafka {version} jars in {libs} are unusable: " + "; ".join(problems)
        )


def _process_gone(pid: int) -> bool:
    """Whether ``pid`` has exited and released its resources (ports, files).

    A zombie counts as gone: it holds nothing and only waits for its parent.
    """
    child = _CHILDREN.get(pid)
    if child is not None:
        return child.poll() is not None  # also reaps it
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except FileNotFoundError:
        return Path("/proc/self").exists()  # vanished just now; without /proc, unknown
    except (OSError, IndexError):
        return False
    return fields[0] in ("Z", "X")


def _process_alive(pid: int, needle: str) -> bool:
    """Whether ``pid`` is a running process whose command line contains ``needle``.

    The command line check keeps a recycled pid from passing for the broker.
    """
    if _process_gone(pid):
        return False
    if pid in _CHILDREN:
        return True
    cmdline = Path(f"/proc/{pid}/cmdline")
    if not cmdline.parent.exists():
        return True  # no /proc (not Linux): trust the pid file
    try:
        args = cmdline.read_bytes().split(b"\0")
    except OSError:
        return False
    return any(needle.encode() in arg for arg in args)  # empty while the process exits


class LocalBroker:
    """One local Kafka broker, described entirely by :class:`Settings`."""

    def __init__(self, settings: Settings, console: Console | None = None) -> None:
        self.settings = settings
        self.version = settings.kafka_version.strip()
        self.home = (settings.data_dir.expanduser() / "kafka").resolve()
        self.log_dir = self.home / "data"
        self.properties_file = self.home / "server.properties"
        self.pid_file = self.home / "broker.pid"
        self.state_file = self.home / "wirefeed.json"
        self.log_file = self.home / "server.log"
        self.out_file = self.home / "broker.out"
        self.jars_dir = (
            settings.cache_dir.expanduser() / f"kafka-{self.version}" / "libs"
        ).resolve()
        self.marker = self.jars_dir.parent / "libs.complete"
        self.bootstrap = f"{HOST}:{settings.broker_port}"
        self.console = console or Console(stderr=True, highlight=False)

    # -- public API ---------------------------------------------------------------------

    def resolve(self) -> Path:
        """The directory of broker jars, resolved with Maven the first time.

        The jars are copied to a staging directory, checked, renamed into place and only
        then marked complete, so that an interrupted resolution is redone next time.
        """
        if self._resolved():
            return self.jars_dir
        profile = maven_profile(self.version)
        mvn = shutil.which("mvn")
        if mvn is None:
            raise BrokerError(f"`mvn` is needed once to fetch the Kafka jars: {MAVEN_HINT}")
        pom = DEPLOY_DIR / "pom.xml"
        if not pom.is_file():
            raise BrokerError(f"{pom} is missing: run wirefeed from a source checkout")
        with _locked(self.jars_dir.parent / ".lock"):
            if self._resolved():  # another process finished while we waited
                return self.jars_dir
            self._say(
                f"resolving Kafka {self.version} jars from Maven Central into "
                f"{self.jars_dir} (first use; can take a minute)"
            )
            started = time.monotonic()
            staging = self.jars_dir.parent / "libs.partial"
            shutil.rmtree(staging, ignore_errors=True)
            if profile == "kafka4":
                # Kafka 4 brings log4j-core; its slf4j binding must be the same version,
                # which only this first resolution tells.
                self._mvn(mvn, pom, staging, [])
                log4j = _jar_versions(staging, "log4j-core")
                if len(log4j) != 1:
                    raise BrokerError(
                        f"expected one log4j-core among Kafka {self.version}'s "
                        f"jars, found {log4j or 'none'}"
                    )
                self._mvn(mvn, pom, staging, ["-P", profile, f"-Dlog4j.version={log4j[0]}"])
            else:
                self._mvn(mvn, pom, staging, ["-P", profile])
            _check_jars(staging, self.version, profile)
            shutil.rmtree(self.jars_dir, ignore_errors=True)
            staging.rename(self.jars_dir)
            jars = sorted(p.name for p in self.jars_dir.glob("*.jar"))
            self.marker.write_text("\n".join(jars) + "\n")
            self._say(f"resolved {len(jars)} jars in {time.monotonic() - started:.1f} s")
        return self.jars_dir

    def start(self) -> BrokerStatus:
        """Start the broker (or find it running) and return once it answers requests."""
        with _locked(self.home / ".start.lock"):
            return self._start()

    def stop(self, timeout: float = 30.0) -> bool:
        """SIGTERM (Kafka then shuts down cleanly), SIGKILL after ``timeout`` seconds.

        Returns whether a broker process was stopped.
        """
        pid = self._read_pid()
        if pid is None or not self._alive(pid):
            self.pid_file.unlink(missing_ok=True)
            return False
        self._say(f"stopping Kafka (pid {pid})")
        started = time.monotonic()
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGTERM)
        how = "stopped"
        if not self._wait_exit(pid, timeout):
            how = f"killed after {timeout:g} s without exiting"
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
            if not self._wait_exit(pid, 10.0):
                raise BrokerError(f"Kafka (pid {pid}) survived SIGKILL")
        _CHILDREN.pop(pid, None)
        self.pid_file.unlink(missing_ok=True)
        self._say(f"Kafka {how} in {time.monotonic() - started:.1f} s")
        return True

    def status(self) -> BrokerStatus:
        """Whether the broker of this data directory runs, and where to find things."""
        pid = self._read_pid()
        running = pid is not None and self._alive(pid)
        version = self.version
        if running:
            version = str(self._read_state().get("started_with") or version)
        return BrokerStatus(
            running=running,
            pid=pid if running else None,
            bootstrap=self.bootstrap,
            kafka_version=version,
            data_dir=self.home,
            log_file=self.log_file,
        )

    # -- start ---------------------------------------------------------------------------

    def _start(self) -> BrokerStatus:
        timeout = self.settings.broker_start_timeout
        current = self.status()
        if current.running:
            assert current.pid is not None
            pid = current.pid
            if current.kafka_version != self.version:
                self._say(
                    f"note: the running broker is Kafka {current.kafka_version}, "
                    f"not {self.version}; stop it first to switch"
                )
            try:
                wait_until_ready(self.bootstrap, timeout)
            except BrokerError as exc:
                raise BrokerError(
                    f"Kafka (pid {pid}) runs but does not answer: {exc}; "
                    f"stop it with `wirefeed broker stop`\n{self._log_tails(0, 0)}"
                ) from None
            return self.status()
        self.pid_file.unlink(missing_ok=True)
        java = self._java()
        if not _HEAP.fullmatch(self.settings.broker_heap.strip()):
            raise BrokerError(
                f"WIREFEED_BROKER_HEAP={self.settings.broker_heap!r} is not a "
                "Java heap size such as 512m or 1g"
            )
        for name, port in (
            ("BROKER_PORT", self.settings.broker_port),
            ("CONTROLLER_PORT", self.settings.controller_port),
        ):
            if not _port_free(HOST, port):
                raise BrokerError(
                    f"port {port} on {HOST} is already in use by another program (no broker "
                    f"of {self.home} is running); stop it or set WIREFEED_{name} to a free port"
                )
        libs = self.resolve()
        self.home.mkdir(parents=True, exist_ok=True)
        self.properties_file.write_text(server_properties(self.settings, self.log_dir))
        cluster_id = self._prepare_storage(java, libs)

        self._say(f"starting Kafka {self.version} on {self.bootstrap} (data {self.home})")
        started = time.monotonic()
        log_start = self._size(self.log_file)
        out_start = self._size(self.out_file)
        with self.out_file.open("ab") as out:
            proc = subprocess.Popen(
                [java, *self._jvm_args(libs), "kafka.Kafka", str(self.properties_file)],
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=subprocess.STDOUT,
                cwd=self.home,
                start_new_session=True,
            )
        _CHILDREN[proc.pid] = proc
        self.pid_file.write_text(f"{proc.pid}\n")
        self._write_state(cluster_id=cluster_id, started_with=self.version)
        try:
            _run(
                lambda: wait_until_ready_async(
                    self.bootstrap, timeout, alive=lambda: proc.poll() is None
                )
            )
        except BrokerError as exc:
            code = proc.poll()
            if code is None:
                self._kill(proc)
                reason = f"{exc}; the broker (Kafka {self.version}) was killed"
            else:
                reason = f"Kafka {self.version} exited with status {code} while starting"
            _CHILDREN.pop(proc.pid, None)
            self.pid_file.unlink(missing_ok=True)
            raise BrokerError(f"{reason}\n{self._log_tails(log_start, out_start)}") from None
        except KeyboardInterrupt:  # do not leave a half-started broker behind
            self._kill(proc)
            _CHILDREN.pop(proc.pid, None)
            self.pid_file.unlink(missing_ok=True)
            raise
        self._say(
            f"Kafka {self.version} ready on {self.bootstrap} in "
            f"{time.monotonic() - started:.1f} s (pid {proc.pid})"
        )
        return self.status()

    def _prepare_storage(self, java: str, libs: Path) -> str:
        """Format the KRaft directory once; on later starts check it is ours and compatible."""
        meta_file = self.log_dir / "meta.properties"
        state = self._read_state()
        if meta_file.is_file():
            meta = _read_properties(meta_file)
            cluster_id = meta.get("cluster.id", "")
            recorded = state.get("cluster_id")
            if recorded and recorded != cluster_id:
                raise BrokerError(
                    f"{self.log_dir} holds Kafka cluster {cluster_id}, but {self.state_file} "
                    f"records cluster {recorded}: the directory was copied or mixed up. "
                    f"Remove {self.home} to start empty, or set WIREFEED_DATA_DIR elsewhere"
                )
            if meta.get("node.id", str(NODE_ID)) != str(NODE_ID):
                raise BrokerError(
                    f"{meta_file} is for node {meta.get('node.id')}, not node "
                    f"{NODE_ID}: this is not a wirefeed local broker directory"
                )
            formatted_by = state.get("formatted_by")
            if formatted_by and _minor(str(formatted_by)) != _minor(self.version):
                raise BrokerError(
                    f"{self.log_dir} was formatted by Kafka {formatted_by}, but "
                    f"WIREFEED_KAFKA_VERSION is {self.version}. Set WIREFEED_KAFKA_VERSION="
                    f"{formatted_by}, or remove {self.home} (its topics are lost) or set "
                    "WIREFEED_DATA_DIR elsewhere to start empty"
                )
            if not state:
                self._write_state(cluster_id=cluster_id)
            return cluster_id
        cluster_id = new_cluster_id()
        self._say(f"formatting KRaft storage in {self.log_dir} (cluster {cluster_id})")
        cmd = [
            java,
            "-Xmx256m",
            "-Djava.awt.headless=true",
            *self._log_args(),
            "-cp",
            str(libs / "*"),
            "kafka.tools.StorageTool",
            "format",
            "-t",
            cluster_id,
            "-c",
            str(self.properties_file),
            "--ignore-formatted",
        ]
        done = _run_tool(cmd, timeout=180, what="kafka-storage format", cwd=self.home)
        output = done.stdout.decode("utf-8", "replace").strip()
        if done.returncode != 0 or not meta_file.is_file():
            tail = "\n".join(output.splitlines()[-TAIL_LINES:])
            raise BrokerError(f"formatting {self.log_dir} failed (exit {done.returncode}):\n{tail}")
        self._write_state(cluster_id=cluster_id, formatted_by=self.version)
        return cluster_id

    # -- helpers ---------------------------------------------------------------------------

    def _resolved(self) -> bool:
        return self.marker.is_file() and self.jars_dir.is_dir()

    def _mvn(self, mvn: str, pom: Path, out: Path, extra: list[str]) -> None:
        cmd = [
            mvn,
            "-B",
            "-q",
            "-Dstyle.color=never",
            "-f",
            str(pom),
            *extra,
            "dependency:copy-dependencies",
            f"-DoutputDirectory={out}",
            "-DincludeScope=runtime",
            f"-Dkafka.version={self.version}",
        ]
        done = _run_tool(cmd, timeout=1800, what=f"mvn resolving Kafka {self.version}")
        if done.returncode != 0:
            text = _ANSI.sub("", done.stdout.decode("utf-8", "replace"))
            lines = [
                line
                for line in text.splitlines()
                if line.strip() not in ("", "[ERROR]")
                and not any(b in line for b in _MVN_BOILERPLATE)
            ]
            tail = "\n".join(lines[-TAIL_LINES:])
            raise BrokerError(
                f"mvn could not resolve Kafka {self.version} (exit {done.returncode}):\n{tail}"
            )

    def _java(self) -> str:
        """JAVA_HOME's java first, then PATH's, as Kafka's own scripts choose."""
        java_home = os.environ.get("JAVA_HOME")
        if java_home:
            candidate = Path(java_home) / "bin" / "java"
            if os.access(candidate, os.X_OK):
                return str(candidate)
        found = shutil.which("java")
        if found is None:
            raise BrokerError(
                f"`java` was not found, and the Kafka broker is a Java program: {JAVA_HINT}"
            )
        return found

    def _log_args(self) -> list[str]:
        logs = f"-Dkafka.logs.dir={self.home}"
        if maven_profile(self.version) == "kafka3":
            return [f"-Dlog4j.configuration=file:{DEPLOY_DIR / 'log4j.properties'}", logs]
        return [f"-Dlog4j2.configurationFile={DEPLOY_DIR / 'log4j2.properties'}", logs]

    def _jvm_args(self, libs: Path) -> list[str]:
        heap = self.settings.broker_heap.strip()
        return [
            f"-Xmx{heap}",
            f"-Xms{heap}",
            "-XX:+UseG1GC",
            "-XX:MaxGCPauseMillis=20",
            "-XX:InitiatingHeapOccupancyPercent=35",
            "-XX:+ExplicitGCInvokesConcurrent",
            "-XX:+ExitOnOutOfMemoryError",
            "-Djava.awt.headless=true",
            *self._log_args(),
            "-cp",
            str(libs / "*"),
        ]

    def _alive(self, pid: int) -> bool:
        return _process_alive(pid, str(self.properties_file))

    def _read_pid(self) -> int | None:
        try:
            return int(self.pid_file.read_text().split()[0])
        except (OSError, ValueError, IndexError):
            return None

    def _wait_exit(self, pid: int, timeout: float) -> bool:
        deadline = time.monotonic() + timeout
        while not _process_gone(pid):
            if time.monotonic() >= deadline:
                return False
            time.sleep(0.1)
        return True

    def _kill(self, proc: subprocess.Popen[bytes]) -> None:
        proc.kill()
        with contextlib.suppress(subprocess.TimeoutExpired):
            proc.wait(10)

    def _read_state(self) -> dict[str, Any]:
        try:
            state = json.loads(self.state_file.read_text())
        except (OSError, ValueError):
            return {}
        return state if isinstance(state, dict) else {}

    def _write_state(self, **values: str) -> None:
        state = {**self._read_state(), **values}
        tmp = self.state_file.with_suffix(".tmp")
        tmp.write_text(json.dumps(state, indent=2, sort_keys=True) + "\n")
        tmp.replace(self.state_file)

    @staticmethod
    def _size(path: Path) -> int:
        try:
            return path.stat().st_size
        except OSError:
            return 0

    def _log_tails(self, log_start: int, out_start: int) -> str:
        parts = []
        for path, start in ((self.log_file, log_start), (self.out_file, out_start)):
            text = _tail(path, TAIL_LINES, start)
            if text:
                parts.append(f"--- last lines of {path} ---\n{text}")
        return "\n".join(parts) or f"(nothing was logged in {self.log_file} or {self.out_file})"

    def _say(self, message: str) -> None:
        self.console.print(message, markup=False, highlight=False, soft_wrap=True)


def _run_tool(
    cmd: list[str], *, timeout: float, what: str, cwd: Path | None = None
) -> subprocess.CompletedProcess[bytes]:
    """Run a helper program to completion, output captured; a hang becomes a BrokerError."""
    try:
        return subprocess.run(
            cmd,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            cwd=cwd,
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise BrokerError(f"{what} did not finish within {timeout:.0f} s") from None


def _read_properties(path: Path) -> dict[str, str]:
    """A Java properties file as Kafka writes meta.properties (key=value, # comments)."""
    values = {}
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        line = line.strip()
        if line and not line.startswith(("#", "!")) and "=" in line:
            key, _, value = line.partition("=")
            values[key.strip()] = value.strip()
    return values
