"""Resource abuse: oversized files, long lines, millions of columns, XML bombs, zip tricks.

Each attack runs in a fresh interpreter that calls `kpis.upload.check_file` and reports its time and its
peak resident memory, so one case's memory never hides in another's. A case passes when the file is
refused with a clear problem (a code, and a message in both languages that names the file) within the
bounds below; the figures are recorded, not asserted as speed goals.
"""

from __future__ import annotations

import io
import json
import os
import random
import struct
import subprocess
import sys
import zipfile
import zlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow  # processes and servers: not in make test-fast

ROOT = Path(__file__).resolve().parents[1]
MAX_PEAK_MB = 1536.0  # the child's peak resident memory, interpreter and libraries included
# A hung child (a parser stuck on the input) fails the test instead of stalling the run. Not a speed check: the
# seconds each refusal takes are recorded (benchmarks/reliability.py), never asserted.
CHILD_TIMEOUT = 120.0
ADDRESS_SPACE = 8 << 30  # a runaway allocation fails in the child, not in the machine's OOM killer
DATASET = "certified_labour"
HEADER = ["year", "province_code", "share", "source", "value_type"]
ROW = ["2026", "VN", "31.7", "GSO", "actual"]
MB = 1024 * 1024

# The child: read the file, time check_file, print one JSON line with the outcome and the figures. Memory is
# VmHWM, the peak of this process's own address space: ru_maxrss would carry the forking worker's peak over exec.
CHILD = """
import json, resource, sys, time
resource.setrlimit(resource.RLIMIT_AS, (int(sys.argv[4]), int(sys.argv[4])))

def peak_mb():
    with open("/proc/self/status") as status:
        return next(int(line.split()[1]) for line in status if line.startswith("VmHWM:")) / 1024

from pathlib import Path
from kpis import upload
from kpis.provinces import ProvinceIndex
from kpis.registry import load_registry
from kpis.schema import load_package, read_shipped
from kpis.validate import Context

path, name, dataset = sys.argv[1:4]
schemas = load_package()
ctx = Context(provinces=ProvinceIndex(read_shipped(schemas["provinces"])),
              indicator_ids=frozenset(load_registry().ids), current_year=2026)
data = Path(path).read_bytes()
baseline = peak_mb()
start = time.perf_counter()
result = upload.check_file(data, name, dataset, ctx)
seconds = time.perf_counter() - start
print(json.dumps({
    "ok": result.ok, "rows": None if result.frame is None else len(result.frame),
    "errors": [{"code": p.code, "row": p.row, "value": p.value, "vi": p.message_vi, "en": p.message_en}
               for p in result.errors],
    "seconds": seconds, "baseline_mb": baseline,
    "peak_mb": peak_mb(),
}))
"""


def check_in_child(path: Path, name: str, env: dict[str, str] | None = None) -> dict:
    """check_file on the file at `path` (uploaded as `name`) in a fresh interpreter: its outcome and figures."""
    proc = subprocess.run(
        [sys.executable, "-c", CHILD, str(path), name, DATASET, str(ADDRESS_SPACE)],
        check=False,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT), **(env or {})},
        capture_output=True,
        text=True,
        timeout=CHILD_TIMEOUT,
    )
    assert proc.returncode == 0, f"the check crashed (exit {proc.returncode}):\n{proc.stderr[-3000:]}"
    return json.loads(proc.stdout.strip().splitlines()[-1])


# ------------------------------------------------------------------------------------------- XLSX by hand

_XLSX_PARTS = {
    "[Content_Types].xml": (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/worksheets/sheet1.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        '<Override PartName="/xl/sharedStrings.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>'
    ),
    "_rels/.rels": (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
        'officeDocument" Target="xl/workbook.xml"/></Relationships>'
    ),
    "xl/workbook.xml": (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
        '<sheets><sheet name="Dữ liệu" sheetId="1" r:id="rId1"/></sheets></workbook>'
    ),
    "xl/_rels/workbook.xml.rels": (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
        'worksheet" Target="worksheets/sheet1.xml"/>'
        '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
        'sharedStrings" Target="sharedStrings.xml"/></Relationships>'
    ),
}
SHEET_OPEN = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
)
NO_STRINGS = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="0" uniqueCount="0"/>'
)


def cell(ref: str, value: str) -> bytes:
    """A cell as Excel writes it: a number as <v>, text as an inline string."""
    if value.replace(".", "", 1).isdigit():
        return f'<c r="{ref}"><v>{value}</v></c>'.encode()
    return f'<c r="{ref}" t="inlineStr"><is><t>{value}</t></is></c>'.encode()


