"""The project's one configuration file (``newsevents.toml``) and its validation.

Precedence, lowest to highest: built-in defaults < the TOML file < ``overrides`` (the command-line
options). The file is ``--config PATH`` when given, else ``newsevents.toml`` in the project root;
with neither, the built-in defaults apply (input ``seeds/``, output ``output/``, text policy
``full``).

Layout::

    [run]       input, output, n_process, shard_size, batch_size, max_file_bytes, max_record_bytes,
                max_text_chars, dup_threshold, lock_timeout_seconds, events_memory_mb
    [schedule]  cron (default "0 3 * * *", daily at 03:00), timezone (IANA, default "UTC")
    [runner]    kind = "process" | "thread", dask_address, dask_workers
    [defaults]  text_policy (full|snippet|none), licence
    [[sources]] name, match (glob or list of globs on source_uri), licence, text_policy, url

Every mistake (unknown key, wrong type, bad enum value, bad cron or timezone) raises
``ConfigError`` whose message starts with the key's path, e.g.
``sources[0].text_policy: 'partial' is not one of full|snippet|none``.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import MISSING, dataclass, field, fields, replace
from fnmatch import fnmatchcase
from pathlib import Path
from typing import Any

from flows.settings import PROJECT_ROOT
from transforms.schemas import TEXT_POLICIES

CONFIG_FILE_NAME = "newsevents.toml"
DEFAULT_CRON = "0 3 * * *"
DEFAULT_LICENCE = "unknown"
# Local task runners; a Dask cluster is chosen by [runner] dask_address / dask_workers (prefect-dask).
RUNNER_KINDS = ("process", "thread")


class ConfigError(ValueError):
    """The configuration is invalid; the message names the offending key."""


@dataclass(frozen=True)
class SourceConfig:
    """One publisher or feed: which documents it covers and what we may publish of them."""

    name: str
    match: tuple[str, ...]  # fnmatch globs on documents.source_uri (case-sensitive)
    licence: str
    text_policy: str
    url: str | None = None

    def matches(self, source_uri: str, source_name: str | None = None) -> bool:
        """True if a glob matches the URI, or the document's source_name is this source's name."""
        if any(fnmatchcase(source_uri, pattern) for pattern in self.match):
            return True
        return source_name is not None and source_name.casefold() == self.name.casefold()


@dataclass(frozen=True)
class Config:
    input: Path
    output: Path
    n_process: int = 1
    shard_size: int = 1000
    batch_size: int = 32
    max_file_bytes: int = 10 * 1024 * 1024
    max_record_bytes: int = 10 * 1024 * 1024  # one JSONL line
    max_text_chars: int = 5_000_000  # hard cap on one text; see transforms.ingest.parse.DEFAULT_MAX_TEXT_CHARS
    dup_threshold: float = 0.8
    lock_timeout_seconds: float = 600.0  # see flows.locking.DEFAULT_LOCK_TIMEOUT_SECONDS
    events_memory_mb: int | None = None  # None: a share of the machine's memory (flows.stages.link)
    cron: str = DEFAULT_CRON
    timezone: str = "UTC"
    runner_kind: str = "process"
    dask_address: str | None = None
    dask_workers: int | None = None
    default_text_policy: str = "full"
    default_licence: str = DEFAULT_LICENCE
    sources: tuple[SourceConfig, ...] = ()
    path: Path | None = field(default=None, compare=False)  # the file it was read from, if any

    def source_for(self, source_uri: str, source_name: str | None = None) -> SourceConfig | None:
        """The first configured source (file order) covering this document, or None."""
        for source in self.sources:
            if source.matches(source_uri, source_name):
                return source
        return None

    def text_policy_for(self, source_uri: str, source_name: str | None = None) -> str:
        """full|snippet|none for one document: its source's policy, else ``[defaults] text_policy``."""
        source = self.source_for(source_uri, source_name)
        return source.text_policy if source else self.default_text_policy

    def licence_for(self, source_uri: str, source_name: str | None = None) -> str:
        source = self.source_for(source_uri, source_name)
        return source.licence if source else self.default_licence

    def sources_metadata(self, documents: Iterable[tuple[str, str | None]] | None = None) -> list[dict]:
        """Sources for the data package and the dataset card: name, licence, text_policy, match, url.

        Without ``documents``: every configured source, or when none is configured one entry named
        after the input folder carrying the defaults. With ``documents`` (pairs of source_uri and
        source_name): only the sources that cover at least one of them, plus a ``default`` entry
        if some document falls through to the defaults, so the list describes what was published.
        """

        def entry(name, match, licence, text_policy, url):
            return {"name": name, "licence": licence, "text_policy": text_policy, "match": list(match), "url": url}

        def default_entry(name):
            return entry(name, ["*"], self.default_licence, self.default_text_policy, None)

        if documents is None:
            if not self.sources:
                return [default_entry(self.input.name or "default")]
            return [entry(s.name, s.match, s.licence, s.text_policy, s.url) for s in self.sources]
        used: set[str] = set()
        any_default = False
        for source_uri, source_name in documents:
            source = self.source_for(source_uri, source_name)
            if source is None:
                any_default = True
            else:
                used.add(source.name)
        out = [entry(s.name, s.match, s.licence, s.text_policy, s.url) for s in self.sources if s.name in used]
        if any_default:
            out.append(default_entry("default" if self.sources else (self.input.name or "default")))
        return out

    def fingerprint_settings(self) -> dict:
        """The settings that change published data (part of the input fingerprint): a change here
        means a new release even if no input file changed. Paths, parallelism, batch size,
        schedule and runner are left out: they change how and where a run happens, not its data."""
        return {
            "max_file_bytes": self.max_file_bytes,
            "max_record_bytes": self.max_record_bytes,
            "max_text_chars": self.max_text_chars,
            "dup_threshold": self.dup_threshold,
            "default_text_policy": self.default_text_policy,
            "default_licence": self.default_licence,
            "sources": [
                {
                    "name": s.name,
                    "match": list(s.match),
                    "licence": s.licence,
                    "text_policy": s.text_policy,
                    "url": s.url,
                }
                for s in self.sources
            ],
        }

    def task_runner(self):
        """The Prefect task runner of the per-document stages (imported lazily: config loading stays Prefect-free).

        ``dask_address``: an existing Dask cluster (prefect-dask's DaskTaskRunner); ``dask_workers``: a local
        ``distributed`` cluster of that many worker processes; else local worker processes (``n_process`` of
        them, the spaCy model loaded once in each) or threads.  The flow code is the same for all of them.
        """
        from flows.runner import task_runner_for

        return task_runner_for(self)


