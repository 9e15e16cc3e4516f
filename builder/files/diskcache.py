"""A content-keyed store on disk, so that the caches of one build serve the next process.

`mkdocs serve` keeps its caches in memory (one process). A publishing server runs a new process
per step: the pre-receive hook validates the pushed commit, the post-receive hook builds it, the
daily timer rebuilds it. Each started cold, parsing the same 200 YAML files and scanning the same
700 output files again. With the store enabled (only `builder.server` enables it, for its own
directory), the caches that are keyed by content also look here:

- a value is stored under the digest of its key, and a key is always a content hash of the
  input (file bytes, page bytes, search corpus) plus what else the value depends on, so a value
  is found only for exactly the same input: another commit's different file is a miss, never a
  stale hit; nothing trusts modification times. One entry is found otherwise, and checked
  piece by piece instead: the search's part of the last build's pages and forms
  (builder.render.search.shards, "search-docs"), found by how many pages and forms there are,
  of which each document is taken only when its inputs' digest is the same;
- the key space also holds the digest of the code (every file of the `builder` package) and of
  the installed distributions' versions, so an upgraded gongshi or library never reads what an
  older one wrote;
- entries are written to a temporary file and renamed, so a `kill -9` leaves a complete entry or
  none.

The values are plain data, never pickles (issue 26: a pickle is code, and whoever can write
one file of the store could run anything in every later build). An entry is JSON in which the
few types JSON lacks (tuples, sets, bytes, dates, Markup) and the caller's own dataclasses,
enums and pydantic models are tagged by name (a model as pydantic's JSON of it, validated
again when read); each caller passes a `Codec` naming exactly the
classes its values may hold, and reading builds only those, field by field, with no code of the
entry's choosing. An entry that is unreadable, truncated, of another shape or names any other
class is a miss (and is rewritten). A few large values of a known shape are bytes their caller
writes and reads itself (`put_raw`, `get_raw`), again nothing but JSON and text: a round's
search entries (builder.render.search.corpus), a round's parts of the site-wide pages (builder.render.pages),
a check's summary (builder.checks.runner) and a hand-written page's problems
(builder.checks.handwritten) as JSON read with no hook; a parsed file
(builder.load.parsecache) and a round's pages (builder.render.pages) as a line of `Codec` JSON
followed by what would cost most to read as a JSON string (the model's own JSON, which pydantic
validates from its bytes; the pages' HTML); the search files (builder.render.search.files),
the people's part and the part of the pages and forms (shards) as a line of JSON giving the
sizes of the UTF-8 text that follows it; how the last build cut its shards ("search-cut": each shard's first term, the
digest of what it was cut from and the SHA-256 of its bytes, so that a shard is taken from the
stored search files only when all three agree) as JSON read with no hook; what an entry was
made from ("made-from": the names of the entries, `store_made_from`) as a JSON list of names. Each reader checks the shape of what it reads, field
by field, and takes anything else for a miss. `prune` bounds the size: the publishing step
removes what no run used since it started, where an entry taken whole counts what it was made
from as used (`keep_made_from`).
"""

from __future__ import annotations

import base64
import contextlib
import dataclasses
import datetime as dt
import enum
import functools
import hashlib
import importlib.metadata
import json
import os
import queue
import re
import stat
import sys
import threading
import weakref
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar

from markupsafe import Markup
from pydantic import BaseModel
from pydantic_core import PydanticSerializationError

from builder.files.atomicfs import write_atomically
from builder.files.cache import CacheStats

T = TypeVar("T")

_root: Path | None = None
stats = CacheStats()
"""Hits and misses of the store (tests read them)."""

BUILDER_DIR = Path(__file__).resolve().parents[1]
SUFFIX = ".json"


class Unstorable(Exception):
    """A value holds something its codec does not name: it is not stored."""


