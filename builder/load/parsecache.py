"""The per-file part of loading (read, parse, validate one YAML file), remembered by content.

`mkdocs serve` reloads every data file on each save, in the same process. At 10,000 candidates
parsing and validating 100+ files took most of a rebuild, yet one save changes one file. What
this stage produces depends only on the file's bytes, the path its messages show and the model
it is validated as, so its result is kept under exactly that key: a file whose bytes are the
same gives the same (immutable) document, model and problems without being parsed again, and
any other byte sequence is a miss. Nothing here trusts modification times.

The cache holds the entries of the most recent `load` only (`begin`/`end` bracket a load and
drop what it did not use), so its size is bounded by one data folder's parsed documents, which
a build holds in memory anyway. On a publishing server the entries also go to the disk store
(builder.files.diskcache), under the same key, so the build after the pre-receive hook's validation,
and the next day's rebuild, find them. There a file is two entries: the model and the problems
("parsed"), read on every load, and the document with its positions ("parse-doc"), read only
when something asks the document for more than its path (a rule reporting a problem, a rule
reading the raw text): loading an unchanged file needs its model alone, and the positions are
most of an entry's bytes (at 50,000 candidates, reading them was 8 s of a push's 12 s check).

In memory, likewise, a file that had no problem keeps its bytes, not its document: the
positions are needed only to report a problem, and a file parsed here is parsed again for them
when a cross-file rule reports in it (at 200,000 candidates the documents of every file were
1.6 of the load's 2.6 GB peak; the load now peaks under 1 GB).
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Generic, TypeGuard, TypeVar

from pydantic import BaseModel
from pydantic_core import PydanticSerializationError

from builder.files import diskcache, workers
from builder.files.cache import CacheStats, register
from builder.load.storedmodel import stored_validator
from builder.load.validation import validate_doc
from builder.model import contract as models
from builder.text.problems import Problem, Problems, Severity
from builder.text.yamlsrc import BadDate, Describe, Duplicate, Loc, PathKey, SourceDoc, parse_bytes

M = TypeVar("M", bound=BaseModel)


@dataclass(frozen=True)
class ParsedFile(Generic[M]):
    doc: SourceDoc
    model: M | None
    """The validated model, or None when the file has errors (they are in `problems`)."""
    problems: tuple[Problem, ...]
    source: bytes = b""
    """What the file was parsed as: its model's name, the path its messages show and the digest
    of its bytes (empty when it could not be read). Whatever is derived from this file alone is
    keyed by it (builder.load.loader's memo of a list's rules)."""


@dataclass
class _Cache:
    entries: dict[tuple[str, str, bytes], ParsedFile] = field(default_factory=dict)
    used: set[tuple[str, str, bytes]] = field(default_factory=set)
    stats: CacheStats = field(default_factory=CacheStats)


@dataclass(frozen=True)
class _Light:
    """What the disk store keeps of a parsed file besides its document."""

    path: str
    failed: bool
    model: BaseModel | None
    problems: tuple[Problem, ...]


class StoredDoc(SourceDoc):
    """A document whose path and whether it failed are known at once; the rest (data,
    positions, text) is fetched on first use, and stays. Read only, as every document a cache
    hands out. It stands for a file read from the disk store, and for a file parsed here that
    had no problem: its positions are let go once it is validated and parsed again from its
    bytes only when a cross-file rule reports in it (at 200,000 candidates the position maps of
    every value of every file were most of the load's 2.6 GB)."""

    def __init__(self, path: str, failed: bool, fetch: Callable[[], SourceDoc]) -> None:
        self.path = path
        self.failed = failed
        self._fetch: Callable[[], SourceDoc] | None = fetch
        self._doc: SourceDoc | None = None

    def full(self) -> SourceDoc:
        if self._doc is None:
            assert self._fetch is not None
            self._doc, self._fetch = self._fetch(), None
        return self._doc

    def _read_only(self, _value: object) -> None:
        raise AttributeError("a stored document is read only")

    data = property(lambda self: self.full().data, _read_only)
    values = property(lambda self: self.full().values, _read_only)
    keys = property(lambda self: self.full().keys, _read_only)
    kinds = property(lambda self: self.full().kinds, _read_only)
    raw = property(lambda self: self.full().raw, _read_only)
    duplicates = property(lambda self: self.full().duplicates, _read_only)
    text = property(lambda self: self.full().text, _read_only)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, SourceDoc):
            mine = self.full()
            theirs = other.full() if isinstance(other, StoredDoc) else other
            return mine == theirs
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]


