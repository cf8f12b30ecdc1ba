"""MSEL through a spreadsheet and back: round trip, files as spreadsheet programs leave them, located errors."""
from __future__ import annotations

import csv
import datetime as dt
import io
import shutil
from pathlib import Path

import openpyxl
import pytest

from cbrnsim.authoring.command import msel_export_command, msel_import_command
from cbrnsim.authoring.msel_io import MselIoError, export_msel, import_msel
from cbrnsim.authoring.msel_sheet import HEADINGS
from cbrnsim.scenario import load_scenario

SCENARIOS = Path(__file__).resolve().parent.parent / "scenarios"


def _copy(tmp_path: Path, name: str = "metro-sarin") -> Path:
    path = tmp_path / f"{name}.yaml"
    shutil.copy(SCENARIOS / f"{name}.yaml", path)
    return path


def _csv_rows(path: Path) -> list[list[str]]:
    return list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"))))


def _write_csv(path: Path, rows: list[list[str]], delimiter: str = ",", encoding: str = "utf-8") -> None:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter).writerows(rows)
    path.write_bytes(buffer.getvalue().encode(encoding))


@pytest.mark.parametrize("name", sorted(p.stem for p in SCENARIOS.glob("*.yaml")))
@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_round_trip_keeps_the_scenario(tmp_path: Path, name: str, suffix: str) -> None:
    path = _copy(tmp_path, name)
    before_text, before = path.read_text(encoding="utf-8"), load_scenario(path)
    sheet = tmp_path / f"msel{suffix}"
    assert export_msel(path, sheet) == len(before.msel) > 0
    result = import_msel(path, sheet)
    assert result.injects == len(before.msel) and not result.changed
    before_hash = before.content_hash()
    assert load_scenario(path).content_hash() == before_hash
    assert path.read_text(encoding="utf-8") == before_text


def test_export_has_the_hseep_headings_and_the_marking(tmp_path: Path) -> None:
    path = _copy(tmp_path)
    sheet = tmp_path / "msel.csv"
    export_msel(path, sheet)
    assert sheet.read_bytes().startswith(b"\xef\xbb\xbf")  # BOM: Excel reads UTF-8 correctly
    rows = _csv_rows(sheet)
    assert rows[0][0] == "EXERCISE — FOR TRAINING ONLY"
    assert tuple(rows[1]) == HEADINGS
    closure = next(r for r in rows[2:] if r[2] == "road_closure")
    assert closure[13].startswith("road: ") and "centre: {x_m: 0, y_m: 0}" in closure[13]


def _edited_workbook(path: Path, source_csv: Path) -> None:
    """What Excel leaves after a planner's edits: times as times, numbers typed as text, a blank row."""
    rows = _csv_rows(source_csv)
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "MSEL"
    sheet.append(["EXERCISE — FOR TRAINING ONLY"])
    sheet.append([h + "  " for h in rows[1]] + ["Planner notes"])  # trailing spaces; an extra column
    for number, row in enumerate(rows[2:], start=1):
        cells: list[object] = list(row)
        cells[0] = f" {row[0]} " if number % 2 else int(row[0])  # numbers as text (padded) or numbers
        hours, minutes = (int(x) for x in row[1].removeprefix("T+").split(":"))
        if number == 1:
            cells[1] = dt.time(hours, minutes)  # typed 00:09, Excel made it a time
        elif number == 2:
            cells[1] = dt.datetime(2026, 3, 10, 7, 45) + dt.timedelta(hours=hours, minutes=minutes + 1)  # wall clock
        elif number == 3:
            cells[1] = (hours * 60 + minutes) / 1440  # an Excel duration serial ...
        elif number == 4:
            cells[1] = dt.timedelta(hours=hours, minutes=minutes)
        elif number == 5:
            cells[1] = f"{hours * 60 + minutes}"  # minutes as text
        sheet.append(cells + ["call Anna"])
        if number == 3:
            sheet.cell(row=sheet.max_row, column=2).number_format = "[h]:mm"  # ... shown as [h]:mm
        if number == 6:
            sheet.append([None] * 5)
    book.save(path)


def test_a_workbook_edited_in_a_spreadsheet_program_imports(tmp_path: Path) -> None:
    path = _copy(tmp_path)
    exported = tmp_path / "msel.csv"
    export_msel(path, exported)
    workbook = tmp_path / "edited.xlsx"
    _edited_workbook(workbook, exported)
    result = import_msel(path, workbook)
    assert result.injects == 12 and result.notes and "Planner notes" in result.notes[0]
    scenario = load_scenario(path)
    times = [i.time_min for i in scenario.msel]
    assert times[:6] == [9, 15, 18, 25, 35, 55]  # inject 2 moved one minute later by its wall-clock time
    assert [i.number for i in scenario.msel] == list(range(1, 13))