def row(r: int, values: list[str]) -> bytes:
    return f'<row r="{r}">'.encode() + b"".join(cell(f"{chr(65 + j)}{r}", v) for j, v in enumerate(values)) + b"</row>"


TABLE = row(1, HEADER) + row(2, ROW)


def write_xlsx(
    path: Path,
    sheet: Iterable[bytes],
    *,
    dimension: str | None = None,
    shared: bytes = NO_STRINGS,
    extra_members: int = 0,
    level: int = 6,
) -> Path:
    """A minimal workbook (one sheet, shared strings) whose sheetData is `sheet`, written streaming."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as zf:
        for name, text in _XLSX_PARTS.items():
            zf.writestr(name, text)
        zf.writestr("xl/sharedStrings.xml", shared)
        with zf.open("xl/worksheets/sheet1.xml", "w") as out:
            out.write(SHEET_OPEN + (f'<dimension ref="{dimension}"/>'.encode() if dimension else b"") + b"<sheetData>")
            for chunk in sheet:
                out.write(chunk)
            out.write(b"</sheetData></worksheet>")
        for i in range(extra_members):
            zf.writestr(f"xl/media/m{i}.bin", b"", compress_type=zipfile.ZIP_STORED)
    return path


def understate_size(path: Path, member: str, declared: int) -> None:
    """Make the zip's local header and central directory claim `member` inflates to `declared` bytes, with
    the CRC of its first `declared` bytes: what the directory check reads is a lie."""
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as zf:
        info = zf.getinfo(member)
        with zf.open(info) as f:
            crc = zlib.crc32(f.read(declared))
        entry = zf.start_dir
    assert data[info.header_offset : info.header_offset + 4] == b"PK\x03\x04"
    struct.pack_into("<I", data, info.header_offset + 14, crc)  # local header: CRC, then sizes
    struct.pack_into("<I", data, info.header_offset + 22, declared)
    while data[entry + 46 : entry + 46 + len(member)] != member.encode():  # central directory entries
        assert data[entry : entry + 4] == b"PK\x01\x02"
        entry += 46 + sum(struct.unpack_from("<HHH", data, entry + 28))
    struct.pack_into("<I", data, entry + 16, crc)
    struct.pack_into("<I", data, entry + 24, declared)
    path.write_bytes(bytes(data))


def laughs(levels: int = 10, fan: int = 10) -> bytes:
    """A billion-laughs DTD: entity l9 expands to fan**levels copies of 'lol'."""
    defs = ['<!ENTITY l0 "lol">'] + [f'<!ENTITY l{i} "{f"&l{i - 1};" * fan}">' for i in range(1, levels)]
    return f"<!DOCTYPE lolz [{''.join(defs)}]>".encode()


# ---------------------------------------------------------------------------------------------- attacks


@dataclass(frozen=True)
class Attack:
    """One abusive upload: how to build it, what it is uploaded as, and the refusals that are acceptable."""

    id: str
    name: str
    build: Callable[[Path], Path]
    codes: frozenset[str]
    env: dict[str, str] = field(default_factory=dict)
    row: int | None = None


def _oversized_csv(d: Path) -> Path:
    line = ",".join(ROW).encode() + b"\n"
    path = d / "oversized.csv"
    path.write_bytes(",".join(HEADER).encode() + b"\n" + line * (51 * MB // len(line)))
    return path


def _oversized_xlsx(d: Path) -> Path:
    path = d / "oversized.xlsx"
    path.write_bytes(b"PK\x03\x04" + bytes(51 * MB))
    return path


def _long_line(d: Path) -> Path:
    path = d / "long_line.csv"
    path.write_bytes(",".join(HEADER).encode() + b"\n2026,VN,31.7,GSO," + b"x" * (100 * MB) + b"\n")
    return path


def _csv_columns(d: Path) -> Path:
    path = d / "columns.csv"
    path.write_bytes(",".join(HEADER).encode() + b"," * 2_000_000 + b"\n" + ",".join(ROW).encode() + b"\n")
    return path


def _xlsx_far_cell(d: Path) -> Path:
    # The last cell Excel allows: a dense reader would make 1,048,576 × 16,384 cells of two.
    return write_xlsx(d / "far_cell.xlsx", [TABLE, b'<row r="1048576">', cell("XFD1048576", "1"), b"</row>"])


def _xlsx_row_of_cells(d: Path) -> Path:
    # Two million cells in one row, without references; random digits so the zip check does not refuse it.
    rng = random.Random(5)
    digits = rng.randbytes(2_000_000).translate(bytes(48 + b % 10 for b in range(256)))
    cells = b"".join(b"<c><v>" + digits[i : i + 4] + b"</v></c>" for i in range(len(digits)))
    return write_xlsx(d / "row_of_cells.xlsx", [row(1, HEADER), b'<row r="2">', cells, b"</row>"], level=1)


def _xlsx_dimension_beyond_excel(d: Path) -> Path:
    return write_xlsx(d / "dimension.xlsx", [TABLE], dimension="A1:XFD99999999")


def _xlsx_nested(d: Path) -> Path:
    # 1,000,000 nested elements with random names (so they do not compress into a zip-check refusal).
    letters = random.Random(7).randbytes(6_000_000).translate(bytes(97 + b % 26 for b in range(256)))
    names = [letters[i : i + 6] for i in range(0, len(letters), 6)]
    opening = b"".join(b"<" + n + b">" for n in names)
    closing = b"".join(b"</" + n + b">" for n in reversed(names))
    return write_xlsx(d / "nested.xlsx", [row(1, HEADER), opening, closing, row(2, ROW)], level=1)


def _laughs_in_shared_strings(d: Path) -> Path:
    shared = (
        b'<?xml version="1.0" encoding="UTF-8"?>\n'
        + laughs()
        + b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" uniqueCount="1">'
        + b"<si><t>&l9;</t></si></sst>"
    )
    return write_xlsx(
        d / "laughs_sst.xlsx", [row(1, HEADER), b'<row r="2"><c r="A2" t="s"><v>0</v></c></row>'], shared=shared
    )


def _laughs_in_sheet(d: Path) -> Path:
    path = d / "laughs_sheet.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, text in _XLSX_PARTS.items():
            zf.writestr(name, text)
        zf.writestr("xl/sharedStrings.xml", NO_STRINGS)
        zf.writestr(
            "xl/worksheets/sheet1.xml",
            b'<?xml version="1.0" encoding="UTF-8"?>\n'
            + laughs()
            + SHEET_OPEN[SHEET_OPEN.index(b"<worksheet") :]
            + b"<sheetData>"
            + row(1, HEADER)
            + b'<row r="2"><c r="A2" t="inlineStr"><is><t>&l9;</t></is></c></row></sheetData></worksheet>',
        )
    return path


def _many_members(d: Path) -> Path:
    # A valid table, plus 50,000 empty members: only a limit on the zip's member count refuses it.
    return write_xlsx(d / "members.xlsx", [TABLE], extra_members=50_000)


ATTACKS = [
    Attack("oversized_csv", "oversized.csv", _oversized_csv, frozenset({"too_large"})),
    Attack("oversized_xlsx", "oversized.xlsx", _oversized_xlsx, frozenset({"too_large"})),
    Attack(
        "line_100mb",
        "long_line.csv",
        _long_line,
        frozenset({"cell_too_long"}),
        env={"KPIS_MAX_UPLOAD_MB": "256"},
        row=2,
    ),
    Attack("csv_2m_columns", "columns.csv", _csv_columns, frozenset({"too_many_columns", "cell_too_long"}), row=1),
    Attack("xlsx_far_cell", "far_cell.xlsx", _xlsx_far_cell, frozenset({"too_many_columns", "xlsx_bomb"})),
    Attack(
        "xlsx_2m_cells_in_a_row", "row_of_cells.xlsx", _xlsx_row_of_cells, frozenset({"too_many_columns", "xlsx_bomb"})
    ),
    Attack("xlsx_dimension_beyond_excel", "dimension.xlsx", _xlsx_dimension_beyond_excel, frozenset({"xlsx_bomb"})),
    Attack("xlsx_nested_1m", "nested.xlsx", _xlsx_nested, frozenset({"xlsx_invalid", "xlsx_bomb"})),
    Attack(
        "billion_laughs_shared_strings",
        "laughs_sst.xlsx",
        _laughs_in_shared_strings,
        frozenset({"xlsx_invalid", "xlsx_bomb"}),
    ),
    Attack("billion_laughs_sheet", "laughs_sheet.xlsx", _laughs_in_sheet, frozenset({"xlsx_invalid", "xlsx_bomb"})),
    Attack("zip_50k_members", "members.xlsx", _many_members, frozenset({"xlsx_invalid", "xlsx_bomb"})),
]


@pytest.fixture(scope="module")
def bomb(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A 500 MB sheet XML that deflates to about 3 MB: over KPIS_MAX_XLSX_MB (400) and over the ratio limit."""
    chunk = b'<row r="2"><c r="A2"><v>0</v></c></row>' * 25_000
    count = 500 * MB // len(chunk)
    path = tmp_path_factory.mktemp("abuse") / "bomb.xlsx"
    return write_xlsx(path, [TABLE, *(chunk for _ in range(count))], level=1)


