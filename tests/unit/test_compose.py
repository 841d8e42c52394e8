"""docker-compose.yml, deploy/Dockerfile and the sample feed agree with the code.

Docker does not run on the build machines, so these tests read the files instead: the
Kafka image must be the version `wirefeed broker` runs, the KRaft settings must be
consistent, every WIREFEED_* variable must be a real setting, and the sample feed must parse.
"""

from __future__ import annotations

import base64
import binascii
import json
import shlex
from collections import defaultdict
from pathlib import Path
from typing import Any

import pytest
import yaml

from streams.settings import Settings, SettingsError

ROOT = Path(__file__).resolve().parents[2]
COMPOSE = ROOT / "docker-compose.yml"
SAMPLES = ROOT / "streams" / "samples"
WIRE_ITEMS = SAMPLES / "wire-items.jsonl"

KRAFT_KEYS = (
    "KAFKA_NODE_ID",
    "KAFKA_PROCESS_ROLES",
    "KAFKA_LISTENERS",
    "KAFKA_ADVERTISED_LISTENERS",
    "KAFKA_CONTROLLER_LISTENER_NAMES",
    "KAFKA_CONTROLLER_QUORUM_VOTERS",
    "KAFKA_LISTENER_SECURITY_PROTOCOL_MAP",
    "KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR",
    "KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR",
    "KAFKA_TRANSACTION_STATE_LOG_MIN_ISR",
    "KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS",
    "CLUSTER_ID",
)


# --- helpers -------------------------------------------------------------------------


def _environment(service: dict[str, Any]) -> dict[str, str]:
    """A service's environment as a mapping, whether written as a list or a mapping."""
    raw = service.get("environment") or {}
    if isinstance(raw, list):
        pairs = (str(entry).partition("=") for entry in raw)
        return {key: value for key, _, value in pairs}
    return {str(key): "" if value is None else str(value) for key, value in raw.items()}


def _listeners(spec: str) -> dict[str, tuple[str, int]]:
    """``NAME://host:port,...`` as {NAME: (host, port)}."""
    result: dict[str, tuple[str, int]] = {}
    for part in spec.split(","):
        name, _, address = part.strip().partition("://")
        host, _, port = address.rpartition(":")
        result[name] = (host, int(port))
    return result


def _volume_targets(service: dict[str, Any]) -> dict[str, str]:
    """{container path: source} for a service's short-syntax or long-syntax volumes."""
    targets: dict[str, str] = {}
    for volume in service.get("volumes", []):
        if isinstance(volume, dict):
            targets[str(volume["target"])] = str(volume.get("source", ""))
        else:
            source, _, rest = str(volume).partition(":")
            targets[rest.split(":")[0]] = source
    return targets


def _dockerfile_instructions(path: Path) -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) pairs, with continuation lines joined and comments dropped."""
    instructions: list[tuple[str, str]] = []
    pending = ""
    for line in path.read_text(encoding="utf-8").splitlines():
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        if stripped.endswith("\\"):
            pending += stripped[:-1] + " "
            continue
        full = pending + stripped
        pending = ""
        keyword, _, args = full.partition(" ")
        instructions.append((keyword.upper(), args.strip()))
    return instructions


def _exec_form(args: str) -> list[str]:
    """The argv of a CMD or ENTRYPOINT in exec (JSON) or shell form."""
    if args.startswith("["):
        parsed: list[str] = json.loads(args)
        return parsed
    return shlex.split(args)


def _ninjs_text(item: dict[str, Any]) -> tuple[str, str]:
    """(headline, body) of a ninjs 1.x, 2.x or 3.0 item."""
    headline = item.get("headline") or next(
        (h.get("value", "") for h in item.get("headlines", [])), ""
    )
    body = item.get("body_text") or next((b.get("value", "") for b in item.get("bodies", [])), "")
    return str(headline), str(body)


# --- fixtures ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def compose() -> dict[str, Any]:
    """docker-compose.yml as parsed by a YAML loader."""
    loaded = yaml.safe_load(COMPOSE.read_text(encoding="utf-8"))
    assert isinstance(loaded, dict), "docker-compose.yml is not a mapping"
    return loaded


@pytest.fixture(scope="module")
def kafka(compose: dict[str, Any]) -> dict[str, Any]:
    """The kafka service."""
    service: dict[str, Any] = compose["services"]["kafka"]
    return service


@pytest.fixture(scope="module")
def kafka_env(kafka: dict[str, Any]) -> dict[str, str]:
    """The kafka service's environment."""
    return _environment(kafka)


