"""From the grid below the header to the read result: layout rows left out, columns mapped, wide tables melted,
the number style decided."""

from __future__ import annotations

import numpy as np
import pandas as pd

from kpis.problems import WARNING, Limits, Localised, Problem
from kpis.provinces import NAME_COLUMN
from kpis.reading.columns import map_columns
from kpis.reading.dimensions import NATIONAL, PLACE_FIELD, stated_unit, two_way_notices
from kpis.reading.layout import notes_block, numbering_row
from kpis.reading.messages import both, column_label, preview, problem, quoted, ranges, titled, too_many_rows
from kpis.reading.not_available import blank_markers
from kpis.reading.number_style import number_style
from kpis.reading.result import Grid, ReadResult
from kpis.reading.units import unit_of
from kpis.reading.wide import melt, melt_cells
from kpis.reading.year_rows import year_cells
from kpis.schema import Field, TableSchema


def finish(
    grid: Grid,
    schema: TableSchema,
    name: str,
    limits: Limits,
    notices: list[Problem],
    *,
    encoding: str | None,
    delimiter: str | None,
    sheet: str | None,
) -> ReadResult:
    """From the rows below the header to the ReadResult: ignored blocks, mapping, wide melt, number style."""
    header = grid.header
    width = max(1, sum(1 for h in header if h.strip()))
    notices = list(notices)
    if grid.title_rows:
        rows = [r for r, _ in grid.title_rows]
        text = preview(grid.title_rows[0][1])
        notices.append(
            problem(
                "title_rows_ignored",
                name=name,
                count=len(rows),
                rows=ranges(rows),
                text=text,
                header_row=grid.header_row,
                severity=WARNING,
                row=rows[0],
                value=text,
            )
        )
    ignored = np.zeros(len(grid.rows), dtype=bool)
    notes = notes_block(grid, width)
    if len(notes):
        ignored[notes] = True
        rows = grid.rows[notes].tolist()
        text = preview(" ".join(c.strip() for c in (col[notes[0]] for col in grid.columns) if c.strip()))
        notices.append(
            problem(
                "notes_rows_ignored",
                name=name,
                count=len(rows),
                rows=ranges(rows),
                text=text,
                severity=WARNING,
                row=rows[0],
                value=text,
            )
        )
    content = np.flatnonzero(~grid.blank & ~ignored)
    if len(content) and numbering_row([col[content[0]] for col in grid.columns], width):
        ignored[content[0]] = True
        r = int(grid.rows[content[0]])
        notices.append(problem("numbering_row_ignored", name=name, severity=WARNING, row=r))
    keep = ~grid.blank & ~ignored
    notices.extend(grid.problems)
    mapping = map_columns(grid, schema, name, keep)
    notices.extend(mapping.problems)
    if len(mapping.group_rows):  # years as rows: the group rows above them are layout, not data
        keep[mapping.group_rows] = False
        rows = grid.rows[mapping.group_rows].tolist()
        text = preview(grid.columns[0][mapping.group_rows[0]].strip())
        notices.append(
            problem(
                "group_rows_ignored",
                name=name,
                count=len(rows),
                rows=ranges(rows),
                text=text,
                severity=WARNING,
                row=rows[0],
                value=text,
            )
        )
    if mapping.ignored:
        labels = [
            both(header[j].strip(), header[j].strip()) if header[j].strip() else column_label(grid.letters, j)
            for j in mapping.ignored
        ]
        notices.append(
            problem(
                "unknown_columns",
                name=name,
                count=len(labels),
                table=titled(schema),
                columns=Localised(vi=quoted([x.vi for x in labels]).vi, en=quoted([x.en for x in labels]).en),
                severity=WARNING,
                row=grid.header_row,
                column=", ".join(x.vi for x in labels),
            )
        )

    if mapping.cells:
        measure_columns = [c.column for c in mapping.cells]
    elif mapping.measure:
        measure_columns = [j for j, _ in mapping.year_cols]
    else:
        measure_columns = [j for f, j in mapping.fields.items() if _is_measure(schema, f)]
    if marked := blank_markers(grid, measure_columns, keep, name):
        notices.append(marked)
    rows = grid.rows[keep]
    data: dict[str, np.ndarray] = {}
    number_cells: dict[str, np.ndarray] = {}
    cell_columns: dict[str, list[str]] = {}
    columns: dict[str, str] = {}
    for fname, j in mapping.fields.items():
        data[fname] = grid.columns[j][keep]
        if grid.number_cells is not None:
            number_cells[fname] = grid.number_cells[j][keep]
        columns[fname] = header[j]
    style_cells: list[tuple[Field, np.ndarray, np.ndarray, np.ndarray | str]] = []
    if mapping.year_rows is not None:
        notices.extend(_years_as_rows(mapping, schema, data, columns, grid, name, len(rows)))
    if mapping.measure:
        rows = melt(grid, mapping, keep, data, number_cells, cell_columns, columns, "value_type" in schema.names)
        years = sorted({y for _, y in mapping.year_cols})
        notices.append(
            problem(
                "wide_table",
                name=name,
                first=years[0],
                last=years[-1],
                count=len(mapping.year_cols),
                columns=columns["year"],
                measure=titled(schema.field(mapping.measure)),
                severity=WARNING,
                row=grid.header_row,
                value=f"{years[0]}–{years[-1]}",
            )
        )
    unit = _title_unit(grid, schema, mapping.measure) if mapping.measure else ""
    if mapping.cells:
        rows, units = melt_cells(grid, mapping, keep, data, number_cells, cell_columns, columns, schema)
        notices.extend(two_way_notices(grid, mapping, schema, name, units))
        unit = stated_unit(schema, units)
    if len(rows) > limits.max_rows:
        raise too_many_rows(name, limits)
    for fname, values in data.items():
        if fname == NAME_COLUMN:
            continue
        f = schema.field(fname)
        if f.type in ("integer", "number") and fname != "year":
            text_cells = ~number_cells[fname] if fname in number_cells else np.ones(len(values), dtype=bool)
            hdrs = (
                np.asarray(cell_columns[fname], dtype=object)[text_cells] if fname in cell_columns else columns[fname]
            )
            style_cells.append((f, values[text_cells], rows[text_cells], hdrs))
    decimal, thousands, style_notices = number_style(style_cells, delimiter, name)
    notices.extend(style_notices)
    if decimal == ",":
        for fname, mask in number_cells.items():  # exact numbers, written in the file's own style
            if mask.any():
                values = data[fname].copy()
                values[mask] = [v.replace(".", ",") for v in values[mask]]
                data[fname] = values
    if not len(rows):
        notices.append(problem("no_data_rows", name=name, severity=WARNING, row=grid.header_row))
    order = [f.name for f in schema.fields if f.name in data] + [NAME_COLUMN] * (NAME_COLUMN in data)
    table = pd.DataFrame({f: pd.Series(data[f], dtype=object) for f in order}, columns=order, dtype=object)
    return ReadResult(
        table=table,
        rows=rows.tolist(),
        columns={f: columns[f] for f in order},
        cell_columns=cell_columns,
        decimal=decimal,
        thousands=thousands,
        encoding=encoding,
        delimiter=delimiter,
        sheet=sheet,
        notices=notices,
        header=tuple(header),
        header_fields=tuple(mapping.matched.get(j, "") for j in range(len(header))),
        year_columns=tuple(j for j, _ in mapping.year_cols) or tuple(c.column for c in mapping.cells),
        unit=unit,
    )