def assert_refused(attack_id: str, name: str, outcome: dict, codes: frozenset[str], row: int | None = None) -> None:
    """Refused: not valid, at least one error with an accepted code whose messages (vi and en) name the file."""
    assert not outcome["ok"], f"{attack_id}: the file was accepted ({outcome['rows']} rows)"
    found = [e for e in outcome["errors"] if e["code"] in codes]
    assert found, f"{attack_id}: refused with {[e['code'] for e in outcome['errors']]}, expected one of {sorted(codes)}"
    error = found[0]
    assert name in error["vi"] and name in error["en"], error
    if row is not None:
        assert error["row"] == row, error
    assert outcome["peak_mb"] < MAX_PEAK_MB, f"{attack_id}: {outcome['peak_mb']:.0f} MB peak"


@pytest.mark.parametrize("attack", ATTACKS, ids=[a.id for a in ATTACKS])
def test_abusive_upload_is_refused_within_bounds(attack: Attack, tmp_path: Path, reliability) -> None:
    path = attack.build(tmp_path)
    outcome = check_in_child(path, attack.name, attack.env)
    reliability.record(
        "attack_resource",
        1,
        attack.id,
        max_seconds=outcome["seconds"],
        peak_mb=outcome["peak_mb"],
        baseline_mb=round(outcome["baseline_mb"], 1),
        input_mb=round(path.stat().st_size / MB, 2),
        refused_with=[e["code"] for e in outcome["errors"]],
    )
    path.unlink()
    assert_refused(attack.id, attack.name, outcome, attack.codes, attack.row)