@pytest.fixture(scope="module")
def worker(compose: dict[str, Any]) -> dict[str, Any]:
    """The worker service."""
    service: dict[str, Any] = compose["services"]["worker"]
    return service


@pytest.fixture(scope="module")
def dockerfile(worker: dict[str, Any]) -> list[tuple[str, str]]:
    """The instructions of the Dockerfile the worker is built from."""
    path = ROOT / worker["build"]["context"] / worker["build"]["dockerfile"]
    return _dockerfile_instructions(path)


@pytest.fixture(scope="module")
def wire_items() -> list[dict[str, Any]]:
    """Every line of the sample wire-items.jsonl, parsed."""
    items = []
    for number, line in enumerate(WIRE_ITEMS.read_text(encoding="utf-8").splitlines(), 1):
        item = json.loads(line)
        assert isinstance(item, dict), f"line {number} is not a JSON object"
        items.append(item)
    return items


# --- docker-compose.yml --------------------------------------------------------------


class TestComposePrometheus:
    def test_scrapes_every_worker_on_its_web_port(self, compose: dict[str, Any]) -> None:
        """The config the service mounts looks up the worker service on its web port."""
        service = compose["services"]["prometheus"]
        assert "./deploy/prometheus:/etc/prometheus:ro" in service["volumes"]
        config = yaml.safe_load((ROOT / "deploy" / "prometheus" / "prometheus.yml").read_text())
        (job,) = config["scrape_configs"]
        (lookup,) = job["dns_sd_configs"]
        worker_env = compose["services"]["worker"]["environment"]
        assert lookup["names"] == ["worker"]
        assert str(lookup["port"]) == worker_env["WIREFEED_WEB_PORT"]
        assert job["metrics_path"] == "/metrics"
        assert config["rule_files"] == ["rules.yml"]


