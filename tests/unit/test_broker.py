"""LocalBroker without starting Kafka: configuration, jar resolution and refusals.

Where a program is needed (``mvn``, ``java``), a small shell script on PATH stands in for
it and does only what the code under test relies on: fake ``mvn`` writes jar names the
way ``dependency:copy-dependencies`` does, fake ``java`` writes ``meta.properties`` for
``StorageTool format`` and fails (or hangs) as ``kafka.Kafka``. The real programs are
exercised by tests/integration/test_broker.py.
"""

from __future__ import annotations

import base64
import io
import json
import os
import signal
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from rich.console import Console

from streams.broker import (
    BrokerStatus,
    LocalBroker,
    _tail,
    kafka_major,
    maven_profile,
    new_cluster_id,
    server_properties,
    wait_until_ready,
)
from streams.errors import BrokerError
from streams.settings import Settings
from tests.conftest import free_port_pair

FAKE_JAVA = r"""#!/bin/sh
# Stand-in for java, see the module docstring.
PATH=/usr/bin:/bin
prev=""; cfg=""; cid=""; logs=""; main=""
for a in "$@"; do
  case "$prev" in -c) cfg="$a";; -t) cid="$a";; esac
  case "$a" in
    -Dkafka.logs.dir=*) logs="${a#-Dkafka.logs.dir=}";;
    kafka.tools.StorageTool|kafka.Kafka) main="$a";;
  esac
  prev="$a"
done
echo "$main" >> "$FAKE_JAVA_CALLS"
if [ "$main" = kafka.tools.StorageTool ]; then
  dir=$(sed -n 's/^log.dirs=//p' "$cfg")
  mkdir -p "$dir"
  printf 'cluster.id=%s\nnode.id=1\nversion=1\n' "$cid" > "$dir/meta.properties"
  echo "Formatting metadata directory $dir"
  exit 0
fi
if [ "$FAKE_JAVA_MODE" = hang ]; then
  exec sleep 60
fi
i=1
while [ $i -le 30 ]; do
  printf '[fake] ERROR fake broker line %02d\n' $i >> "$logs/server.log"
  i=$((i + 1))
done
echo "Error: simulated JVM failure" >&2
exit 3
"""

FAKE_MVN = r"""#!/bin/sh
# Stand-in for mvn dependency:copy-dependencies, see the module docstring.
PATH=/usr/bin:/bin
echo "$*" >> "$FAKE_MVN_CALLS"
out=""; ver=""; log4j=""; profile=""; prev=""
for a in "$@"; do
  case "$a" in
    -DoutputDirectory=*) out="${a#-DoutputDirectory=}";;
    -Dkafka.version=*) ver="${a#-Dkafka.version=}";;
    -Dlog4j.version=*) log4j="${a#-Dlog4j.version=}";;
  esac
  [ "$prev" = -P ] && profile="$a"
  prev="$a"
done
mkdir -p "$out"
for jar in "kafka_2.13-$ver" "kafka-clients-$ver" slf4j-api-1.7.36 scala-library-2.13.15; do
  : > "$out/$jar.jar"
done
if [ -n "$FAKE_MVN_FAIL" ]; then
  echo "[ERROR] Failed to execute goal: org.apache.kafka:kafka_2.13:jar:$ver was not found"
  echo "[ERROR] "
  echo "[ERROR] Re-run Maven using the -X switch to enable full debug logging."
  exit 1
fi
case "$ver" in
  3.*) [ "$profile" = kafka3 ] && : > "$out/slf4j-reload4j-1.7.36.jar" ;;
  *) : > "$out/log4j-api-2.25.5.jar"; : > "$out/log4j-core-2.25.5.jar"
     [ "$profile" = kafka4 ] && : > "$out/log4j-slf4j-impl-$log4j.jar" ;;
esac
exit 0
"""


def make_settings(tmp_path: Path, version: str = "3.9.1", **overrides: object) -> Settings:
    port = free_port_pair()
    values: dict[str, object] = {
        "kafka_version": version,
        "broker_port": port,
        "controller_port": port + 1,
        "data_dir": tmp_path / "data",
        "cache_dir": tmp_path / "cache",
    }
    values.update(overrides)
    return Settings.from_env({}, **values)


def quiet(settings: Settings) -> LocalBroker:
    return LocalBroker(settings, console=Console(file=io.StringIO()))


def install(bin_dir: Path, name: str, script: str) -> Path:
    bin_dir.mkdir(parents=True, exist_ok=True)
    path = bin_dir / name
    path.write_text(script)
    path.chmod(0o755)
    return path