STORED = diskcache.Codec(
    ParsedFile, _Light, SourceDoc, Loc, BadDate, Duplicate, Problem, Severity,
    *(cls for cls in vars(models).values()
      if isinstance(cls, type) and issubclass(cls, BaseModel) and cls.__module__ == models.__name__),
)
"""What a parsed file is made of, for the disk store: the document, the data models, problems."""

_CACHE = _Cache()
stats = _CACHE.stats
register(_CACHE.entries.clear)
"""Hits and misses since the process started (tests read them)."""


def begin() -> None:
    _CACHE.used.clear()


def end() -> None:
    """Forget every entry the load that just ended did not use."""
    for key in _CACHE.entries.keys() - _CACHE.used:
        del _CACHE.entries[key]


def forget() -> None:
    """Forget every entry: a build that runs once in its process (`gongshi build`) has no later
    load to serve (at 200,000 candidates the entries hold the 166 MB of the files' bytes)."""
    _CACHE.entries.clear()
    _CACHE.used.clear()


def parse_file(
    path: Path,
    shown: str,
    model: type[M],
    *,
    describer: Callable[[SourceDoc], Describe] | None = None,
    doc_checks: Callable[[SourceDoc, Problems], set[PathKey]] | None = None,
) -> ParsedFile[M]:
    """Read, parse and validate `path` as `model`; `shown` is the path messages name.

    `doc_checks` are further checks of the document alone (the personal-data guard); they must
    be the same function for the same `model`, since they are not part of the key. They return
    the paths they reported, which validation then does not report a second time.
    """
    try:
        raw = path.read_bytes()
    except OSError as exc:
        failed = Problems()
        failed.error(shown, 1, 1, f"无法读取文件：{exc.strerror}")
        return ParsedFile(SourceDoc(path=shown, failed=True), None, tuple(failed.items))
    key = (model.__name__, shown, hashlib.blake2b(raw, digest_size=20).digest())
    _CACHE.used.add(key)
    found = _CACHE.entries.get(key)
    if found is not None:
        _CACHE.stats.hits += 1
        return found
    _CACHE.stats.misses += 1
    disk_key = _disk_key(key)
    data = diskcache.get_raw("parsed", disk_key)
    stored = _light_of(data, model) if data is not None else None
    if stored is not None:

        def fetch() -> SourceDoc:
            doc = diskcache.get("parse-doc", disk_key, STORED)
            if isinstance(doc, SourceDoc) and doc.path == shown:
                return doc
            # Gone from the store (pruned, unreadable): the same bytes parse to the same
            # document; its problems are known already. It goes back into the store for the
            # next build that needs it.
            doc = _reparse(raw, shown, model, describer)()
            diskcache.put("parse-doc", disk_key, doc, STORED)
            return doc

        # The document is read when asked for, and the store must keep it meanwhile.
        diskcache.touch("parse-doc", disk_key)
        light, stored_model = stored
        if stored_model is not None:
            diskcache.derived_digest(stored_model, b"parsed", disk_key)
        result = ParsedFile(StoredDoc(light.path, light.failed, fetch), stored_model,
                            light.problems, disk_key)
        _CACHE.entries[key] = result
        return result
    doc, model_found, problems = _parse_here(raw, shown, model, describer, doc_checks)
    diskcache.put("parse-doc", disk_key, doc, STORED)
    # Made only for a store: a build without one would write every model's JSON for nothing.
    entry = (_entry_of(_Light(doc.path, doc.failed, model_found, tuple(problems.items)))
             if diskcache.enabled() else None)
    if entry is not None:
        diskcache.put_raw("parsed", disk_key, entry)
    if model_found is not None and diskcache.enabled():
        # What it is made of: the model, the path messages show and the bytes (the key), as
        # for one read back from the store.
        diskcache.derived_digest(model_found, b"parsed", disk_key)
    if not problems.items and not doc.failed:
        # Nothing to report so far: keep the bytes, not the positions (see StoredDoc). A file
        # with a problem keeps its document, since the loader salvages what it can from it.
        doc = StoredDoc(doc.path, doc.failed, _reparse(raw, shown, model, describer))
    result = ParsedFile(doc, model_found, tuple(problems.items), disk_key)
    _CACHE.entries[key] = result
    return result