class TestComposeKafka:
    def test_services_exist(self, compose: dict[str, Any]) -> None:
        """The compose file defines the kafka and worker services."""
        assert {"kafka", "worker"} <= set(compose["services"])

    def test_image_is_the_settings_kafka_version(self, kafka: dict[str, Any]) -> None:
        """Kafka runs the official image of the version `wirefeed broker` uses."""
        assert kafka["image"] == f"apache/kafka:{Settings().kafka_version}"

    def test_kraft_environment_is_complete(self, kafka_env: dict[str, str]) -> None:
        """Every setting a single KRaft node needs is present and non-empty."""
        missing = [key for key in KRAFT_KEYS if not kafka_env.get(key)]
        assert not missing
        assert set(kafka_env["KAFKA_PROCESS_ROLES"].split(",")) == {"broker", "controller"}

    def test_listeners_are_named_in_protocol_map(self, kafka_env: dict[str, str]) -> None:
        """PLAINTEXT serves 9092, CONTROLLER 9093, and both have a security protocol."""
        listeners = _listeners(kafka_env["KAFKA_LISTENERS"])
        assert listeners["PLAINTEXT"][1] == 9092
        assert listeners["CONTROLLER"][1] == 9093
        protocol_map = kafka_env["KAFKA_LISTENER_SECURITY_PROTOCOL_MAP"]
        mapped = {entry.split(":")[0] for entry in protocol_map.split(",")}
        assert set(listeners) <= mapped
        assert kafka_env["KAFKA_CONTROLLER_LISTENER_NAMES"] in listeners

    def test_voters_use_the_controller_listener(
        self, kafka_env: dict[str, str], kafka: dict[str, Any]
    ) -> None:
        """The quorum voter is this node, at the service name, on the CONTROLLER port."""
        controller = kafka_env["KAFKA_CONTROLLER_LISTENER_NAMES"]
        controller_port = _listeners(kafka_env["KAFKA_LISTENERS"])[controller][1]
        voters = kafka_env["KAFKA_CONTROLLER_QUORUM_VOTERS"].split(",")
        assert len(voters) == 1
        node_id, _, address = voters[0].partition("@")
        host, _, port = address.rpartition(":")
        assert node_id == kafka_env["KAFKA_NODE_ID"]
        assert host in ("kafka", kafka.get("hostname"))
        assert int(port) == controller_port

    def test_advertised_listener_is_the_service_name(self, kafka_env: dict[str, str]) -> None:
        """Clients on the compose network are told to connect to kafka:<PLAINTEXT port>."""
        advertised = _listeners(kafka_env["KAFKA_ADVERTISED_LISTENERS"])
        listeners = _listeners(kafka_env["KAFKA_LISTENERS"])
        assert set(advertised) == {"PLAINTEXT"}
        assert advertised["PLAINTEXT"] == ("kafka", listeners["PLAINTEXT"][1])

    def test_single_node_replication(self, kafka_env: dict[str, str]) -> None:
        """Replication factors and min ISR are 1, and there is no initial rebalance delay."""
        single = [k for k in kafka_env if k.endswith(("REPLICATION_FACTOR", "MIN_ISR"))]
        assert len(single) >= 3
        assert all(kafka_env[k] == "1" for k in single), {k: kafka_env[k] for k in single}
        assert kafka_env["KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS"] == "0"

    def test_cluster_id_is_a_kafka_uuid(self, kafka_env: dict[str, str]) -> None:
        """CLUSTER_ID is a 16-byte UUID in 22-character URL-safe base64, as Kafka wants."""
        cluster_id = kafka_env["CLUSTER_ID"]
        assert len(cluster_id) == 22
        try:
            raw = base64.urlsafe_b64decode(cluster_id + "==")
        except (binascii.Error, ValueError) as exc:
            pytest.fail(f"CLUSTER_ID is not base64: {exc}")
        assert len(raw) == 16

    def test_log_dirs_live_on_a_named_volume(
        self, kafka: dict[str, Any], kafka_env: dict[str, str], compose: dict[str, Any]
    ) -> None:
        """The broker's log.dirs is a named volume, so topics survive re-creation."""
        source = _volume_targets(kafka).get(kafka_env.get("KAFKA_LOG_DIRS", ""))
        assert source in (compose.get("volumes") or {})

    def test_healthcheck_asks_the_broker(
        self, kafka: dict[str, Any], kafka_env: dict[str, str]
    ) -> None:
        """The healthcheck runs kafka-broker-api-versions.sh against the PLAINTEXT port."""
        test = kafka["healthcheck"]["test"]
        command = " ".join(test) if isinstance(test, list) else str(test)
        assert "/opt/kafka/bin/kafka-broker-api-versions.sh" in command
        port = _listeners(kafka_env["KAFKA_LISTENERS"])["PLAINTEXT"][1]
        assert f":{port}" in command


