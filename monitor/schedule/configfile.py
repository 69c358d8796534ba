"""The config file as the daemon holds it: loaded, reloaded, and handed to each child."""

from __future__ import annotations

import logging
import tempfile
import time
from pathlib import Path

import yaml

from monitor.config import Config, load_config, load_yaml
from monitor.errors import ConfigError

logger = logging.getLogger("monitor.schedule.daemon")


class ConfigFile:
    """The config in force and the text it was read from.

    Children read their config from a file. While the file on disk is the one in force they
    get it; once it has changed without a reload (or a reload refused it), they get a private
    copy of the text in force, so an edit never takes effect half-way.
    """

    def __init__(self, path: Path) -> None:
        self.path = path.resolve()
        self.config, self.text = self.read()
        self._tmp: tempfile.TemporaryDirectory[str] | None = None
        self._copy: Path | None = None

    def read(self) -> tuple[Config, str]:
        """Load and validate the file as it is now (ConfigError if it is not valid)."""
        config = load_config(self.path)
        try:
            text = self.path.read_text(encoding="utf-8")
        except OSError as exc:
            raise ConfigError(f"{self.path}: cannot read: {exc.strerror}") from None
        return config, text

    def accept(self, config: Config, text: str) -> None:
        """Put a (re)loaded config in force."""
        self.config, self.text, self._copy = config, text, None

    def for_child(self) -> Path:
        """The file a child should read: the real one, unless it changed since it was loaded."""
        try:
            disk = self.path.read_text(encoding="utf-8")
        except OSError:
            disk = None
        if disk == self.text:
            return self.path
        if self._copy is None:
            if self._tmp is None:
                self._tmp = tempfile.TemporaryDirectory(prefix="rolewatch-")
            self._copy = Path(self._tmp.name) / f"config-{time.monotonic_ns()}.yaml"
            self._copy.touch(mode=0o600)
            self._copy.write_text(_anchored(self.text, self.path.parent), encoding="utf-8")
            logger.warning(
                "%s changed since it was loaded; crawls keep the loaded config until a SIGHUP "
                "reloads it",
                self.path,
            )
        return self._copy

    def cleanup(self) -> None:
        if self._tmp is not None:
            self._tmp.cleanup()
            self._tmp = None


def _anchored(text: str, folder: Path) -> str:
    """Config text whose relative `notify: - config:` files still resolve from `folder`.

    Read as the config is read (YAML 1.2 booleans: a target's `on:` stays a key), and
    written back by PyYAML's dumper, which quotes what YAML 1.1 would take for a boolean.
    """
    data = load_yaml(text)
    targets = data.get("notify") if isinstance(data, dict) else None
    moved = False
    for target in targets or []:
        path = target.get("config") if isinstance(target, dict) else None
        if isinstance(path, str) and not Path(path).is_absolute():
            target["config"], moved = str(folder / path), True
    return yaml.safe_dump(data, sort_keys=False) if moved else text
