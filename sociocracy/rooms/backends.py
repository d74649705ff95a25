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
import secrets
import sqlite3
import threading
import urllib.parse
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from sociocracy.core.language import N_, _

from .errors import RecordDamaged, StoreError
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
    "CREATE INDEX IF NOT EXISTS events_by_owner ON events (owner, kind)",
)

#: Records made before rooms and sessions had owners (issue 22) get the ``owner`` column when
#: they are opened for writing; every record already in them is the default owner's (the
#: column's default, :data:`~sociocracy.core.settings.DEFAULT_OWNER`). Adding a column with a
#: default changes no row (no update trigger fires), so the record stays append-only.
ADD_OWNER = "ALTER TABLE events ADD COLUMN owner TEXT NOT NULL DEFAULT ''"

#: How to go on from a damaged record, said wherever it is found (the command, the apps, a phone).
#: The messages are English, marked: :meth:`Backend.message` shows them in the page's language.
NEW_RECORD = N_("To go on with a new, empty record beside it, start the course again with "
                "'sociocracy-course workshop --new-record' (or 'start --new-record'): the "
                "damaged file is kept, renamed; or restore a backup.")
DAMAGED = N_("The workshop record at {where} is damaged ({detail}); nothing was changed.")
NOT_A_DATABASE = N_("not a database")
BROKEN_PAGES = N_("its check found broken pages")
EMPTY_FILE = N_("the file is empty")
BUSY = N_("The workshop record at {where} is busy: another program kept it locked for more "
          "than {timeout} seconds; nothing was changed. Close the other program or wait, then "
          "try again.")
READ_ONLY = N_("The workshop record at {where} is read-only; nothing was changed. Choose a "
               "folder you can write to (for example with SOCIOCRACY_COURSE_DATA).")
CANNOT_OPEN = N_("The workshop record at {where} cannot be opened (its folder is missing or not "
                 "yours); nothing was changed. Choose a folder you can write to (for example "
                 "with SOCIOCRACY_COURSE_DATA).")
DISK_FULL = N_("The disk holding the workshop record at {where} is full; nothing was changed. "
               "Free some space, then try again.")
UNREACHABLE = N_("The workshop database at {where} cannot be reached; nothing was changed. "
                 "Check that PostgreSQL is running and that the address, name and password are "
                 "right.")
OTHER = N_("The workshop record at {where} could not be used ({detail}); nothing was changed.")
#: The details that are the course's own words (others are the database's, shown as they are).
_OWN_DETAILS = (NOT_A_DATABASE, BROKEN_PAGES, EMPTY_FILE)

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
    #: Whether the record has the ``owner`` column (a read-only record from before it has not:
    #: then every record in it is the default owner's).
    has_owner: bool = True

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

    def _has_owner_column(self) -> bool:
        raise NotImplementedError

    def _migrate(self) -> None:
        """Bring a record made by an earlier version up to this one (see :data:`ADD_OWNER`)."""
        if self._has_owner_column():
            return
        if self.read_only:
            self.has_owner = False
            return
        with self.transaction() as tx:
            self._lock_schema(tx)
            if not self._has_owner_column():
                tx.execute(ADD_OWNER)
                for statement in COMMON_SCHEMA:
                    tx.execute(statement)

    def _lock_schema(self, tx: Transaction) -> None:
        """Make other processes opening the record wait while this one changes its schema."""

    def message(self, template: str, **extra: Any) -> StoreError:
        """One of this module's messages, in the page's language, about this record."""
        detail = extra.pop("detail", "")
        text = _(template).format(where=self.where, timeout=f"{self.timeout:g}",
                                  detail=_(detail) if detail in _OWN_DETAILS else detail, **extra)
        if template is DAMAGED:
            return RecordDamaged(text + " " + _(NEW_RECORD))
        return StoreError(text)