_PRIMITIVE = frozenset({str, int, float, bool, type(None)})
_TAG = "\x00"
"""Every tagged value is a JSON object with one key that starts with NUL; a mapping of the data
whose keys could look like one is written as pairs, so the two never meet."""


class Codec:
    """Plain data ⇄ JSON for the values of one cache: JSON's own types, tuples, sets,
    frozensets, bytes, dates and times, `Markup`, and exactly the classes given (dataclasses,
    enums, pydantic models), tagged by their name. Decoding builds only those classes, from
    their fields; anything else is refused (ValueError)."""

    def __init__(self, *classes: type) -> None:
        self.classes: dict[str, type] = {}
        for cls in classes:
            name = cls.__qualname__
            if self.classes.get(name, cls) is not cls:
                raise ValueError(f"two classes named {name}")
            if dataclasses.is_dataclass(cls) and any(not f.init for f in dataclasses.fields(cls)):
                raise ValueError(f"{name} has fields its constructor does not take")
            if not (dataclasses.is_dataclass(cls) or issubclass(cls, (enum.Enum, BaseModel))):
                raise ValueError(f"{name} is neither a dataclass, an enum nor a pydantic model")
            self.classes[name] = cls
        self._fields = {
            cls: tuple(f.name for f in dataclasses.fields(cls))
            for cls in self.classes.values() if dataclasses.is_dataclass(cls)
        }
        self._encoders: dict[type, Callable[[Any], Any]] = {
            list: self._list, tuple: self._tuple, dict: self._dict, set: self._set,
            frozenset: self._frozenset, bytes: _bytes, Markup: _markup, dt.datetime: _datetime,
            dt.date: _date, dt.time: _time,
        }
        for cls in self.classes.values():
            if issubclass(cls, enum.Enum):
                self._encoders[cls] = self._enum
            elif issubclass(cls, BaseModel):
                self._encoders[cls] = self._model
            else:
                self._encoders[cls] = self._dataclass
        self._decoders = {_TAG + k: v for k, v in _DECODERS.items()}
        self._arity: dict[str, tuple[type, int]] = {
            cls.__qualname__: (cls, len(fields)) for cls, fields in self._fields.items()
        }
        """Each dataclass by its name, with its number of fields: a stored value of many small
        records (the output checks' links) decodes one per object the hook sees."""

    # ---- encoding: each value to JSON's types, from the exact type (never a subclass's)
    def dumps(self, value: object) -> bytes:
        try:
            return json.dumps(self._enc(value), ensure_ascii=False, separators=(",", ":"),
                              check_circular=False).encode("utf-8")
        except (RecursionError, UnicodeEncodeError, TypeError, ValueError) as exc:
            raise Unstorable(str(exc)) from None

    def _enc(self, v: Any) -> Any:
        t = type(v)
        if t in _PRIMITIVE:
            return v
        encode = self._encoders.get(t)
        if encode is None:
            raise Unstorable(f"{t.__module__}.{t.__qualname__} is not plain data for this cache")
        return encode(v)

    def _items(self, v: Any) -> list[Any]:
        enc, prim = self._enc, _PRIMITIVE
        return [x if type(x) in prim else enc(x) for x in v]

    def _list(self, v: list[Any]) -> Any:
        return self._items(v)

    def _tuple(self, v: tuple[Any, ...]) -> Any:
        return {_TAG + "t": self._items(v)}

    def _set(self, v: set[Any]) -> Any:
        return {_TAG + "s": self._items(v)}

    def _frozenset(self, v: frozenset[Any]) -> Any:
        return {_TAG + "f": self._items(v)}

    def _dict(self, v: dict[Any, Any]) -> Any:
        enc, prim = self._enc, _PRIMITIVE
        if all(type(k) is str and k[:1] != _TAG for k in v):
            return {k: x if type(x) in prim else enc(x) for k, x in v.items()}
        if all(type(k) is tuple and all(type(p) in prim for p in k) for k in v):
            # Keyed by paths into a document (yamlsrc's tables): the keys as plain lists, and
            # when every value is the same small dataclass of plain fields (a position), its
            # fields in one flat list.
            keys = [list(k) for k in v]
            cls = type(next(iter(v.values()))) if v else None
            fields = self._fields.get(cls) if cls is not None else None
            if fields and all(type(x) is cls for x in v.values()):
                flat = [getattr(x, f) for x in v.values() for f in fields]
                if all(type(x) in prim for x in flat):
                    return {_TAG + "K": [cls.__qualname__, keys, flat]}  # type: ignore[union-attr]
            return {_TAG + "k": [keys, self._items(v.values())]}
        return {_TAG + "d": [[enc(k), enc(x)] for k, x in v.items()]}

    def _enum(self, v: enum.Enum) -> Any:
        return {_TAG + "e": [type(v).__qualname__, v.name]}

    def _model(self, v: BaseModel) -> Any:
        # pydantic's own JSON, read back through full validation (in pydantic-core, several
        # times faster than building the models field by field); only the fields that were
        # given, so that the model's fields set comes back the same.
        return {_TAG + "p": [type(v).__qualname__, v.model_dump_json(exclude_unset=True)]}

    def _dataclass(self, v: Any) -> Any:
        return {_TAG + "c": [type(v).__qualname__,
                             self._items(getattr(v, name) for name in self._fields[type(v)])]}

    # ---- decoding: bottom-up, each JSON object as it is read (json's object_hook)
    def loads(self, data: bytes) -> object:
        try:
            return json.loads(data, object_hook=self._hook)
        except (RecursionError, KeyError, IndexError, TypeError, ValueError, AttributeError) as exc:
            raise ValueError(f"not an entry of this cache: {exc}") from None

    def _hook(self, d: dict[str, Any]) -> Any:
        if len(d) != 1:
            return d
        ((key, body),) = d.items()
        decode = self._decoders.get(key)
        if decode is None:
            if key[:1] == _TAG:
                raise ValueError(f"unknown tag {key!r}")
            return d
        return decode(self, body)

    def _cls(self, name: object, kind: type) -> Any:
        cls = self.classes.get(name) if isinstance(name, str) else None
        if cls is None or not (dataclasses.is_dataclass(cls) if kind is object
                               else issubclass(cls, kind)):
            raise ValueError(f"unknown class {name!r}")
        return cls


