"""Two small database backends behind one interface: SQLite (the default) and PostgreSQL.

Why not SQLAlchemy: the default must work on an offline laptop with nothing but Python, so it is
the standard library's ``sqlite3`` (zero dependencies); PostgreSQL is only for a shared server, so
``psycopg`` (version 3) is imported lazily, only when a ``postgresql://`` URL is given. The SQL is
a handful of statements on one append-only table, written once with ``?`` placeholders; the only
differences between the two databases (the schema's column types, how a new row's number comes
back, how writers to one room wait for each other, which driver error means what) fit in one
small class per database. An ORM would add a large dependency and hide exactly the transaction
and locking behaviour this module has to get right.

The interface: :meth:`Backend.transaction` yields a :class:`Transaction` (``execute``, ``insert``,
``lock``) that commits when the block ends and rolls back on any error; :meth:`Backend.read` runs
one query. Every driver error leaves as a :class:`~sociocracy.rooms.errors.StoreError` whose
message is one sentence naming the record and saying that nothing was changed.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import threading
import urllib.parse
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from .errors import StoreError
from .location import Location

__all__ = ["Backend", "PostgresBackend", "SqliteBackend", "Transaction", "open_backend"]

Params = Sequence[Any]

#: Indexes and the append-only guard, the same on both databases (partial indexes exist in both).
COMMON_SCHEMA = (
    "CREATE UNIQUE INDEX IF NOT EXISTS events_room_code ON events (stream) "
    "WHERE kind = 'room-created'",
    "CREATE UNIQUE INDEX IF NOT EXISTS events_key ON events (key_hash) WHERE key_hash IS NOT NULL",
    "CREATE INDEX IF NOT EXISTS events_by_stream ON events (stream, kind)",
    "CREATE INDEX IF NOT EXISTS events_by_ref ON events (ref, kind)",
)

DAMAGED = ("The workshop record at {where} is damaged (not a database); nothing was changed. "
           "Move it aside or restore a backup.")
BUSY = ("The workshop record at {where} is busy: another program kept it locked for more than "
        "{timeout:g} seconds; nothing was changed. Close the other program or wait, then try "
        "again.")
READ_ONLY = ("The workshop record at {where} is read-only; nothing was changed. Choose a folder "
             "you can write to (for example with SOCIOCRACY_COURSE_DATA).")
CANNOT_OPEN = ("The workshop record at {where} cannot be opened (its folder is missing or not "
               "yours); nothing was changed. Choose a folder you can write to (for example with "
               "SOCIOCRACY_COURSE_DATA).")
DISK_FULL = ("The disk holding the workshop record at {where} is full; nothing was changed. "
             "Free some space, then try again.")
UNREACHABLE = ("The workshop database at {where} cannot be reached; nothing was changed. Check "
               "that PostgreSQL is running and that the address, name and password are right.")
OTHER = "The workshop record at {where} could not be used ({detail}); nothing was changed."


class Transaction:
    """One write transaction: statements with ``?`` placeholders, run on one cursor."""

    def __init__(self, backend: Backend, cursor: Any) -> None:
        self._backend = backend
        self._cursor = cursor

    def execute(self, sql: str, params: Params = ()) -> list[tuple]:
        self._cursor.execute(self._backend.sql(sql), tuple(params))
        return self._cursor.fetchall() if self._cursor.description else []

    def insert(self, sql: str, params: Params = ()) -> int:
        """Run an ``INSERT`` and return the new row's ``seq``."""
        return self._backend.insert(self._cursor, sql, tuple(params))

    def lock(self, stream: str) -> None:
        """Make other writers to ``stream`` (a room, a session) wait until this one commits."""
        self._backend.lock(self._cursor, stream)


class Backend:
    """What the store needs from a database. Subclasses fill in the differences."""

    #: For messages: where the record is (a path, or a URL without its password).
    where: str
    timeout: float
    read_only: bool

    def __init__(self) -> None:
        self._guard = threading.RLock()  # one connection, shared by the threads of one process

    def sql(self, statement: str) -> str:
        return statement

    def insert(self, cursor: Any, sql: str, params: tuple) -> int:
        raise NotImplementedError

    def lock(self, cursor: Any, stream: str) -> None:
        raise NotImplementedError

    def problem(self, exc: BaseException) -> StoreError | None:
        """The plain sentence for a driver error, or ``None`` when it is not a driver error."""
        raise NotImplementedError

    @contextlib.contextmanager
    def errors(self) -> Iterator[None]:
        """Turn driver errors inside the block into one :class:`StoreError`."""
        try:
            yield
        except StoreError:
            raise
        except Exception as exc:
            problem = self.problem(exc)
            if problem is None:
                raise
            raise problem from exc

    def transaction(self) -> contextlib.AbstractContextManager[Transaction]:
        raise NotImplementedError

    def read(self, sql: str, params: Params = ()) -> list[tuple]:
        raise NotImplementedError

    def close(self) -> None:
        raise NotImplementedError

    def message(self, template: str, **extra: Any) -> StoreError:
        return StoreError(template.format(where=self.where, timeout=self.timeout, **extra))


