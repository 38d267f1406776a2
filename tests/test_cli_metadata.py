"""File-level metadata on the command line (issue 10, classes 5, 11, 12, 14): --source, --value-type, --unit and
--map for a file that says none of it, run as an analyst runs them against a fresh database."""

import csv
import io

import pytest

from tests.test_cli import run

pytestmark = pytest.mark.slow  # the command line, started in a process: not in make test-fast

PASSWORD = "correct horse battery"

# A real table's shape: no Source or Value type column, a header that is not the schema's, a column of notes.
LABOUR = 'Năm,Tỉnh,Tỷ lệ lao động đã qua đào tạo,Ghi chú\n2024,Hà Nội,"53,9",x\n2024,Bắc Ninh,"35,88",y\n'
LABOUR_MAP = ("--map", "Tỷ lệ lao động đã qua đào tạo=share", "--map", "Ghi chú=")
# A population table in thousands of persons with whole numbers and no unit stated: the silent-wrong case.
POPULATION = "Năm,Tỉnh,Danh mục,Dân số\n2024,Hà Nội,63,8685\n2024,Bắc Kạn,63,328\n2024,Hà Giang,63,912\n"


@pytest.fixture
def db(tmp_path):
    url = f"sqlite:///{tmp_path / 'kpis.sqlite'}"
    added = run_stdin(url, PASSWORD + "\n", "user", "add", "lan")
    assert added.returncode == 0, added.stderr
    return url


def run_stdin(url, text, *args):
    import os
    import subprocess
    import sys

    from tests.test_cli import ROOT

    return subprocess.run(
        [sys.executable, "-m", "kpis", *args],
        cwd=ROOT,
        env={**os.environ, "KPIS_DB_URL": url},
        input=text,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def _file(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def _export(db, dataset, tmp_path):
    out = tmp_path / f"{dataset}.csv"
    done = run(db, "export", dataset, "--out", str(out))
    assert done.returncode == 0, done.stderr
    return list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8-sig"))))


def test_without_source_and_value_type_the_file_is_refused_naming_both(db, tmp_path):
    done = run(db, "validate", _file(tmp_path, "l.csv", LABOUR), "--dataset", "certified_labour", *LABOUR_MAP)
    assert done.returncode == 1
    assert "Source (source)" in done.stderr and "Value type (value_type)" in done.stderr  # English throughout
    in_vi = run(db, "validate", _file(tmp_path, "l.csv", LABOUR), "--dataset", "certified_labour", "--lang", "vi",
                *LABOUR_MAP)  # fmt: skip
    assert "Nguồn (source)" in in_vi.stderr and "Loại số liệu (value_type)" in in_vi.stderr


def test_source_and_value_type_for_the_whole_file(db, tmp_path):
    path = _file(tmp_path, "l.csv", LABOUR)
    flags = ("--source", "GSO table E02.55", "--value-type", "preliminary", *LABOUR_MAP)
    done = run(db, "import", path, "--dataset", "certified_labour", "--user", "lan", *flags)
    assert done.returncode == 0, done.stderr
    rows = {(r["year"], r["province_code"]): r for r in _export(db, "certified_labour", tmp_path)}
    assert rows[("2024", "01")]["share"] == "53.9" and rows[("2024", "27")]["share"] == "35.88"
    assert rows[("2024", "01")]["source"] == "GSO table E02.55"
    assert rows[("2024", "01")]["value_type"] == "preliminary"
    assert rows[("2024", "01")]["note"] == ""  # "Ghi chú=": the column feeds nothing


def test_a_column_in_the_file_wins_over_the_defaults(db, tmp_path):
    text = 'Năm,Tỉnh,Tỷ lệ (%),Nguồn,Loại số liệu\n2024,Hà Nội,"53,9",file source,Ước tính\n2024,Bắc Ninh,"35,88",,\n'
    flags = ("--source", "default source", "--value-type", "actual")
    done = run(db, "import", _file(tmp_path, "l.csv", text), "--dataset", "certified_labour", "--user", "lan", *flags)
    assert done.returncode == 0, done.stderr
    rows = {(r["year"], r["province_code"]): r for r in _export(db, "certified_labour", tmp_path)}
    assert (rows[("2024", "01")]["source"], rows[("2024", "01")]["value_type"]) == ("file source", "estimate")
    # a row whose cell is empty takes the default
    assert (rows[("2024", "27")]["source"], rows[("2024", "27")]["value_type"]) == ("default source", "actual")


def test_an_unmapped_header_is_ignored_and_the_field_is_missing(db, tmp_path):
    flags = ("--source", "s", "--value-type", "actual")
    done = run(db, "validate", _file(tmp_path, "l.csv", LABOUR), "--dataset", "certified_labour", *flags)
    assert done.returncode == 1 and "Tỷ lệ lao động đã qua đào tạo" in done.stdout + done.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--value-type", "sometimes"), "invalid choice"),
        (("--unit", "dozen"), "invalid choice"),
        (("--map", "Tỷ lệ=no_such_field"), "no field 'no_such_field'"),
        (("--map", "=share"), "expected HEADER=field"),
    ],
)
def test_bad_defaults_are_refused_with_a_clear_message(db, tmp_path, args, message):
    done = run(db, "validate", _file(tmp_path, "l.csv", LABOUR), "--dataset", "certified_labour", *args)
    assert done.returncode != 0 and message in done.stderr
    assert "Traceback" not in done.stderr


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_thousands_of_whole_numbers_without_a_unit_are_refused_asking_for_it(db, tmp_path, lang):
    path = _file(tmp_path, "p.csv", POPULATION)
    done = run(
        db,
        "import",
        path,
        "--dataset",
        "population",
        "--user",
        "lan",
        "--source",
        "GSO",
        "--value-type",
        "actual",
        "--lang",
        lang,
    )
    assert done.returncode == 1
    asks = {"vi": "Hãy cho biết đơn vị", "en": "State the unit"}[lang]
    assert asks in done.stderr and "--unit thousand" in done.stderr and "2, 3, 4" in done.stderr
    assert done.stderr.count("\n") == 1  # one problem for the column, not one per cell
    before = {(r["year"], r["province_code"]): r["population"] for r in _export(db, "population", tmp_path)}
    assert before.get(("2024", "06")) != "328"  # nothing was stored