def _bytes(v: bytes) -> Any:
    return {_TAG + "b": base64.b64encode(v).decode("ascii")}


def _markup(v: Markup) -> Any:
    return {_TAG + "h": str(v)}


def _datetime(v: dt.datetime) -> Any:
    return {_TAG + "dt": v.isoformat()}


def _date(v: dt.date) -> Any:
    return {_TAG + "da": v.isoformat()}


def _time(v: dt.time) -> Any:
    return {_TAG + "ti": v.isoformat()}


def _list_of(body: Any) -> list[Any]:
    if type(body) is not list:
        raise ValueError("not a list")
    return body


def _dec_model(codec: Codec, body: Any) -> Any:
    name, text = _list_of(body)
    if type(text) is not str:
        raise ValueError(f"{name}: not a model's JSON")
    return codec._cls(name, BaseModel).model_validate_json(text)


def _dec_dataclass(codec: Codec, body: Any) -> Any:
    name, values = _list_of(body)
    found = codec._arity.get(name) if type(name) is str else None
    if found is None:
        raise ValueError(f"unknown class {name!r}")
    cls, arity = found
    if type(values) is not list or len(values) != arity:
        raise ValueError(f"{name}: other fields")
    return cls(*values)


def _dec_enum(codec: Codec, body: Any) -> Any:
    name, member = _list_of(body)
    return codec._cls(name, enum.Enum)[member]


def _dec_dict(_codec: Codec, body: Any) -> Any:
    return {k: v for k, v in _list_of(body)}