class SqliteBackend(Backend):
    """The standard library's ``sqlite3``: WAL, a busy timeout, ``BEGIN IMMEDIATE`` per write.

    WAL lets the projector read while phones write; ``BEGIN IMMEDIATE`` takes the write lock at
    the start, so two writers never both read "not revealed yet" and then both write; and
    ``synchronous=FULL`` means a response is on disk before ``respond()`` returns, so a crash (of
    the kernel or of the laptop) loses nothing that was acknowledged.
    """

    SCHEMA = (
        "CREATE TABLE IF NOT EXISTS events ("
        " seq INTEGER PRIMARY KEY AUTOINCREMENT, stream TEXT NOT NULL, kind TEXT NOT NULL,"
        " ref INTEGER, actor INTEGER, key_hash TEXT, body TEXT NOT NULL, at REAL NOT NULL)",
        *COMMON_SCHEMA,
        "CREATE TRIGGER IF NOT EXISTS events_no_update BEFORE UPDATE ON events "
        "BEGIN SELECT RAISE(ABORT, 'the workshop record is append-only'); END",
        "CREATE TRIGGER IF NOT EXISTS events_no_delete BEFORE DELETE ON events "
        "BEGIN SELECT RAISE(ABORT, 'the workshop record is append-only'); END",
    )

    def __init__(self, path: Path, *, timeout: float, read_only: bool) -> None:
        super().__init__()
        self.path = path
        self.where = str(path)
        self.timeout = timeout
        self.read_only = read_only
        self._connection: sqlite3.Connection | None = None
        with self.errors():
            self._connection = self._connect()
            if not self._has_schema():
                with self.transaction() as tx:
                    for statement in self.SCHEMA:
                        tx.execute(statement)

    def _connect(self) -> sqlite3.Connection:
        if self.read_only:
            if not self.path.is_file():
                raise self.message(CANNOT_OPEN)
            target, uri = f"file:{urllib.parse.quote(str(self.path))}?mode=ro", True
        else:
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True)
            except OSError:
                raise self.message(CANNOT_OPEN) from None
            target, uri = str(self.path), False
        connection = sqlite3.connect(target, uri=uri, timeout=self.timeout,
                                     isolation_level=None, check_same_thread=False)
        try:
            connection.execute(f"PRAGMA busy_timeout = {int(self.timeout * 1000)}")
            # Reading the journal mode reads the file's header: garbage fails here, untouched.
            if not self.read_only:
                connection.execute("PRAGMA journal_mode = WAL")
            else:
                connection.execute("PRAGMA schema_version").fetchall()
            connection.execute("PRAGMA synchronous = FULL")
        except BaseException:
            connection.close()
            raise
        return connection

    def _has_schema(self) -> bool:
        rows = self.read("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'events'")
        return bool(rows)

    def insert(self, cursor: sqlite3.Cursor, sql: str, params: tuple) -> int:
        cursor.execute(sql, params)
        return int(cursor.lastrowid or 0)

    def lock(self, cursor: Any, stream: str) -> None:
        """Nothing to do: ``BEGIN IMMEDIATE`` already made this the only writer."""

    def problem(self, exc: BaseException) -> StoreError | None:
        if not isinstance(exc, sqlite3.Error):
            return None
        text = str(exc).lower()
        if "locked" in text or "busy" in text:
            return self.message(BUSY)
        if "readonly" in text or "read-only" in text:
            return self.message(READ_ONLY)
        if "not a database" in text or "malformed" in text or "corrupt" in text:
            return self.message(DAMAGED)
        if "unable to open" in text:
            folder = self.path.parent
            writable = folder.is_dir() and os.access(folder, os.W_OK)
            return self.message(CANNOT_OPEN if writable or not folder.is_dir() else READ_ONLY)
        if "full" in text:
            return self.message(DISK_FULL)
        return self.message(OTHER, detail=str(exc))

    @contextlib.contextmanager
    def transaction(self) -> Iterator[Transaction]:
        assert self._connection is not None
        with self._guard, self.errors():
            cursor = self._connection.cursor()
            cursor.execute("BEGIN IMMEDIATE")
            try:
                yield Transaction(self, cursor)
                cursor.execute("COMMIT")
            except BaseException:
                if self._connection.in_transaction:
                    self._connection.execute("ROLLBACK")
                raise

    def read(self, sql: str, params: Params = ()) -> list[tuple]:
        assert self._connection is not None
        with self._guard, self.errors():
            return self._connection.execute(sql, tuple(params)).fetchall()

    def close(self) -> None:
        if self._connection is not None:
            self._connection.close()
            self._connection = None