class SqliteBackend(Backend):
    """The standard library's ``sqlite3``: WAL, a busy timeout, ``BEGIN IMMEDIATE`` per write.

    WAL lets the projector read while phones write; ``BEGIN IMMEDIATE`` takes the write lock at
    the start, so two writers never both read "not revealed yet" and then both write; and
    ``synchronous=FULL`` means a response is on disk before ``respond()`` returns, so a crash (of
    the kernel or of the laptop) loses nothing that was acknowledged.

    Damage is caught when the record is opened, before anything is written: SQLite reads only the
    pages a query needs, so bytes overwritten in the middle of the file went unnoticed while
    phones kept writing into it. ``PRAGMA quick_check`` reads every page once (about 4 ms for a
    record of 10,000 events, ``benchmarks/rooms_bench.py``); an existing file of 0 bytes is
    damaged too (SQLite would quietly make it a new, empty record). A new record is therefore
    built whole under a temporary name and then linked into place, so no process ever sees a
    half-made one.
    """

    SCHEMA = (
        "CREATE TABLE IF NOT EXISTS events ("
        " seq INTEGER PRIMARY KEY AUTOINCREMENT, stream TEXT NOT NULL, kind TEXT NOT NULL,"
        " ref INTEGER, actor INTEGER, key_hash TEXT, body TEXT NOT NULL, at REAL NOT NULL,"
        " owner TEXT NOT NULL DEFAULT '')",
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
            if not read_only and not self.path.exists():
                self._create()
            self._connection = self._connect()
            if not self._has_schema():
                with self.transaction() as tx:
                    for statement in self.SCHEMA:
                        tx.execute(statement)
            self._migrate()

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
        if self._is_empty():
            raise self.message(DAMAGED, detail=EMPTY_FILE)
        wal, shm = (self.path.with_name(self.path.name + end) for end in ("-wal", "-shm"))
        had_log = wal.exists() or shm.exists()
        connection = sqlite3.connect(target, uri=uri, timeout=self.timeout,
                                     isolation_level=None, check_same_thread=False)
        try:
            connection.execute(f"PRAGMA busy_timeout = {int(self.timeout * 1000)}")
            # Read every page before anything is written: garbage ("not a database") and broken
            # pages ("malformed") fail here, and the file is left untouched.
            if connection.execute("PRAGMA quick_check").fetchall() != [("ok",)]:
                raise self.message(DAMAGED, detail=BROKEN_PAGES)
            if not self.read_only:
                connection.execute("PRAGMA journal_mode = WAL")
            connection.execute("PRAGMA synchronous = FULL")
        except BaseException:
            connection.close()
            if self.read_only and not had_log and wal.exists() and not wal.stat().st_size:
                # A read-only connection cannot remove the empty log it made: leave no trace.
                for made in (wal, shm):
                    with contextlib.suppress(FileNotFoundError):
                        made.unlink()
            raise
        return connection

    def _is_empty(self) -> bool:
        """An existing file of 0 bytes (a crash of old code, a copy gone wrong, ``touch``).

        A main file of 0 bytes beside a write-ahead log that holds pages is a record whose
        pages are all in the log still: SQLite reads it from there, and the check looks at it.
        """
        try:
            if self.path.stat().st_size:
                return False
        except FileNotFoundError:
            return False
        wal = self.path.with_name(self.path.name + "-wal")
        return not (wal.is_file() and wal.stat().st_size)

    def _create(self) -> None:
        """Make a new record: built whole under a temporary name, then linked into place.

        Two processes that open a record that is not there yet (two apps opened at once) both
        build one; the first link wins and the other opens it. Where the file system has no hard
        links (a FAT USB stick), a rename into place is the fallback.
        """
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError:
            raise self.message(CANNOT_OPEN) from None
        temporary = self.path.with_name(f".{self.path.name}.{secrets.token_hex(6)}.new")
        try:
            connection = sqlite3.connect(temporary, isolation_level=None)
            try:
                connection.execute("PRAGMA journal_mode = WAL")
                connection.execute("BEGIN IMMEDIATE")
                for statement in self.SCHEMA:
                    connection.execute(statement)
                connection.execute("COMMIT")
            finally:
                connection.close()  # the last connection: its log is written back and removed
            try:
                os.link(temporary, self.path)
            except FileExistsError:
                pass  # another process made it first: use theirs
            except OSError:
                if not self.path.exists():
                    os.replace(temporary, self.path)
        finally:
            for leftover in (temporary, temporary.with_name(temporary.name + "-wal"),
                             temporary.with_name(temporary.name + "-shm")):
                with contextlib.suppress(FileNotFoundError):
                    leftover.unlink()

    def _has_schema(self) -> bool:
        rows = self.read("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'events'")
        return bool(rows)

    def _has_owner_column(self) -> bool:
        return any(row[1] == "owner" for row in self.read("PRAGMA table_info(events)"))

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
        if "not a database" in text:
            return self.message(DAMAGED, detail=NOT_A_DATABASE)
        if "malformed" in text or "corrupt" in text:
            return self.message(DAMAGED, detail=BROKEN_PAGES)
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
        " at DOUBLE PRECISION NOT NULL, owner TEXT NOT NULL DEFAULT '')",
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
                _("The workshop record at {where} is a PostgreSQL database, which needs the "
                  "psycopg package; install it with: pip install 'psycopg[binary]'.").format(
                      where=self.where)
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
                    self._lock_schema(tx)
                    for statement in self.SCHEMA:
                        tx.execute(statement)
            self._migrate()

    def _lock_schema(self, tx: Transaction) -> None:
        tx.execute(f"SELECT pg_advisory_xact_lock({self.SCHEMA_LOCK})")

    def _has_owner_column(self) -> bool:
        return bool(self.read("SELECT 1 FROM information_schema.columns WHERE table_name = "
                              "'events' AND column_name = 'owner' AND table_schema = "
                              "current_schema()"))

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