# ---------------------------------------------------------------------------------------------
# Loading and validation


_RUN_KEYS = {
    # key: (Config field, expected python type(s), type name for messages)
    "input": ("input", (str,), "a string (path)"),
    "output": ("output", (str,), "a string (path)"),
    "n_process": ("n_process", (int,), "an integer"),
    "shard_size": ("shard_size", (int,), "an integer"),
    "batch_size": ("batch_size", (int,), "an integer"),
    "max_file_bytes": ("max_file_bytes", (int,), "an integer"),
    "max_record_bytes": ("max_record_bytes", (int,), "an integer"),
    "max_text_chars": ("max_text_chars", (int,), "an integer"),
    "dup_threshold": ("dup_threshold", (int, float), "a number"),
    "lock_timeout_seconds": ("lock_timeout_seconds", (int, float), "a number"),
    "events_memory_mb": ("events_memory_mb", (int,), "an integer (MB)"),
}
_SCHEDULE_KEYS = {
    "cron": ("cron", (str,), "a string"),
    "timezone": ("timezone", (str,), "a string"),
}
_RUNNER_KEYS = {
    "kind": ("runner_kind", (str,), "a string"),
    "dask_address": ("dask_address", (str,), "a string (tcp://HOST:PORT)"),
    "dask_workers": ("dask_workers", (int,), "an integer"),
}
_DEFAULTS_KEYS = {
    "text_policy": ("default_text_policy", (str,), "a string"),
    "licence": ("default_licence", (str,), "a string"),
}
_SECTIONS = {"run": _RUN_KEYS, "schedule": _SCHEDULE_KEYS, "runner": _RUNNER_KEYS, "defaults": _DEFAULTS_KEYS}
_SOURCE_KEYS = ("name", "match", "licence", "text_policy", "url")


