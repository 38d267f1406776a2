"""The update page's mapping step (AppTest, issue 10 class 11): a column with an unknown header is mapped to its
field and the file validates; the next file of the same layout, in a new session, comes with the mapping
pre-selected from the store."""

from __future__ import annotations

import hashlib

from test_update_page import uploaded

HEADER = 'Năm,"Tỉnh, thành phố",LĐ có CMKT (%),Nguồn,Loại số liệu,Ghi chép nội bộ\n'
FIRST = (HEADER + '2024,Hà Nội,"53,9",GSO,actual,x\n2024,Bắc Ninh,"35,88",GSO,actual,y\n').encode()
# The same layout (its headers written in another case and spacing), other rows.
SECOND = (HEADER.upper().replace(" ", "  ") + '2025,Hà Nội,"55,1",GSO,preliminary,z\n').encode()


def _key(data: bytes, column: int) -> str:
    return f"upd_map_{hashlib.sha256(data).hexdigest()[:16]}_{column}"


def _codes(at) -> set[str]:
    return set(at.dataframe[0].value["Code"]) if len(at.dataframe) else set()


def _valid(at) -> bool:
    return any("rows" in s.value and "valid" in s.value for s in at.success) and not at.error


def test_an_unknown_header_is_mapped_and_the_next_file_of_its_layout_comes_pre_mapped(env):
    store = env
    at = uploaded("labour.csv", FIRST)
    assert at.selectbox(key=_key(FIRST, 2)).value == ""  # the reader did not recognise "LĐ có CMKT (%)"
    assert at.selectbox(key=_key(FIRST, 0)).value == "year"  # what it matched is pre-selected
    assert "missing_column" in _codes(at) and not _valid(at)
    at.selectbox(key=_key(FIRST, 2)).set_value("share").run()
    assert not at.exception, [e.message for e in at.exception]
    assert "missing_column" not in _codes(at)
    assert _valid(at), [e.value for e in at.error]
    header = ("Năm", "Tỉnh, thành phố", "LĐ có CMKT (%)", "Nguồn", "Loại số liệu", "Ghi chép nội bộ")
    assert store.column_map("certified_labour", header) == (
        "year",
        "province_code",
        "share",
        "source",
        "value_type",
        "",
    )

    nxt = uploaded("labour-2025.csv", SECOND)  # a new session: only the store remembers
    assert nxt.selectbox(key=_key(SECOND, 2)).value == "share"
    assert any("remembered" in i.value for i in nxt.info)
    assert _valid(nxt), [e.value for e in nxt.error]
    nxt.button(key="upd_publish").click().run()
    assert not nxt.exception
    # On the 34 (no merged-away province in the file), beside the office's 2025 row on the 63, which stays.
    rows = store.read("certified_labour").query("year == 2025 and province_code == '01'")
    row = rows[rows["vintage"] == 34]
    assert row["share"].item() == 55.1 and row["value_type"].item() == "preliminary"
    assert rows.loc[rows["vintage"] == 63, "share"].item() == 54.89


def test_a_column_mapped_to_nothing_is_left_out_and_remembered(env):
    store = env
    text = 'Năm,Tỉnh,Tỷ lệ (%),Nguồn,Loại số liệu,Ghi chú\n2024,Hà Nội,"53,9",GSO,actual,nội bộ\n'
    data = text.encode()
    at = uploaded("note.csv", data)
    assert at.selectbox(key=_key(data, 5)).value == "note"
    at.selectbox(key=_key(data, 5)).set_value("").run()
    assert not at.exception and _valid(at)
    assert store.column_map("certified_labour", text.splitlines()[0].split(","))[5] == ""
    at.button(key="upd_publish").click().run()
    assert not at.exception
    row = store.read("certified_labour").query("year == 2024 and province_code == '01'")
    assert row["share"].item() == 53.9
    assert "note" not in row or row["note"].isna().all() or (row["note"] == "").all()


def test_a_hostile_header_is_shown_only_as_text(env):
    hostile = "<img src=x onerror=alert(1)> **[link](javascript:alert(1))**"
    data = f'Năm,Tỉnh,"{hostile}",Nguồn,Loại số liệu\n2024,Hà Nội,"53,9",GSO,actual\n'.encode()
    at = uploaded("hostile.csv", data)
    assert not at.exception
    assert any(hostile in t.value for t in at.text)  # the header, verbatim, as plain text
    assert not any("onerror" in str(m.value) or "javascript:" in str(m.value) for m in at.markdown)