def test_thousands_are_converted_to_persons_and_the_preview_says_so(db, tmp_path):
    path = _file(tmp_path, "p.csv", POPULATION.replace(",328\n", ',"328,5"\n'))
    flags = ("--source", "GSO", "--value-type", "actual", "--unit", "thousand")
    checked = run(db, "validate", path, "--dataset", "population", *flags)
    assert checked.returncode == 0, checked.stderr
    assert "multiplied by 1,000 into the dataset's unit (persons)" in checked.stdout
    done = run(db, "import", path, "--dataset", "population", "--user", "lan", *flags)
    assert done.returncode == 0, done.stderr
    rows = {(r["year"], r["province_code"]): r for r in _export(db, "population", tmp_path)}
    assert rows[("2024", "01")]["population"] == "8685000"
    assert rows[("2024", "06")]["population"] == "328500"


def test_a_stated_unit_of_persons_is_taken_at_its_word(db, tmp_path):
    path = _file(tmp_path, "p.csv", POPULATION)
    done = run(
        db, "validate", path, "--dataset", "population", "--source", "s", "--value-type", "actual", "--unit", "unit"
    )
    assert done.returncode == 0, done.stderr


def test_population_is_uploadable_and_validated_like_the_others(db, tmp_path):
    bad = "Năm,Tỉnh,Danh mục,Dân số\n2024,Hà Nội,63,-5\n2024,Nowhere,63,1000000\n"
    done = run(
        db,
        "validate",
        _file(tmp_path, "p.csv", bad),
        "--dataset",
        "population",
        "--source",
        "s",
        "--value-type",
        "actual",
    )
    assert done.returncode == 1
    assert "negative" in done.stderr and "Nowhere" in done.stderr
