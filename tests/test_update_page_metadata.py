"""The update page's questions about the whole file (AppTest): source and value type asked when the file has none,
the source pre-filled from a `Nguồn:` / `Source:` line, the unit of a population table in thousands."""

import pytest
from test_update_page import uploaded

# A real table's shape: a title line, a source line, no Source or Value type column.
LABOUR = (
    "Tỷ lệ lao động qua đào tạo có bằng cấp, chứng chỉ\n"
    "Nguồn: Tổng cục Thống kê, bảng E02.55\n"
    'Năm,Tỉnh,Tỷ lệ (%)\n2024,Hà Nội,"53,9"\n2024,Bắc Ninh,"35,88"\n'
)


def _codes(at) -> set[str]:
    return set(at.dataframe[0].value["Code"]) if len(at.dataframe) else set()


def test_source_and_value_type_asked_pre_filled_and_published(env):
    store = env
    at = uploaded("e0255.csv", LABOUR.encode())
    assert at.text_input(key="upd_meta_source").value == "Tổng cục Thống kê, bảng E02.55"
    assert "missing_column" in _codes(at)  # no value type chosen yet: the file is not valid
    assert len([b for b in at.button if b.key == "upd_publish"]) == 0
    at.selectbox(key="upd_meta_value_type").set_value("preliminary").run()
    assert not at.exception, [e.message for e in at.exception]
    assert "missing_column" not in _codes(at)
    at.text_area(key="upd_note").set_value("E02.55")
    at.button(key="upd_publish").click().run()
    assert not at.exception
    frame = store.read("certified_labour").query("year == 2024 and province_code == '01'")
    assert frame["share"].item() == 53.9
    assert frame["source"].item() == "Tổng cục Thống kê, bảng E02.55"
    assert frame["value_type"].item() == "preliminary"


def test_a_file_with_its_own_columns_is_not_asked(env):
    text = "year,province_code,share,source,value_type\n2026,VN,31.7,GSO,actual\n"
    at = uploaded("own.csv", text.encode())
    assert len([w for w in at.text_input if w.key == "upd_meta_source"]) == 0
    assert len([w for w in at.selectbox if w.key == "upd_meta_value_type"]) == 0


@pytest.mark.parametrize(("unit", "stored"), [("", None), ("thousand", 8_685_000)])
def test_a_population_table_in_thousands_asks_for_its_unit(env, unit, stored):
    store = env
    text = (
        "Năm,Tỉnh,Danh mục,Dân số,Nguồn,Loại số liệu\n2024,Hà Nội,63,8685,GSO,actual\n2024,Bắc Kạn,63,328,GSO,actual\n"
    )
    at = uploaded("pop.csv", text.encode(), dataset="population")
    if unit:
        at.selectbox(key="upd_meta_unit").set_value(unit).run()
        assert not at.exception
        assert "unit_converted" in _codes(at) and "unit_needed" not in _codes(at)
        at.button(key="upd_publish").click().run()
        assert (
            store.read("population")
            .query("year == 2024 and province_code == '01' and vintage == 63")["population"]
            .item()
            == stored
        )
    else:
        assert "unit_needed" in _codes(at)
        assert len([b for b in at.button if b.key == "upd_publish"]) == 0
