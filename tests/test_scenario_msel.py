"""The MSEL: delivery order and the HSEEP spreadsheet row."""
from __future__ import annotations

from cbrnsim.scenario import HSEEP_COLUMNS, MessageInject, UnitsArriveInject, in_delivery_order, msel_row
from cbrnsim.scenario.msel import effect_summary


def test_delivery_order_by_time_then_number() -> None:
    a = MessageInject(number=2, time_min=10)
    b = MessageInject(number=1, time_min=10)
    c = MessageInject(time_min=5)
    d = MessageInject(time_min=10)
    assert in_delivery_order([a, d, b, c]) == [c, b, a, d]


def test_row_has_every_hseep_column_as_text() -> None:
    inject = UnitsArriveInject(number=7, time_min=65, title="Mutual aid", from_="Osterholt", to="EMS control",
                               method="phone", content="Six ambulances", objectives=("OBJ-3",),
                               core_capabilities=("Logistics and Supply Chain Management", "Planning"),
                               station="amb-east", kind="ambulance", count=6)
    row = msel_row(inject)
    assert tuple(row) == HSEEP_COLUMNS
    assert row["Event #"] == "7" and row["Scenario Time"] == "T+01:05" and row["From"] == "Osterholt"
    assert row["Core Capabilities"] == "Logistics and Supply Chain Management; Planning"
    assert effect_summary(inject) == {"station": "amb-east", "kind": "ambulance", "count": 6}