def test_decompression_bomb_is_refused_from_the_zip_directory(bomb: Path, reliability) -> None:
    outcome = check_in_child(bomb, "bomb.xlsx")
    reliability.record(
        "attack_resource",
        1,
        "xlsx_bomb_500mb",
        max_seconds=outcome["seconds"],
        peak_mb=outcome["peak_mb"],
        baseline_mb=round(outcome["baseline_mb"], 1),
        input_mb=round(bomb.stat().st_size / MB, 2),
        refused_with=[e["code"] for e in outcome["errors"]],
    )
    assert_refused("xlsx_bomb_500mb", "bomb.xlsx", outcome, frozenset({"xlsx_bomb"}))
    # Refused from the directory, before inflating: the refusal states the size the directory declares, and the
    # peak stays near the interpreter's own.
    assert int(outcome["errors"][0]["value"]) > 400 * MB, outcome["errors"]
    assert outcome["peak_mb"] - outcome["baseline_mb"] < 100, outcome


def test_bomb_whose_zip_directory_understates_its_size(bomb: Path, tmp_path: Path, reliability) -> None:
    """The directory claims 1 MB; the member inflates to 500 MB: reading must stop at what was declared."""
    path = tmp_path / "liar.xlsx"
    path.write_bytes(bomb.read_bytes())
    understate_size(path, "xl/worksheets/sheet1.xml", MB)
    outcome = check_in_child(path, "liar.xlsx")
    reliability.record(
        "attack_resource",
        1,
        "xlsx_bomb_understated_directory",
        max_seconds=outcome["seconds"],
        peak_mb=outcome["peak_mb"],
        baseline_mb=round(outcome["baseline_mb"], 1),
        input_mb=round(path.stat().st_size / MB, 2),
        refused_with=[e["code"] for e in outcome["errors"]],
    )
    assert_refused("xlsx_bomb_understated_directory", "liar.xlsx", outcome, frozenset({"xlsx_invalid", "xlsx_bomb"}))
    assert outcome["peak_mb"] - outcome["baseline_mb"] < 400, outcome


def test_xlsx_excel_declared_dimension_is_not_allocated(tmp_path: Path, reliability) -> None:
    """Excel writes A1:XFD1048576 when whole rows or columns are formatted: the real cells are read, nothing more."""
    path = write_xlsx(tmp_path / "formatted.xlsx", [TABLE], dimension="A1:XFD1048576")
    outcome = check_in_child(path, "formatted.xlsx")
    reliability.record(
        "attack_resource",
        1,
        "xlsx_declared_dimension_A1:XFD1048576",
        max_seconds=outcome["seconds"],
        peak_mb=outcome["peak_mb"],
        baseline_mb=round(outcome["baseline_mb"], 1),
        input_mb=round(path.stat().st_size / MB, 3),
        read_rows=outcome["rows"],
    )
    assert outcome["ok"] and outcome["rows"] == 1, outcome["errors"]
    assert outcome["peak_mb"] < MAX_PEAK_MB, outcome