def load_config(
    path: Path | None = None,
    *,
    overrides: Mapping[str, Any] | None = None,
    project_root: Path = PROJECT_ROOT,
) -> Config:
    """Read, merge and validate the configuration.

    ``path``: an explicit config file (must exist); None looks for ``project_root/newsevents.toml``.
    Relative paths inside the file are relative to the file's folder.
    ``overrides``: command-line values; keys are run keys (``input``, ``n_process``, ...), dotted
    keys (``schedule.cron``) or section dicts (``{"run": {...}}``). ``None`` values mean "not given"
    and are ignored. Relative override paths are relative to the current directory.
    """
    project_root = Path(project_root)
    if path is not None:
        path = Path(path)
        if not path.is_file():
            raise ConfigError(f"config: file not found: {path}")
    elif (project_root / CONFIG_FILE_NAME).is_file():
        path = project_root / CONFIG_FILE_NAME

    data: dict[str, Any] = {}
    base_dir = project_root
    if path is not None:
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError(f"config: {path} is not valid TOML: {exc}") from exc
        except (OSError, UnicodeDecodeError) as exc:
            raise ConfigError(f"config: cannot read {path}: {exc}") from exc
        base_dir = path.resolve().parent

    values: dict[str, Any] = {
        f.name: f.default for f in fields(Config) if f.default is not MISSING and f.name not in ("sources", "path")
    }
    values.update(input="seeds", output="output")
    unknown = sorted(set(data) - set(_SECTIONS) - {"sources"})
    if unknown:
        raise ConfigError(f"{unknown[0]}: unknown section (expected one of {', '.join([*_SECTIONS, 'sources'])})")
    for section, keys in _SECTIONS.items():
        table = data.get(section, {})
        if not isinstance(table, dict):
            raise ConfigError(f"{section}: must be a table ([{section}])")
        values.update(_read_section(section, table, keys))

    path_fields = {"input": base_dir, "output": base_dir}
    for key, value in _normalise_overrides(overrides or {}).items():
        section, _, name = key.partition(".")
        field_name, types, type_name = _SECTIONS[section][name]
        _check_type(key, value, types, type_name, allow_path=field_name in path_fields)
        values[field_name] = str(value) if isinstance(value, Path) else value
        if field_name in path_fields:
            path_fields[field_name] = Path.cwd()

    for field_name, base in path_fields.items():
        values[field_name] = (base / Path(values[field_name]).expanduser()).resolve()

    _validate_values(values)
    sources = _read_sources(data.get("sources", []), values["default_licence"], values["default_text_policy"])
    return replace(Config(**values), sources=sources, path=path)


def _read_section(section: str, table: dict, keys: dict) -> dict[str, Any]:
    out = {}
    for name, value in table.items():
        if name not in keys:
            raise ConfigError(f"{section}.{name}: unknown key (expected one of {', '.join(keys)})")
        field_name, types, type_name = keys[name]
        _check_type(f"{section}.{name}", value, types, type_name)
        out[field_name] = value
    return out


def _check_type(key: str, value: Any, types: tuple[type, ...], type_name: str, *, allow_path: bool = False) -> None:
    if allow_path and isinstance(value, Path):
        return
    # bool is an int subclass in Python, but `n_process = true` is a mistake, not 1.
    if isinstance(value, bool) or not isinstance(value, types):
        raise ConfigError(f"{key}: expected {type_name}, got {type(value).__name__} {value!r}")


def _normalise_overrides(overrides: Mapping[str, Any]) -> dict[str, Any]:
    """Flatten overrides to dotted keys, dropping None (an option the user did not give)."""
    flat: dict[str, Any] = {}
    for key, value in overrides.items():
        if isinstance(value, Mapping) and key in _SECTIONS:
            flat.update({f"{key}.{k}": v for k, v in value.items()})
        elif "." in key:
            flat[key] = value
        elif key in _RUN_KEYS:
            flat[f"run.{key}"] = value
        else:
            raise ConfigError(f"{key}: unknown override (run keys: {', '.join(_RUN_KEYS)}; or 'section.key')")
    out = {}
    for key, value in flat.items():
        section, _, name = key.partition(".")
        if section not in _SECTIONS or name not in _SECTIONS[section]:
            raise ConfigError(f"{key}: unknown override")
        if value is not None:
            out[key] = value
    return out