def test_semicolon_csv_with_bom_and_european_decimals(tmp_path: Path) -> None:
    path = _copy(tmp_path, "chlorine-rail")
    exported = tmp_path / "msel.csv"
    export_msel(path, exported)
    rows = _csv_rows(exported)
    rows[2][1] = "0,1 h"         # 6 min
    rows[3][1] = "1 h 5"         # 65 min
    rows[4][1] = "  T+00:20  "
    rows.insert(6, [""] * 14)
    edited = tmp_path / "european.csv"
    _write_csv(edited, rows, delimiter=";", encoding="utf-8-sig")
    import_msel(path, edited)
    times = [i.time_min for i in load_scenario(path).msel]
    assert times[:3] == [6, 65, 20]


def test_windows_1252_csv_is_read(tmp_path: Path) -> None:
    path = _copy(tmp_path, "chlorine-rail")
    exported = tmp_path / "msel.csv"
    export_msel(path, exported)
    rows = [[c.replace("—", "-").replace("–", "-").replace("²", "2") for c in r] for r in _csv_rows(exported)]
    rows[2][3] = "Train crew: collision, chlorine smell (café)"
    edited = tmp_path / "ansi.csv"
    _write_csv(edited, rows, encoding="cp1252")
    import_msel(path, edited)
    assert load_scenario(path).msel[0].title.endswith("(café)")


def test_every_malformed_row_is_reported_and_nothing_changes(tmp_path: Path) -> None:
    path = _copy(tmp_path)
    before = path.read_text(encoding="utf-8")
    exported = tmp_path / "msel.csv"
    export_msel(path, exported)
    rows = _csv_rows(exported)
    rows[2][1] = "soon"                                              # row 3: time
    rows[3][0] = "two"                                               # row 4: number
    rows[4][2] = "wind chnage"                                       # row 5: type
    rows[7][13] = "hospital: nowhere, bed_changes: {ed_spaces: -10}"  # row 8: dangling hospital
    rows[8][9] = "OBJ-9"                                             # row 9: dangling objective
    rows[9][13] = "station: amb-east, kind: ambulance, count: many"  # row 10: effect value
    rows[10][13] = "hospital: kuh, items: {atropine: 5"              # row 11: unreadable effect
    rows[11][6] = "carrier pigeon"                                   # row 12: method
    rows[12][1] = "T+20:00"                                          # row 13: after the end
    bad = tmp_path / "bad.csv"
    _write_csv(bad, rows)
    with pytest.raises(MselIoError) as caught:
        import_msel(path, bad)
    where = [line.split(": ")[0] for line in caught.value.lines]
    assert where == [f"{bad}:{row}:{col}" for row, col in
                     [(3, "B"), (4, "A"), (5, "C"), (8, "N"), (9, "J"), (10, "N"), (11, "N"), (12, "G"), (13, "B")]]
    assert "did you mean 'wind_change'" in caught.value.lines[2]
    assert "no hospital with id 'nowhere'" in caught.value.lines[3]
    assert path.read_text(encoding="utf-8") == before


def test_edits_keep_the_comments_of_the_scenario(tmp_path: Path) -> None:
    path = _copy(tmp_path)
    exported = tmp_path / "msel.csv"
    export_msel(path, exported)
    rows = _csv_rows(exported)
    rows[3][1] = "T+00:20"
    rows.append(["13", "T+02:30", "wind_change", "Wind veers", "Met office", "Incident commander", "email",
                 "Wind now westerly", "Re-assess zones", "OBJ-1", "Situational Assessment", "Ops", "",
                 "wind_speed_m_s: 5, wind_from_deg: 280"])
    edited = tmp_path / "edited.csv"
    _write_csv(edited, rows)
    before = path.read_text(encoding="utf-8")
    assert import_msel(path, edited).changed
    text = path.read_text(encoding="utf-8")
    assert text.split("\nmsel:\n")[0] == before.split("\nmsel:\n")[0]  # outside the MSEL: byte for byte
    assert "# one hospital container, modelled on the US CHEMPACK" in text  # inside an unchanged inject
    scenario = load_scenario(path)
    assert scenario.msel[1].time_min == 20 and scenario.msel[-1].type == "wind_change"
    assert '    time_min: "T+00:20"' in text and "    wind_speed_m_s: 5\n" in text


def test_commands_return_exit_codes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _copy(tmp_path)
    assert msel_export_command(path, tmp_path / "m.xlsx") == 0
    assert msel_import_command(path, tmp_path / "m.xlsx") == 0
    assert "already up to date" in capsys.readouterr().out
    assert msel_export_command(path, tmp_path / "m.ods") == 1
    assert msel_import_command(path, tmp_path / "missing.csv") == 1
    (tmp_path / "nohead.csv").write_text("a,b\n1,2\n", encoding="utf-8")
    assert msel_import_command(path, tmp_path / "nohead.csv") == 1
    assert "no heading row found" in capsys.readouterr().err