class TestComposeWorker:
    def test_builds_from_deploy_dockerfile(self, worker: dict[str, Any]) -> None:
        """The worker image is built from deploy/Dockerfile with the repository as context."""
        assert worker["build"]["context"] == "."
        assert worker["build"]["dockerfile"] == "deploy/Dockerfile"
        assert (ROOT / "deploy" / "Dockerfile").is_file()

    def test_runs_wirefeed_worker(
        self, worker: dict[str, Any], dockerfile: list[tuple[str, str]]
    ) -> None:
        """The container's argv (ENTRYPOINT plus command) starts with `wirefeed worker`."""
        entrypoints = [_exec_form(args) for kw, args in dockerfile if kw == "ENTRYPOINT"]
        entrypoint = worker.get("entrypoint", entrypoints[-1] if entrypoints else [])
        if isinstance(entrypoint, str):
            entrypoint = shlex.split(entrypoint)
        command = worker["command"]
        if isinstance(command, str):
            command = shlex.split(command)
        argv = [*entrypoint, *command]
        assert argv[:2] == ["wirefeed", "worker"], argv

    def test_environment_holds_only_real_settings(self, worker: dict[str, Any]) -> None:
        """Every WIREFEED_* variable is a known setting with a usable value."""
        env = _environment(worker)
        assert env, "the worker has no environment"
        assert all(key.startswith("WIREFEED_") for key in env)
        try:
            Settings.from_env(env)
        except SettingsError as exc:
            pytest.fail(f"worker environment rejected: {exc}")

    def test_broker_is_the_advertised_listener(
        self, worker: dict[str, Any], kafka_env: dict[str, str]
    ) -> None:
        """The worker connects where Kafka advertises itself."""
        settings = Settings.from_env(_environment(worker))
        host, port = _listeners(kafka_env["KAFKA_ADVERTISED_LISTENERS"])["PLAINTEXT"]
        assert settings.bootstrap_servers == f"{host}:{port}"

    def test_web_server_is_reachable(self, worker: dict[str, Any]) -> None:
        """The web server binds all interfaces and its port is published."""
        settings = Settings.from_env(_environment(worker))
        assert settings.web_host == "0.0.0.0"
        published = {str(p).rpartition(":")[2].split("/")[0] for p in worker.get("ports", [])}
        assert str(settings.web_port) in published

    def test_each_replica_keeps_its_own_state(self, worker: dict[str, Any]) -> None:
        """Two workers run; each mounts a volume of its own at WIREFEED_DATA_DIR."""
        settings = Settings.from_env(_environment(worker))
        replicas = worker["deploy"]["replicas"]
        assert replicas == 2
        assert replicas <= settings.partitions, "more workers than partitions idle"
        assert settings.data_dir.as_posix() in worker["volumes"], "an anonymous volume"
        # One published host port per replica: "6066-6067:6066".
        (published,) = worker["ports"]
        first, _, last = str(published).rpartition(":")[0].partition("-")
        assert int(last) - int(first) + 1 == replicas

    def test_waits_for_healthy_kafka(self, worker: dict[str, Any]) -> None:
        """The worker starts only once the broker's healthcheck passes."""
        assert worker["depends_on"]["kafka"]["condition"] == "service_healthy"

    def test_restarts_unless_stopped(self, worker: dict[str, Any]) -> None:
        """A crashed worker comes back by itself."""
        assert worker["restart"] == "unless-stopped"

    def test_unknown_setting_is_rejected(self) -> None:
        """The environment check above means something: from_env refuses unknown names."""
        with pytest.raises(SettingsError):
            Settings.from_env({"WIREFEED_NOT_A_SETTING": "1"})


class TestDockerfile:
    def test_based_on_python_311(self, dockerfile: list[tuple[str, str]]) -> None:
        """Every stage starts FROM a python:3.11 image."""
        stages = [args.split()[0] for kw, args in dockerfile if kw == "FROM"]
        assert stages
        assert all(image.startswith("python:3.11") for image in stages), stages

    def test_installs_with_constraints(self, dockerfile: list[tuple[str, str]]) -> None:
        """The project is installed with pip under constraints.txt."""
        runs = [args for kw, args in dockerfile if kw == "RUN"]
        assert any("pip install" in run and "-c constraints.txt" in run for run in runs)
        copied = " ".join(args for kw, args in dockerfile if kw == "COPY")
        assert "constraints.txt" in copied
        assert "pyproject.toml" in copied

    def test_runs_as_non_root(self, dockerfile: list[tuple[str, str]]) -> None:
        """The final USER is not root."""
        users = [args.split(":")[0] for kw, args in dockerfile if kw == "USER"]
        assert users, "no USER instruction"
        assert users[-1] not in ("root", "0")

    def test_exposes_the_web_port(self, dockerfile: list[tuple[str, str]]) -> None:
        """The worker's web port is exposed."""
        exposed = {
            port.split("/")[0] for kw, args in dockerfile if kw == "EXPOSE" for port in args.split()
        }
        assert str(Settings().web_port) in exposed

    def test_env_holds_only_real_settings(self, dockerfile: list[tuple[str, str]]) -> None:
        """WIREFEED_* variables set in the image are known settings with usable values."""
        env: dict[str, str] = {}
        for kw, args in dockerfile:
            if kw == "ENV":
                for token in shlex.split(args):
                    key, _, value = token.partition("=")
                    if key.startswith("WIREFEED_"):
                        env[key] = value
        try:
            Settings.from_env(env)
        except SettingsError as exc:
            pytest.fail(f"Dockerfile ENV rejected: {exc}")

    def test_dockerignore_keeps_the_build_context_small(self) -> None:
        """.dockerignore leaves out the venv, git and tests but keeps what pip needs."""
        lines = (ROOT / ".dockerignore").read_text(encoding="utf-8").splitlines()
        ignored = {line.strip() for line in lines if line.strip() and not line.startswith("#")}
        assert {".venv", ".git", ".wirefeed", "tests"} <= ignored
        assert not {"streams", "pyproject.toml", "constraints.txt", "README.md"} & ignored


