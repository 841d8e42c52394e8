"""Settings: one typed place, read from WIREFEED_* variables."""

from __future__ import annotations

from pathlib import Path

import pytest

from streams.settings import Settings, SettingsError


class TestFromEnv:
    def test_defaults_without_variables(self) -> None:
        """An empty environment gives the documented defaults."""
        s = Settings.from_env({})
        assert s.broker == "kafka://127.0.0.1:9092"
        assert s.partitions == 4
        assert s.topic("wire.raw") == "wire.raw"

    def test_variables_are_parsed_to_their_types(self) -> None:
        """Integers, paths and strings come out typed."""
        s = Settings.from_env(
            {
                "WIREFEED_PARTITIONS": "8",
                "WIREFEED_DATA_DIR": "/tmp/wf",
                "WIREFEED_TOPIC_PREFIX": "t1.",
                "WIREFEED_BROKER_START_TIMEOUT": "12.5",
            }
        )
        assert s.partitions == 8
        assert s.data_dir == Path("/tmp/wf")
        assert s.topic("wire.raw") == "t1.wire.raw"
        assert s.broker_start_timeout == 12.5

    def test_unknown_variable_is_an_error(self) -> None:
        """A misspelt WIREFEED_ name fails loudly instead of being ignored."""
        with pytest.raises(SettingsError, match=r"WIREFEED_PARTITION\b"):
            Settings.from_env({"WIREFEED_PARTITION": "3"})

    @pytest.mark.parametrize(
        ("name", "value", "message"),
        [
            ("WIREFEED_PARTITIONS", "many", "WIREFEED_PARTITIONS"),
            ("WIREFEED_PARTITIONS", "0", "at least 1"),
            ("WIREFEED_WEB_PORT", "70000", "TCP port"),
            ("WIREFEED_STORE", "redis://", "rocksdb"),
            ("WIREFEED_PROCESSING_GUARANTEE", "maybe", "at_least_once"),
            ("WIREFEED_BROKER", " ", "empty"),
        ],
    )
    def test_bad_values_say_which_variable(self, name: str, value: str, message: str) -> None:
        """Each unusable value names the variable or the rule it breaks."""
        with pytest.raises(SettingsError, match=message):
            Settings.from_env({name: value})

    def test_same_ports_are_refused(self) -> None:
        """The broker's client and controller ports must differ."""
        with pytest.raises(SettingsError, match="must differ"):
            Settings.from_env({"WIREFEED_BROKER_PORT": "9000", "WIREFEED_CONTROLLER_PORT": "9000"})

    def test_bootstrap_servers_strip_the_scheme(self) -> None:
        """aiokafka gets host:port pairs from kafka:// URLs."""
        s = Settings.from_env({"WIREFEED_BROKER": "kafka://a:1, kafka://b:2"})
        assert s.bootstrap_servers == "a:1,b:2"

    def test_settings_are_frozen(self) -> None:
        """Nobody changes settings after start-up."""
        s = Settings.from_env({})
        with pytest.raises(AttributeError):
            s.partitions = 2  # type: ignore[misc]


class TestDescribe:
    def test_every_field_is_documented(self) -> None:
        """`wirefeed settings` lists every variable with a non-empty meaning."""
        rows = Settings.describe()
        assert len(rows) == len(Settings.__dataclass_fields__)
        assert all(name.startswith("WIREFEED_") and doc for name, _, doc in rows)

    def test_readme_lists_every_setting(self) -> None:
        """The README's settings table names every variable the code reads."""
        readme = (Path(__file__).resolve().parents[2] / "README.md").read_text()
        missing = [name for name, _, _ in Settings.describe() if name not in readme]
        assert missing == []