def _path_keys(keys: Any) -> list[tuple[Any, ...]]:
    if type(keys) is not list or any(type(k) is not list for k in keys):
        raise ValueError("not paths")
    return [tuple(k) for k in keys]


def _dec_paths(_codec: Codec, body: Any) -> Any:
    keys, values = _list_of(body)
    if len(_list_of(values)) != len(keys):
        raise ValueError("keys and values differ in number")
    return dict(zip(_path_keys(keys), values, strict=True))


def _dec_positions(codec: Codec, body: Any) -> Any:
    name, keys, flat = _list_of(body)
    cls = codec._cls(name, object)
    n = len(codec._fields[cls])
    if len(_list_of(flat)) != n * len(keys) or any(type(x) not in _PRIMITIVE for x in flat):
        raise ValueError(f"{name}: other fields")
    paths = _path_keys(keys)
    if n == 2:
        pairs = iter(flat)
        return {k: cls(a, b) for k, a, b in zip(paths, pairs, pairs, strict=False)}
    return {k: cls(*flat[i * n:(i + 1) * n]) for i, k in enumerate(paths)}


def _dec_markup(_codec: Codec, body: Any) -> Any:
    if type(body) is not str:
        raise ValueError("not a text")
    return Markup(body)


_DECODERS: dict[str, Callable[[Codec, Any], Any]] = {
    "t": lambda _c, b: tuple(_list_of(b)),
    "d": _dec_dict,
    "k": _dec_paths,
    "K": _dec_positions,
    "s": lambda _c, b: set(_list_of(b)),
    "f": lambda _c, b: frozenset(_list_of(b)),
    "b": lambda _c, b: base64.b64decode(b, validate=True),
    "h": _dec_markup,
    "dt": lambda _c, b: dt.datetime.fromisoformat(b),
    "da": lambda _c, b: dt.date.fromisoformat(b),
    "ti": lambda _c, b: dt.time.fromisoformat(b),
    "e": _dec_enum,
    "p": _dec_model,
    "c": _dec_dataclass,
}


_new: Path | None = None
"""Where this process writes new entries when it may not write `_root` (a build running as its
own account: builder.server.buildstep); the publishing account moves them in (`adopt`)."""
used: set[str] = set()
"""Names of the entries this process read, for the account that prunes (`touch`)."""
ENTRY_NAME = re.compile(r"^[a-z][a-z-]*-[0-9a-f]{40}\.json$")
"""What an entry's file is called (namespace, digest of its key)."""
ENTRY_MODE = 0o640
"""Readable by the group: the publishing account and a build account share it."""


def enable(root: Path, *, write_to: Path | None = None) -> None:
    """Use `root` for this process (created if missing; folders 0750). `write_to`: read `root`
    (and `write_to`), but write new entries only under `write_to`."""
    global _root, _new
    if write_to is None:
        root.mkdir(mode=0o750, parents=True, exist_ok=True)
    _root, _new = root, write_to
    used.clear()


def disable() -> None:
    global _root, _new
    _root = _new = None


def enabled() -> bool:
    return _root is not None


