"""The command line's contract: JSON Lines out, one stderr line per bad record, exit 0/1/2."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from streams.cli import main
from tests.conftest import FIXTURES

INGEST = FIXTURES / "ingest"
PIPELINE_FEED = FIXTURES / "pipeline" / "feed.jsonl"


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in [n for n in os.environ if n.startswith("WIREFEED_")]:
        monkeypatch.delenv(name)


def _lines(out: str) -> list[dict[str, object]]:
    return [json.loads(line) for line in out.splitlines() if line.strip()]


class TestProcess:
    def test_emit_clean_gives_one_json_line_per_item(
        self, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """Three good ninjs 1.x items come out as clean items keyed by their uri."""
        code = main(["process", "--emit", "clean", str(INGEST / "ninjs-2x.jsonl")])
        out = capsys.readouterr()
        records = _lines(out.out)
        assert code == 0, out.err
        assert records
        assert all(str(r["item_id"]).startswith("urn:") for r in records)
        assert all(set(r) >= {"headline", "body", "source", "received_at"} for r in records)

    def test_bad_records_are_skipped_with_a_line_each_and_exit_1(
        self, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """A broken JSON line and an item without text are reported; the rest is processed."""
        code = main(["process", "--emit", "tagged", str(PIPELINE_FEED)])
        out = capsys.readouterr()
        assert code == 1
        ids = [r["item_id"] for r in _lines(out.out)]
        assert ids == [f"urn:test:pipeline:{n}" for n in (1, 2, 3, 5)]
        problems = sorted(out.err.strip().splitlines())
        assert len(problems) == 2
        assert "feed.jsonl:5: bad_json" in problems[0]
        assert problems[1].startswith("wirefeed: skipped urn:test:pipeline:4 at cleanup: no_text")

    def test_emit_alerts_is_the_default_and_empty_without_contacts(
        self, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """Detection is not built yet, so ordinary items raise no alert."""
        code = main(["process", str(INGEST / "ninjs-2x.jsonl")])
        assert code == 0
        assert capsys.readouterr().out == ""

    def test_missing_file_exits_2_with_one_line(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path
    ) -> None:
        """An unusable invocation says why in one line and exits 2."""
        code = main(["process", str(tmp_path / "nowhere.jsonl")])
        err = capsys.readouterr().err.strip()
        assert code == 2
        assert err.startswith("wirefeed: error:")
        assert len(err.splitlines()) == 1

    def test_unknown_format_exits_2(self, capsys: pytest.CaptureFixture[str]) -> None:
        """A file whose format cannot be told is refused, not guessed."""
        assert main(["process", str(INGEST / "unknown.dat")]) == 2
        assert "wirefeed: error:" in capsys.readouterr().err

    def test_bad_settings_exit_2(
        self, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """A bad WIREFEED_* value is an unusable invocation."""
        monkeypatch.setenv("WIREFEED_PARTITIONS", "lots")
        assert main(["process", str(PIPELINE_FEED)]) == 2
        assert "WIREFEED_PARTITIONS" in capsys.readouterr().err

    def test_no_dedup_still_passes_every_item(self, capsys: pytest.CaptureFixture[str]) -> None:
        """--no-dedup runs the other stages unchanged."""
        code = main(["process", "--no-dedup", "--emit", "tagged", str(INGEST / "ninjs-2x.jsonl")])
        assert code == 0
        assert _lines(capsys.readouterr().out)


class TestReplay:
    def test_unreachable_broker_exits_2_with_one_line(
        self, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """No broker at WIREFEED_BROKER is an unusable invocation, said in one line."""
        monkeypatch.setenv("WIREFEED_BROKER", "kafka://127.0.0.1:9")
        assert main(["replay", "--no-progress", str(PIPELINE_FEED)]) == 2
        err = capsys.readouterr().err.strip().splitlines()
        assert len(err) == 1
        assert err[0].startswith("wirefeed: error: Kafka at kafka://127.0.0.1:9")

    def test_missing_file_is_refused_before_anything_is_sent(
        self, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
    ) -> None:
        """The targets are checked before connecting: the reason is the file, not Kafka."""
        monkeypatch.setenv("WIREFEED_BROKER", "kafka://127.0.0.1:9")
        assert main(["replay", str(PIPELINE_FEED), str(tmp_path / "gone.jsonl")]) == 2
        assert "gone.jsonl" in capsys.readouterr().err


class TestOtherCommands:
    def test_settings_lists_every_variable(self, capsys: pytest.CaptureFixture[str]) -> None:
        """`wirefeed settings` prints one row per setting."""
        assert main(["settings"]) == 0
        out = capsys.readouterr().out
        assert "WIREFEED_BROKER " in out
        assert "WIREFEED_MAX_ITEM_BYTES" in out

    def test_schemas_check_passes_on_a_clean_tree(self) -> None:
        """The checked-in schemas are current."""
        assert main(["schemas", "--check"]) == 0

    def test_unknown_command_is_a_usage_error(self, capsys: pytest.CaptureFixture[str]) -> None:
        """argparse refuses unknown commands with exit 2."""
        with pytest.raises(SystemExit) as exc:
            main(["frobnicate"])
        assert exc.value.code == 2