def _years_as_rows(mapping, schema: TableSchema, data: dict, columns: dict, grid: Grid, name: str, n: int) -> list:
    """Years as rows: the year cells as their year (a preliminary one marks its row's value type), and a table
    without a place column read as the whole country's (one notice)."""
    data["year"], preliminary = year_cells(data["year"])
    if preliminary.any() and "value_type" in schema.names:
        stated = data.get("value_type", np.full(n, "", dtype=object))
        empty = np.array([not str(v).strip() for v in stated], dtype=bool)
        data["value_type"] = np.where(preliminary & empty, "preliminary", stated).astype(object)
        columns.setdefault("value_type", columns["year"])
    if not mapping.national or PLACE_FIELD in data:
        return []
    data[PLACE_FIELD] = np.full(n, NATIONAL, dtype=object)
    columns[PLACE_FIELD] = NATIONAL
    field = titled(schema.field("year"))
    return [problem("national_table", name=name, field=field, severity=WARNING, row=grid.header_row)]


def _title_unit(grid: Grid, schema: TableSchema, measure: str) -> str:
    """The unit a one-measure wide table's title states for its counts of persons ("... (Nghin nguoi) chia theo
    ..."), else "" (a unit in the measure's header is the two-way reading's)."""
    if schema.field(measure).unit != "persons":
        return ""
    stated = {unit_of(text) for _, text in grid.title_rows} - {None}
    return stated.pop() if len(stated) == 1 and stated <= {"thousand", "unit"} else ""


def _is_measure(schema: TableSchema, name: str) -> bool:
    """A numeric field that is not part of the key (a value, not a year or a code; not the province names column)."""
    if name not in schema.names:
        return False
    f = schema.field(name)
    return f.type in ("integer", "number") and name not in schema.primary_key and name != "year"