def _entry_of(light: _Light) -> bytes | None:
    """A parsed file for the disk store: what it is besides its model as `STORED`'s JSON with
    the model's class name, on one line; then pydantic's JSON of the model. Read back, the model
    is validated from its own bytes (in Rust) instead of first being unescaped out of a JSON
    string and walked by the object hook (≈ a fifth of reading the parsed files at 50,000
    candidates). None: not storable."""
    model = light.model
    try:
        head = STORED.dumps((dataclasses.replace(light, model=None),
                             None if model is None else type(model).__qualname__))
        body = b"" if model is None else model.__pydantic_serializer__.to_json(model, exclude_unset=True)
    except (diskcache.Unstorable, PydanticSerializationError):
        return None
    return b"\n".join((head, body))  # the head's JSON has no raw line break


def _light_of(data: bytes, model: type[M]) -> tuple[_Light, M | None] | None:
    """The parsed file `_entry_of` stored (without its model) and its model, validated again
    as `model`; None for anything of another shape or another model (a miss)."""
    head, newline, body = data.partition(b"\n")
    try:
        found = STORED.loads(head) if newline else None
    except ValueError:
        return None
    if not (type(found) is tuple and len(found) == 2):
        return None
    light, name = found
    if not (type(light) is _Light and light.model is None and type(light.path) is str
            and type(light.failed) is bool and type(light.problems) is tuple
            and are_problems(light.problems)):
        return None
    if name is None:
        return (light, None) if not body else None
    if name != model.__qualname__:
        return None
    try:
        return light, stored_validator(model).validate_json(body)
    except ValueError:  # pydantic's ValidationError among them
        return None


def are_problems(value: object) -> TypeGuard[Sequence[Problem]]:
    """A stored sequence of problems, field by field (the store builds a dataclass from its
    values without checking their types)."""
    return isinstance(value, (list, tuple)) and all(
        type(p) is Problem and type(p.path) is str and type(p.line) is int
        and type(p.column) is int and type(p.message) is str and type(p.severity) is Severity
        for p in value
    )


def _disk_key(key: tuple[str, str, bytes]) -> bytes:
    return b"\0".join((key[0].encode(), key[1].encode(), key[2]))


def _parse_here(
    raw: bytes, shown: str, model: type[M],
    describer: Callable[[SourceDoc], Describe] | None,
    doc_checks: Callable[[SourceDoc, Problems], set[PathKey]] | None,
) -> tuple[SourceDoc, M | None, Problems]:
    problems = Problems()
    doc = parse_bytes(raw, shown, problems, root=model, describer=describer)
    covered = doc_checks(doc, problems) if doc_checks is not None else set()
    model_found = validate_doc(
        doc, model, problems, describer(doc) if describer else None, covered=covered
    )
    return doc, model_found, problems


PREFETCH_BYTES = 32 * 2**20
"""Files (bytes on disk) from which `prefetch` parses half of them in a second process."""