# --- the sample feed -----------------------------------------------------------------


class TestSampleFeed:
    def test_every_line_is_an_item_with_a_uri(self, wire_items: list[dict[str, Any]]) -> None:
        """Each line of wire-items.jsonl is a JSON object with a non-empty string uri."""
        assert len(wire_items) >= 10
        assert all(isinstance(item.get("uri"), str) and item["uri"] for item in wire_items)

    def test_uris_unique_except_versions(self, wire_items: list[dict[str, Any]]) -> None:
        """A uri repeats only as new versions of one item, and the sample has such a pair."""
        versions: dict[str, list[str | None]] = defaultdict(list)
        for item in wire_items:
            versions[item["uri"]].append(item.get("version"))
        repeated = {uri: v for uri, v in versions.items() if len(v) > 1}
        assert repeated, "no same-uri version pair in the sample"
        for uri, seen in repeated.items():
            assert None not in seen, f"{uri} repeats without a version"
            assert len(set(seen)) == len(seen), f"{uri} repeats a version: {seen}"
            numbers = [int(str(v)) for v in seen]
            assert numbers == sorted(numbers), f"{uri}: versions out of order {seen}"

    def test_every_item_has_text(self, wire_items: list[dict[str, Any]]) -> None:
        """Every item has a headline and a body in one of the ninjs 1.x, 2.x or 3.0 forms."""
        for item in wire_items:
            headline, body = _ninjs_text(item)
            assert headline.strip(), item["uri"]
            assert 40 <= len(body.split()) <= 320, item["uri"]

    def test_all_three_ninjs_generations_present(self, wire_items: list[dict[str, Any]]) -> None:
        """The feed mixes flat 1.x, array 2.x and camelCase 3.0 items."""
        flat = [i for i in wire_items if "body_text" in i]
        arrays = [i for i in wire_items if "bodies" in i and "versioncreated" in i]
        camel = [i for i in wire_items if "versionCreated" in i]
        assert flat, "no ninjs 1.x item"
        assert arrays, "no ninjs 2.x item"
        assert camel, "no ninjs 3.0 item"

    def test_files_are_utf8_and_flat(self) -> None:
        """Every sample file decodes as UTF-8 and sits directly in samples/ (package data)."""
        paths = list(SAMPLES.iterdir())
        assert {"wire-items.jsonl", "scraped-page.txt", "embassy-release.html", "README.md"} <= {
            p.name for p in paths
        }
        for path in paths:
            assert path.is_file(), f"{path.name}: package data globs only samples/*"
            path.read_bytes().decode("utf-8")

    def test_readme_covers_every_file_and_item(self, wire_items: list[dict[str, Any]]) -> None:
        """The README answer key names every sample file and every item."""
        readme = (SAMPLES / "README.md").read_text(encoding="utf-8")
        for path in SAMPLES.iterdir():
            if path.name != "README.md":
                assert f"`{path.name}`" in readme
        for item in wire_items:
            assert f"| {item['uri'].rpartition(':')[2]}" in readme, item["uri"]