@functools.cache
def code_digest() -> str:
    """What every stored value depends on besides its key: this code and its libraries."""
    h = hashlib.blake2b(digest_size=16)
    h.update(sys.version.encode())
    for path in sorted(BUILDER_DIR.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            h.update(str(path.relative_to(BUILDER_DIR)).encode() + b"\0")
            h.update(path.read_bytes())
    for name, version in sorted(
        (d.metadata["Name"] or "", d.version) for d in importlib.metadata.distributions()
    ):
        h.update(f"{name}=={version}\0".encode())
    return h.hexdigest()


_DIGESTS: dict[int, tuple[weakref.ref[BaseModel], bytes]] = {}
"""`model_digest` of the models still alive, by identity: a round's list is keyed by it for its
search entries and its pages alike (its JSON is ≈ 0.1 s at 50,000 candidates)."""


def model_digest(model: BaseModel) -> bytes:
    """A digest of `model`'s value, the same in every process: of pydantic's JSON of it (every
    field in declaration order, each written as its declared type says: the data models have no
    float and no union JSON could blur, so equal JSON is an equal model), made in Rust. A value
    pydantic cannot write as JSON (a lone surrogate, which YAML's escapes let through) is
    digested from its Python dump. Remembered while the model lives: models are frozen, and a
    changed value is a new model."""
    found = _DIGESTS.get(id(model))
    if found is not None and found[0]() is model:
        return found[1]
    try:
        data = model.__pydantic_serializer__.to_json(model, warnings=False)
    except PydanticSerializationError:
        data = repr(model.model_dump()).encode("utf-8", "surrogatepass")
    digest = hashlib.blake2b(type(model).__qualname__.encode() + b"\0" + data, digest_size=20).digest()
    _remember_digest(model, digest)
    return digest


def derived_digest(model: BaseModel, how: bytes, *inputs: bytes) -> None:
    """Make `model_digest(model)` a digest of what `model` was made from instead of its JSON:
    `model` is what the pure function named `how` made of `inputs` (the digests of everything it
    read) in this code, whose digest every key of the store holds. The same inputs make an equal
    model, so the digest still names its value; an equal model made otherwise has another
    digest, which costs a miss, never a wrong hit (its JSON's digest starts from "{", never from
    `how`'s tag). A publishing server's build derives its lists' digests so (a parsed file's
    model from its bytes, a retired list from the list): the JSON of every list was ≈ 0.5 s of
    a correction at 200,000 candidates."""
    tag = b"\0derived\0" + how
    digest = hashlib.blake2b(b"\0".join((type(model).__qualname__.encode(), tag, *inputs)),
                             digest_size=20).digest()
    _remember_digest(model, digest)


def known_digest(model: BaseModel) -> bytes | None:
    """`model_digest(model)` if it is known without digesting the model (derived or made)."""
    found = _DIGESTS.get(id(model))
    return found[1] if found is not None and found[0]() is model else None


def _remember_digest(model: BaseModel, digest: bytes) -> None:
    if len(_DIGESTS) > 4 * _digests_alive[0]:
        _forget_dead_digests()
    _DIGESTS[id(model)] = (weakref.ref(model), digest)


_digests_alive = [1024]
"""How many entries were alive at the last sweep (the next one comes at four times as many)."""


def _forget_dead_digests() -> None:
    for key in [k for k, (ref, _) in _DIGESTS.items() if ref() is None]:
        del _DIGESTS[key]
    _digests_alive[0] = max(1024, len(_DIGESTS))


def _name(namespace: str, key: bytes) -> str:
    digest = hashlib.blake2b(namespace.encode() + b"\0" + key, digest_size=20).hexdigest()
    return f"{namespace}-{digest}{SUFFIX}"


def _read(path: Path, codec: Codec) -> object:
    return codec.loads(_read_bytes(path))


def _read_bytes(path: Path) -> bytes:
    # A regular file only: never a link to somewhere else, never a FIFO to block on.
    fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    with os.fdopen(fd, "rb") as f:
        if not stat.S_ISREG(os.fstat(f.fileno()).st_mode):
            raise ValueError("not a regular file")
        return f.read()


def _places(name: str) -> list[Path]:
    """Where an entry may be: this build's own store first (a server's build step), then the
    shared one."""
    assert _root is not None
    return [folder / code_digest() / name for folder in ((_new, _root) if _new is not None else (_root,))]


def get(namespace: str, key: bytes, codec: Codec) -> object | None:
    """The value stored under `key`, or None (also when the store is not enabled)."""
    if _root is None:
        return None
    name = _name(namespace, key)
    for path in _places(name):
        try:
            value = _read(path, codec)
        except (OSError, ValueError):  # missing, unreadable or foreign: a miss (and rewritten)
            continue
        stats.hits += 1
        _note(name)
        with contextlib.suppress(OSError):
            os.utime(path)  # used now: prune keeps it
        return value
    stats.misses += 1
    return None


def touch(namespace: str, key: bytes) -> bool:
    """Mark the entry under `key` used now without reading it (a value its caller reads only
    when needed, which `prune` must keep all the same); whether there is one."""
    if _root is None:
        return False
    name = _name(namespace, key)
    for path in _places(name):
        try:
            if not stat.S_ISREG(os.lstat(path).st_mode):
                continue
        except OSError:
            continue
        _note(name)
        with contextlib.suppress(OSError):
            os.utime(path)
        return True
    return False


def get_raw(namespace: str, key: bytes) -> bytes | None:
    """The bytes stored under `key` by `put_raw`, or None: a value its caller encodes and
    decodes itself, as plain JSON read with no object hook (a large value of few shapes,
    where `Codec`'s walk over every item would cost more than the value saves)."""
    if _root is None:
        return None
    name = _name(namespace, key)
    for path in _places(name):
        try:
            data = _read_bytes(path)
        except (OSError, ValueError):
            continue
        stats.hits += 1
        _note(name)
        with contextlib.suppress(OSError):
            os.utime(path)
        return data
    stats.misses += 1
    return None


def put_raw(namespace: str, key: bytes, data: bytes) -> None:
    """Store `data`, JSON its caller made (`get_raw`), under `key` (on the writing thread
    while `writing_behind`)."""
    if _root is None:
        return
    for names in _recorders():
        names.add(_name(namespace, key))
    folder = (_new if _new is not None else _root) / code_digest()
    # A build's own store is emptied by the publishing account (`adopt`): group-writable.
    folder.mkdir(mode=0o770 if _new is not None else 0o750, parents=True, exist_ok=True)
    if _behind is not None:
        _behind.put((folder / _name(namespace, key), data))
        return
    write_atomically(folder / _name(namespace, key), data, durable=False, mode=ENTRY_MODE)


_behind: queue.SimpleQueue[tuple[Path, bytes] | None] | None = None
"""The entries `put_raw` hands to the writing thread (`writing_behind`)."""


@contextlib.contextmanager
def writing_behind() -> Iterator[None]:
    """While the block runs, `put_raw`'s entries are written by a thread of their own, so that
    the caller goes on while the system writes them; all are written when the block ends. The
    output checks' copy (builder.checks.runner) stores the summaries of a correction's new
    search files so, while it checks the rest (≈ 0.35 s of its writes at 200,000 candidates,
    on the build's path). An entry the thread cannot write is not stored: a later miss."""
    global _behind
    pending: queue.SimpleQueue[tuple[Path, bytes] | None] = queue.SimpleQueue()
    writer = threading.Thread(target=_write_entries, args=(pending,), name="store-writer", daemon=True)
    writer.start()
    _behind = pending
    try:
        yield
    finally:
        _behind = None
        pending.put(None)
        writer.join()


def _write_entries(pending: queue.SimpleQueue[tuple[Path, bytes] | None]) -> None:
    while (entry := pending.get()) is not None:
        with contextlib.suppress(OSError):
            write_atomically(entry[0], entry[1], durable=False, mode=ENTRY_MODE)


def remembered(namespace: str, key: bytes, codec: Codec, kind: type[T], make: Callable[[], T]) -> T:
    """The `kind` value stored under `key`, else `make()`'s, stored for the next process."""
    stored = get(namespace, key, codec)
    if isinstance(stored, kind):
        return stored
    value = make()
    put(namespace, key, value, codec)
    return value


_recording = threading.local()


def _recorders() -> list[set[str]]:
    found: list[set[str]] | None = getattr(_recording, "sets", None)
    if found is None:
        found = _recording.sets = []
    return found


def _note(name: str) -> None:
    """The entry `name` was read (or taken unread): used, and part of what is being made."""
    used.add(name)
    for names in _recorders():
        names.add(name)


@contextlib.contextmanager
def recording(into: set[str]) -> Iterator[set[str]]:
    """Add to `into` the name of every entry this thread reads, takes or writes while the
    block runs: what a value made in it is made from (`store_made_from`)."""
    sets = _recorders()
    sets.append(into)
    try:
        yield into
    finally:
        sets.pop()  # this block's: a thread's blocks end in the reverse order they began


MADE_FROM = "made-from"
"""The namespace of what an entry was made from (`store_made_from`)."""


def store_made_from(namespace: str, key: bytes, names: set[str]) -> None:
    """Store that the entry under `key` was made from the entries `names` (`recording`), so
    that a build taking it whole keeps them too (`keep_made_from`). Without this, a build that
    takes a whole (the search files of an unchanged corpus: the daily rebuild) reads none of
    its parts, `prune` removes them, and the next build that changes one part (a correction)
    makes every part again: ≈ 45 s of a 200,000-candidate correction, against ≈ 12 s. A part
    made from parts of its own (the people's part, from each round's terms) lists them too, and
    its own list: a build taking it whole keeps them in turn. Earlier entries of its own kind
    (the last build's, which it took files from) are not its parts."""
    parts = sorted(n for n in names if not n.startswith(f"{namespace}-"))
    put_raw(MADE_FROM, namespace.encode() + b"\0" + key, json.dumps(parts).encode())


def keep_made_from(namespace: str, key: bytes) -> None:
    """Mark used what the entry under `key` was made from (`store_made_from`), as its maker
    would have read them."""
    raw = get_raw(MADE_FROM, namespace.encode() + b"\0" + key)
    try:
        names = json.loads(raw) if raw is not None else []
    except ValueError:
        return
    for name in names if isinstance(names, list) else []:
        if isinstance(name, str) and ENTRY_NAME.match(name):
            # Only noted: `adopt`, in the account that prunes, marks the build's used entries
            # used now (the build step may not write the shared store).
            _note(name)


def put(namespace: str, key: bytes, value: object, codec: Codec) -> None:
    """Store `value` under `key`; a value that is not plain data for `codec` is not stored."""
    if _root is None:
        return
    try:
        data = codec.dumps(value)
    except Unstorable:
        return
    put_raw(namespace, key, data)


def adopt(new: Path, names_used: list[str]) -> int:
    """Move the entries a build wrote under `new` (its own store, see `enable`) into this
    process's store, and mark `names_used` (the entries it read) as used now. Only files with
    an entry's name are taken, and never through a link; how many were moved."""
    if _root is None:
        return 0
    folder = _root / code_digest()
    folder.mkdir(mode=0o750, parents=True, exist_ok=True)
    moved = 0
    source = new / code_digest()
    for path in sorted(source.iterdir()) if source.is_dir() and not source.is_symlink() else []:
        if ENTRY_NAME.match(path.name) and stat.S_ISREG(os.lstat(path).st_mode):
            os.replace(path, folder / path.name)
            moved += 1
    for name in names_used:
        if ENTRY_NAME.match(name):
            with contextlib.suppress(OSError):
                os.utime(folder / name)
    return moved


def prune(used_since: float) -> int:
    """Remove entries neither written nor read since `used_since` (a time.time()), and
    everything of other code versions; how many files were removed. Entries that a concurrent
    run writes or reads meanwhile are newer, so they stay."""
    if _root is None:
        return 0
    removed = 0
    current = code_digest()
    for folder in _root.iterdir():
        # Nothing here is followed: a link is removed as the entry it pretends to be.
        real_dir = folder.is_dir() and not folder.is_symlink()
        for path in folder.iterdir() if real_dir else [folder]:
            try:
                if folder.name != current or path.stat().st_mtime < used_since:
                    path.unlink()
                    removed += 1
            except FileNotFoundError:
                continue
        if real_dir and folder.name != current:
            with contextlib.suppress(OSError):  # a run of the other version still writes
                folder.rmdir()
    return removed