def _validate_values(values: dict[str, Any]) -> None:
    for key, field_name in (
        ("run.n_process", "n_process"),
        ("run.shard_size", "shard_size"),
        ("run.batch_size", "batch_size"),
        ("run.max_file_bytes", "max_file_bytes"),
        ("run.max_record_bytes", "max_record_bytes"),
        ("run.max_text_chars", "max_text_chars"),
    ):
        if values[field_name] < 1:
            raise ConfigError(f"{key}: must be >= 1, got {values[field_name]!r}")
    if values["events_memory_mb"] is not None and values["events_memory_mb"] < 1:
        raise ConfigError(f"run.events_memory_mb: must be >= 1, got {values['events_memory_mb']!r}")
    if values["dask_workers"] is not None and values["dask_workers"] < 1:
        raise ConfigError(f"runner.dask_workers: must be >= 1, got {values['dask_workers']!r}")
    if values["dask_address"] is not None and values["dask_workers"] is not None:
        raise ConfigError("runner.dask_address: give either dask_address (an existing cluster) or dask_workers")
    if values["lock_timeout_seconds"] < 0:
        raise ConfigError(f"run.lock_timeout_seconds: must be >= 0, got {values['lock_timeout_seconds']!r}")
    values["lock_timeout_seconds"] = float(values["lock_timeout_seconds"])
    if not 0 < values["dup_threshold"] <= 1:
        raise ConfigError(f"run.dup_threshold: must be in (0, 1], got {values['dup_threshold']!r}")
    values["dup_threshold"] = float(values["dup_threshold"])
    _check_enum("defaults.text_policy", values["default_text_policy"], TEXT_POLICIES)
    _check_enum("runner.kind", values["runner_kind"], RUNNER_KINDS)
    _check_timezone("schedule.timezone", values["timezone"])
    _check_cron("schedule.cron", values["cron"])


def _check_enum(key: str, value: str, allowed: tuple[str, ...]) -> None:
    if value not in allowed:
        raise ConfigError(f"{key}: {value!r} is not one of {'|'.join(allowed)}")


def _check_timezone(key: str, value: str) -> None:
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError):
        raise ConfigError(f"{key}: {value!r} is not an IANA timezone (e.g. 'UTC', 'Europe/Berlin')") from None


def _check_cron(key: str, value: str) -> None:
    # Prefect's own validator, so a schedule we accept is one the Prefect API accepts too.
    from prefect._internal.schemas.validators import validate_cron_string

    try:
        validate_cron_string(value)
    except ValueError as exc:
        raise ConfigError(f"{key}: {value!r} is not a valid cron expression ({exc})") from None


def _read_sources(raw: Any, default_licence: str, default_text_policy: str) -> tuple[SourceConfig, ...]:
    if not isinstance(raw, list):
        raise ConfigError("sources: must be an array of tables ([[sources]])")
    sources = []
    seen: set[str] = set()
    for i, item in enumerate(raw):
        where = f"sources[{i}]"
        if not isinstance(item, dict):
            raise ConfigError(f"{where}: must be a table")
        for key in item:
            if key not in _SOURCE_KEYS:
                raise ConfigError(f"{where}.{key}: unknown key (expected one of {', '.join(_SOURCE_KEYS)})")
        if "name" not in item:
            raise ConfigError(f"{where}.name: required")
        for key in ("name", "licence", "text_policy", "url"):
            if key in item:
                _check_type(f"{where}.{key}", item[key], (str,), "a string")
        name = item["name"].strip()
        if not name:
            raise ConfigError(f"{where}.name: must not be empty")
        if name.casefold() in seen:
            raise ConfigError(f"{where}.name: duplicate source name {name!r}")
        seen.add(name.casefold())
        match = item.get("match", [])
        if isinstance(match, str):
            match = [match]
        if not isinstance(match, list) or not all(isinstance(m, str) and m for m in match):
            raise ConfigError(f"{where}.match: expected a glob string or a list of glob strings, got {match!r}")
        text_policy = item.get("text_policy", default_text_policy)
        _check_enum(f"{where}.text_policy", text_policy, TEXT_POLICIES)
        sources.append(
            SourceConfig(
                name=name,
                match=tuple(match),
                licence=item.get("licence", default_licence),
                text_policy=text_policy,
                url=item.get("url"),
            )
        )
    return tuple(sources)