@pytest.fixture
def fake_bin(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A PATH holding only fake ``java`` and ``mvn``; their calls are logged to files."""
    bin_dir = tmp_path / "bin"
    install(bin_dir, "java", FAKE_JAVA)
    install(bin_dir, "mvn", FAKE_MVN)
    monkeypatch.setenv("PATH", str(bin_dir))
    monkeypatch.delenv("JAVA_HOME", raising=False)
    monkeypatch.setenv("FAKE_JAVA_CALLS", str(tmp_path / "java.calls"))
    monkeypatch.setenv("FAKE_MVN_CALLS", str(tmp_path / "mvn.calls"))
    return bin_dir


def calls(path: Path) -> list[str]:
    return path.read_text().splitlines() if path.exists() else []


def properties(text: str) -> dict[str, str]:
    pairs = (line.split("=", 1) for line in text.splitlines() if line and line[0] != "#")
    return {key: value for key, value in pairs}


# -- versions and configuration ------------------------------------------------------------


@pytest.mark.parametrize(
    ("version", "profile"),
    [("3.9.1", "kafka3"), ("3.7.0", "kafka3"), ("4.0.0", "kafka4"), ("4.4.0", "kafka4")],
)
def test_profile_follows_major_version(version: str, profile: str) -> None:
    assert maven_profile(version) == profile


@pytest.mark.parametrize("version", ["2.8.2", "banana", "", "4"])
def test_unusable_versions_are_refused(version: str) -> None:
    with pytest.raises(BrokerError):
        maven_profile(version)


def test_kafka_major() -> None:
    assert kafka_major("3.9.1") == 3
    assert kafka_major("4.1.0-rc1") == 4


def test_server_properties_for_kafka3(tmp_path: Path) -> None:
    settings = make_settings(tmp_path, broker_port=29101, controller_port=29102)
    props = properties(server_properties(settings, tmp_path / "logs"))
    assert props["process.roles"] == "broker,controller"
    assert props["node.id"] == "1"
    assert props["controller.quorum.voters"] == "1@127.0.0.1:29102"
    assert props["listeners"] == "PLAINTEXT://127.0.0.1:29101,CONTROLLER://127.0.0.1:29102"
    assert props["advertised.listeners"] == "PLAINTEXT://127.0.0.1:29101"
    assert props["controller.listener.names"] == "CONTROLLER"
    assert props["inter.broker.listener.name"] == "PLAINTEXT"
    assert props["log.dirs"] == str(tmp_path / "logs")
    for key in (
        "offsets.topic.replication.factor",
        "transaction.state.log.replication.factor",
        "transaction.state.log.min.isr",
        "default.replication.factor",
        "num.partitions",
    ):
        assert props[key] == "1", key
    assert props["group.initial.rebalance.delay.ms"] == "0"
    assert props["auto.create.topics.enable"] == "true"
    assert not any(key.startswith("share.") for key in props)


def test_server_properties_for_kafka4_add_share_coordinator(tmp_path: Path) -> None:
    props = properties(server_properties(make_settings(tmp_path, "4.4.0"), tmp_path))
    assert props["share.coordinator.state.topic.replication.factor"] == "1"
    assert props["share.coordinator.state.topic.min.isr"] == "1"


def test_new_cluster_id_has_kafka_form() -> None:
    for _ in range(50):
        cluster_id = new_cluster_id()
        assert len(cluster_id) == 22
        assert not cluster_id.startswith("-")
        assert len(base64.urlsafe_b64decode(cluster_id + "==")) == 16


def test_tail(tmp_path: Path) -> None:
    log = tmp_path / "x.log"
    log.write_text("".join(f"line {i}\n" for i in range(100)))
    assert _tail(log, 3) == "line 97\nline 98\nline 99"
    assert _tail(tmp_path / "missing.log", 3) == ""
    start = log.stat().st_size
    with log.open("a") as fh:
        fh.write("new 1\nnew 2\n")
    assert _tail(log, 20, start) == "new 1\nnew 2"


def test_status_line(tmp_path: Path) -> None:
    settings = make_settings(tmp_path, broker_port=29201, controller_port=29202)
    status = quiet(settings).status()
    assert status == BrokerStatus(
        running=False,
        pid=None,
        bootstrap="127.0.0.1:29201",
        kafka_version="3.9.1",
        data_dir=(tmp_path / "data" / "kafka").resolve(),
        log_file=(tmp_path / "data" / "kafka" / "server.log").resolve(),
    )
    assert str(status).startswith("Kafka 3.9.1 not running (would listen on 127.0.0.1:29201)")


# -- resolution ---------------------------------------------------------------------------------


def test_resolve_runs_mvn_once_then_uses_the_marker(tmp_path: Path, fake_bin: Path) -> None:
    broker = quiet(make_settings(tmp_path))
    libs = broker.resolve()
    assert libs == (tmp_path / "cache" / "kafka-3.9.1" / "libs").resolve()
    assert (libs / "slf4j-reload4j-1.7.36.jar").is_file()
    mvn = calls(tmp_path / "mvn.calls")
    assert len(mvn) == 1
    assert "-P kafka3" in mvn[0]
    assert "-B -q" in mvn[0]
    assert broker.resolve() == libs
    assert len(calls(tmp_path / "mvn.calls")) == 1


def test_resolve_kafka4_pins_the_binding_to_kafkas_log4j(tmp_path: Path, fake_bin: Path) -> None:
    libs = quiet(make_settings(tmp_path, "4.4.0")).resolve()
    mvn = calls(tmp_path / "mvn.calls")
    assert len(mvn) == 2
    assert "-P" not in mvn[0].split()
    assert "-P kafka4" in mvn[1]
    assert "-Dlog4j.version=2.25.5" in mvn[1]
    assert (libs / "log4j-slf4j-impl-2.25.5.jar").is_file()


def test_failed_resolution_is_reported_and_redone(
    tmp_path: Path,
    fake_bin: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    broker = quiet(make_settings(tmp_path))
    monkeypatch.setenv("FAKE_MVN_FAIL", "1")
    with pytest.raises(BrokerError, match="was not found") as failure:
        broker.resolve()
    assert "Re-run Maven" not in str(failure.value)
    assert not broker.marker.exists()
    assert not broker.jars_dir.exists()
    monkeypatch.delenv("FAKE_MVN_FAIL")
    assert broker.resolve().is_dir()
    assert len(calls(tmp_path / "mvn.calls")) == 2


def test_jars_without_marker_are_resolved_again(tmp_path: Path, fake_bin: Path) -> None:
    """A copy interrupted after the jars but before the marker is redone."""
    broker = quiet(make_settings(tmp_path))
    broker.jars_dir.mkdir(parents=True)
    (broker.jars_dir / "kafka_2.13-3.9.1.jar").touch()
    broker.resolve()
    assert len(calls(tmp_path / "mvn.calls")) == 1
    assert broker.marker.is_file()


def test_missing_mvn_says_what_to_install(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(BrokerError, match="install Maven"):
        quiet(make_settings(tmp_path)).resolve()


# -- start and stop refusals ------------------------------------------------------------------


def cached_jars(broker: LocalBroker) -> None:
    """Pretend the jars were resolved before (the marker is all resolve() checks)."""
    broker.jars_dir.mkdir(parents=True, exist_ok=True)
    broker.marker.write_text("kafka_2.13-3.9.1.jar\n")


def test_missing_java_says_what_to_install(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.delenv("JAVA_HOME", raising=False)
    with pytest.raises(BrokerError, match=r"`java` was not found.*openjdk-17"):
        quiet(make_settings(tmp_path)).start()


@pytest.mark.parametrize("which", ["broker_port", "controller_port"])
def test_port_taken_by_another_program_is_refused(
    tmp_path: Path,
    fake_bin: Path,
    which: str,
) -> None:
    settings = make_settings(tmp_path)
    port: int = getattr(settings, which)
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", port))
        listener.listen()
        broker = quiet(settings)
        with pytest.raises(BrokerError, match=f"port {port} on 127.0.0.1 is already in use") as exc:
            broker.start()
    assert f"WIREFEED_{which.upper()}" in str(exc.value)
    assert calls(tmp_path / "java.calls") == []
    assert calls(tmp_path / "mvn.calls") == []


def test_broker_exiting_at_once_reports_the_log_tail(tmp_path: Path, fake_bin: Path) -> None:
    broker = quiet(make_settings(tmp_path, broker_start_timeout=30))
    cached_jars(broker)
    with pytest.raises(BrokerError) as failure:
        broker.start()
    message = str(failure.value)
    assert "Kafka 3.9.1 exited with status 3 while starting" in message
    assert "fake broker line 30" in message
    assert "fake broker line 11" in message
    assert "fake broker line 10" not in message  # only the last 20 lines
    assert "Error: simulated JVM failure" in message  # from the JVM's stdout/stderr file
    assert calls(tmp_path / "java.calls") == ["kafka.tools.StorageTool", "kafka.Kafka"]
    assert not broker.pid_file.exists()
    assert not broker.status().running
    state = json.loads(broker.state_file.read_text())
    assert state["formatted_by"] == "3.9.1"
    meta = (broker.log_dir / "meta.properties").read_text()
    assert f"cluster.id={state['cluster_id']}" in meta

    # A second start keeps the formatted directory and reports only its own log lines.
    with pytest.raises(BrokerError) as again:
        broker.start()
    assert calls(tmp_path / "java.calls")[2:] == ["kafka.Kafka"]
    assert str(again.value).count("fake broker line 30") == 1
    assert json.loads(broker.state_file.read_text())["cluster_id"] == state["cluster_id"]


def test_broker_that_never_answers_is_killed(
    tmp_path: Path,
    fake_bin: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("FAKE_JAVA_MODE", "hang")
    broker = quiet(make_settings(tmp_path, broker_start_timeout=1.5))
    cached_jars(broker)
    with pytest.raises(BrokerError, match=r"did not answer within 1.5 s"):
        broker.start()
    assert not broker.pid_file.exists()
    assert not broker.status().running


def formatted(broker: LocalBroker, meta_cluster_id: str, **state: str) -> None:
    broker.log_dir.mkdir(parents=True)
    (broker.log_dir / "meta.properties").write_text(
        f"#\nnode.id=1\ndirectory.id=x\nversion=1\ncluster.id={meta_cluster_id}\n"
    )
    broker.state_file.write_text(json.dumps(state))


def test_data_formatted_by_another_version_is_refused(tmp_path: Path, fake_bin: Path) -> None:
    broker = quiet(make_settings(tmp_path, "3.9.1"))
    cached_jars(broker)
    formatted(
        broker, "AAAAAAAAAAAAAAAAAAAAAA", cluster_id="AAAAAAAAAAAAAAAAAAAAAA", formatted_by="4.4.0"
    )
    with pytest.raises(BrokerError, match=r"formatted by Kafka 4\.4\.0.*is 3\.9\.1"):
        broker.start()
    assert calls(tmp_path / "java.calls") == []


def test_data_of_another_cluster_is_refused(tmp_path: Path, fake_bin: Path) -> None:
    broker = quiet(make_settings(tmp_path))
    cached_jars(broker)
    formatted(
        broker, "AAAAAAAAAAAAAAAAAAAAAA", cluster_id="BBBBBBBBBBBBBBBBBBBBBB", formatted_by="3.9.1"
    )
    with pytest.raises(BrokerError, match=r"holds Kafka cluster AAAA.*records cluster BBBB"):
        broker.start()


def test_stop_without_broker(tmp_path: Path) -> None:
    broker = quiet(make_settings(tmp_path))
    assert broker.stop() is False
    # A pid file naming a live process that is not this broker (a recycled pid) is stale.
    broker.home.mkdir(parents=True)
    broker.pid_file.write_text(f"{os.getpid()}\n")
    assert not broker.status().running
    assert broker.stop() is False
    assert not broker.pid_file.exists()


def test_stop_terminates_and_kills_if_needed(tmp_path: Path) -> None:
    """A process standing for the broker (its command line names server.properties)."""
    broker = quiet(make_settings(tmp_path))
    broker.home.mkdir(parents=True)
    code = (
        "import signal, sys, time\n"
        "if sys.argv[1] == 'stubborn': signal.signal(signal.SIGTERM, signal.SIG_IGN)\n"
        "print('ready', flush=True)\n"
        "time.sleep(60)\n"
    )
    for mode, expected in (("polite", -signal.SIGTERM), ("stubborn", -signal.SIGKILL)):
        proc = subprocess.Popen(
            [sys.executable, "-c", code, mode, str(broker.properties_file)],
            stdout=subprocess.PIPE,
        )
        assert proc.stdout is not None
        assert proc.stdout.readline() == b"ready\n"
        broker.pid_file.write_text(f"{proc.pid}\n")
        assert broker.status().running
        assert broker.status().pid == proc.pid
        assert broker.stop(timeout=0.5) is True
        assert proc.wait(5) == expected
        proc.stdout.close()
        assert not broker.pid_file.exists()
        assert not broker.status().running


# -- readiness ----------------------------------------------------------------------------------


def test_wait_until_ready_needs_a_kafka_answer_not_an_open_port() -> None:
    port = free_port_pair()
    with pytest.raises(BrokerError, match="nothing listens"):
        wait_until_ready(f"127.0.0.1:{port}", 0.5)
    with socket.socket() as listener:  # accepts connections, never answers
        listener.bind(("127.0.0.1", port))
        listener.listen()
        with pytest.raises(BrokerError, match=r"did not answer within 2 s.*metadata request"):
            wait_until_ready(f"127.0.0.1:{port}", 2)