class PostgresBackend(Backend):
    """PostgreSQL through psycopg 3, for a record shared by several laptops or a server.

    Writers to one room wait for each other on a transaction-level advisory lock (the same
    guarantee SQLite's single writer gives), ``lock_timeout`` plays the part of SQLite's busy
    timeout, and a read-only record is a session with ``default_transaction_read_only``.
    """

    SCHEMA = (
        "CREATE TABLE IF NOT EXISTS events ("
        " seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY, stream TEXT NOT NULL,"
        " kind TEXT NOT NULL, ref BIGINT, actor BIGINT, key_hash TEXT, body TEXT NOT NULL,"
        " at DOUBLE PRECISION NOT NULL)",
        *COMMON_SCHEMA,
        "CREATE OR REPLACE FUNCTION events_append_only() RETURNS trigger LANGUAGE plpgsql AS "
        "$$ BEGIN RAISE EXCEPTION 'the workshop record is append-only'; END $$",
        "DROP TRIGGER IF EXISTS events_no_change ON events",
        "CREATE TRIGGER events_no_change BEFORE UPDATE OR DELETE ON events "
        "FOR EACH ROW EXECUTE FUNCTION events_append_only()",
    )
    #: Advisory lock number that serialises creating the schema (any constant will do).
    SCHEMA_LOCK = 7_015_015

    def __init__(self, url: str, *, timeout: float, read_only: bool) -> None:
        super().__init__()
        self.where = _without_password(url)
        self.timeout = timeout
        self.read_only = read_only
        try:
            import psycopg  # imported here: only a postgresql:// location needs it
        except ImportError:
            raise StoreError(
                f"The workshop record at {self.where} is a PostgreSQL database, which needs the "
                "psycopg package; install it with: pip install 'psycopg[binary]'."
            ) from None
        self._psycopg = psycopg
        self._connection: Any = None
        with self.errors():
            self._connection = psycopg.connect(url, autocommit=True,
                                               connect_timeout=max(1, int(timeout)))
            self._connection.execute(f"SET lock_timeout = {int(timeout * 1000)}")
            if read_only:
                self._connection.execute("SET default_transaction_read_only = on")
            if not self.read("SELECT to_regclass('events') IS NOT NULL")[0][0]:
                with self.transaction() as tx:
                    tx.execute(f"SELECT pg_advisory_xact_lock({self.SCHEMA_LOCK})")
                    for statement in self.SCHEMA:
                        tx.execute(statement)

    def sql(self, statement: str) -> str:
        return statement.replace("?", "%s")

    def insert(self, cursor: Any, sql: str, params: tuple) -> int:
        cursor.execute(self.sql(sql) + " RETURNING seq", params)
        return int(cursor.fetchone()[0])

    def lock(self, cursor: Any, stream: str) -> None:
        cursor.execute("SELECT pg_advisory_xact_lock(hashtextextended(%s, 0))", (stream,))

    def problem(self, exc: BaseException) -> StoreError | None:
        errors = self._psycopg.errors
        if isinstance(exc, errors.LockNotAvailable | errors.QueryCanceled):
            return self.message(BUSY)
        if isinstance(exc, errors.ReadOnlySqlTransaction):
            return self.message(READ_ONLY)
        if isinstance(exc, errors.DiskFull):
            return self.message(DISK_FULL)
        if isinstance(exc, self._psycopg.OperationalError):
            return self.message(UNREACHABLE)
        if isinstance(exc, self._psycopg.Error):
            detail = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            return self.message(OTHER, detail=detail)
        return None

    @contextlib.contextmanager
    def transaction(self) -> Iterator[Transaction]:
        with self._guard, self.errors(), self._connection.transaction(), \
                self._connection.cursor() as cursor:
            yield Transaction(self, cursor)

    def read(self, sql: str, params: Params = ()) -> list[tuple]:
        with self._guard, self.errors():
            return self._connection.execute(self.sql(sql), tuple(params)).fetchall()

    def close(self) -> None:
        if self._connection is not None:
            with contextlib.suppress(Exception):
                self._connection.close()
            self._connection = None


def _without_password(url: str) -> str:
    parts = urllib.parse.urlsplit(url)
    if parts.password is None:
        return url
    host = parts.hostname or ""
    if parts.port:
        host = f"{host}:{parts.port}"
    netloc = f"{parts.username}@{host}" if parts.username else host
    return urllib.parse.urlunsplit(parts._replace(netloc=netloc))


def open_backend(location: Location, *, timeout: float = 10.0, read_only: bool = False) -> Backend:
    """The backend for a resolved location."""
    if location.url is not None:
        return PostgresBackend(location.url, timeout=timeout, read_only=read_only)
    assert location.path is not None
    return SqliteBackend(location.path, timeout=timeout, read_only=read_only)