_Job = tuple[list[tuple[str, str]], type[BaseModel], "Callable[[SourceDoc], Describe] | None",
             "Callable[[SourceDoc, Problems], set[PathKey]] | None"]
_job: _Job | None = None
"""What the forked worker of `prefetch` parses (set before the fork: the worker inherits it,
so the model's checks, which are closures, need not be pickled)."""

_Parsed = tuple[tuple[str, str, bytes], bool, "BaseModel | None", tuple[Problem, ...], "SourceDoc | None"]


def _prefetch_worker() -> list[_Parsed]:
    """In the worker: each file of `_job` parsed and validated; its document only when it had a
    problem (the parent keeps a clean file's bytes, not its document: see StoredDoc)."""
    assert _job is not None
    files, model, describer, doc_checks = _job
    out: list[_Parsed] = []
    for path, shown in files:
        try:
            raw = Path(path).read_bytes()
        except OSError:
            continue  # the parent reports it
        key = (model.__name__, shown, hashlib.blake2b(raw, digest_size=20).digest())
        doc, found, problems = _parse_here(raw, shown, model, describer, doc_checks)
        clean = not problems.items and not doc.failed
        out.append((key, doc.failed, found, tuple(problems.items), None if clean else doc))
    return out


def prefetch(
    files: list[tuple[Path, str]],
    model: type[BaseModel],
    *,
    describer: Callable[[SourceDoc], Describe] | None = None,
    doc_checks: Callable[[SourceDoc, Problems], set[PathKey]] | None = None,
) -> None:
    """Parse and validate many files (path, shown) on two cores before the loader asks for them
    one by one (parse_file then finds each in memory): a forked worker process takes every second
    file while this one parses the others. At 200,000 candidates the candidate files are
    143 MB of YAML, and parsing them was the longest part of the load.

    Only when it pays and is safe: 2+ cores, at least PREFETCH_BYTES of files not in this
    process's cache (a rebuild under `mkdocs serve` has the unchanged ones), no disk store (a
    publishing server's has them), and no other thread (a fork copies only this one). The worker's results are the same function of the same bytes; a file whose bytes
    changed in between is simply parsed again when asked for."""
    global _job
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    if not workers.may_fork():
        return
    missing: list[tuple[Path, str]] = []
    size = 0
    for path, shown in files:
        try:
            raw = path.read_bytes()
        except OSError:
            continue  # parse_file reports it
        if (model.__name__, shown, hashlib.blake2b(raw, digest_size=20).digest()) not in _CACHE.entries:
            missing.append((path, shown))
            size += len(raw)
    if size < PREFETCH_BYTES:
        return
    theirs, mine = missing[1::2], missing[0::2]
    _job = ([(str(p), shown) for p, shown in theirs], model, describer, doc_checks)
    try:
        with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("fork")) as pool:
            future = pool.submit(_prefetch_worker)
            for path, shown in mine:
                parse_file(path, shown, model, describer=describer, doc_checks=doc_checks)
            parsed = future.result()
    finally:
        _job = None
    shown_paths = {shown: path for path, shown in theirs}
    for key, failed, found, problems, doc in parsed:
        path = shown_paths[key[1]]
        try:
            raw = path.read_bytes()
        except OSError:
            continue
        if (model.__name__, key[1], hashlib.blake2b(raw, digest_size=20).digest()) != key:
            continue  # changed since the worker read it: parse_file parses it again
        kept = doc if doc is not None else StoredDoc(key[1], failed, _reparse(raw, key[1], model, describer))
        _CACHE.entries[key] = ParsedFile(kept, found, problems, _disk_key(key))


def _reparse(
    raw: bytes, shown: str, model: type[BaseModel],
    describer: Callable[[SourceDoc], Describe] | None,
) -> Callable[[], SourceDoc]:
    """The document of `raw` parsed again, when asked for: the same bytes give the same
    document, and their problems are known already."""
    return lambda: parse_bytes(raw, shown, Problems(), root=model, describer=describer)
