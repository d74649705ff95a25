"""Where the record lives: the data folder, never inside the served course folder."""

from __future__ import annotations

import platformdirs
import pytest

from sociocracy.rooms import DB_FILE_NAME, RoomStore, StoreError, data_folder
from tests.conftest import ROOT


def test_sociocracy_course_data_is_honoured(tmp_path, monkeypatch):
    monkeypatch.delenv("SOCIOCRACY_COURSE_STORE", raising=False)
    monkeypatch.setenv("SOCIOCRACY_COURSE_DATA", str(tmp_path / "data"))
    assert data_folder() == tmp_path / "data"
    with RoomStore() as store:
        store.create_room("Room")
    assert (tmp_path / "data" / DB_FILE_NAME).is_file()


def test_without_it_the_platform_user_data_folder_is_used(monkeypatch):
    monkeypatch.delenv("SOCIOCRACY_COURSE_DATA", raising=False)
    assert data_folder() == platformdirs.user_data_path("sociocracy-course", appauthor=False)


def test_sociocracy_course_store_chooses_the_record(tmp_path, monkeypatch):
    monkeypatch.setenv("SOCIOCRACY_COURSE_STORE", str(tmp_path / "elsewhere.sqlite3"))
    with RoomStore() as store:
        store.create_room("Room")
    assert (tmp_path / "elsewhere.sqlite3").is_file()


def test_a_folder_location_holds_rooms_sqlite3(tmp_path):
    with RoomStore(tmp_path) as store:
        store.create_room("Room")
    assert (tmp_path / DB_FILE_NAME).is_file()


@pytest.mark.parametrize("inside", ["rooms.sqlite3", "apps/records", "lessons/x.db", "."])
def test_a_location_inside_the_course_folder_is_refused(inside):
    target = ROOT / inside
    existed = target.exists()
    with pytest.raises(StoreError, match=r"inside the course folder .* served to visitors"):
        RoomStore(target)
    assert target.exists() == existed and not (ROOT / DB_FILE_NAME).exists()


def test_a_data_folder_inside_the_course_folder_is_refused(monkeypatch):
    monkeypatch.delenv("SOCIOCRACY_COURSE_STORE", raising=False)
    monkeypatch.setenv("SOCIOCRACY_COURSE_DATA", str(ROOT / "data"))
    with pytest.raises(StoreError, match="SOCIOCRACY_COURSE_DATA"):
        RoomStore()
    assert not (ROOT / "data").exists()


def test_a_visitors_kernel_opens_no_record_anywhere(tmp_path, monkeypatch):
    from sociocracy.rooms.location import FACILITATOR_ONLY, NO_RECORD_ENV, RecordNotHere

    RoomStore(tmp_path).close()  # a record that exists and opens
    monkeypatch.setenv(NO_RECORD_ENV, "1")
    monkeypatch.setenv("SOCIOCRACY_COURSE_DATA", str(tmp_path))
    for location in (None, tmp_path, tmp_path / DB_FILE_NAME):
        with pytest.raises(RecordNotHere) as refused:
            RoomStore(location)
        assert refused.value.plain == FACILITATOR_ONLY
        assert isinstance(refused.value, StoreError)  # apps show it as one sentence
