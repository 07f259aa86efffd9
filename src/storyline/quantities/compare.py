"""Whether two quantities can state the same number: same kind, compatible units, and
bounds that overlap (each figure's rounding is already in its bounds; see Quantity)."""

from __future__ import annotations

import math

from storyline.quantities.base import Quantity

# Units of one dimension, as multiples of a common one, so that "5 km" meets "5,000 m".
# Only exact conversions: miles and kilometres are not converted (translations round them).
_BASE: dict[str, tuple[str, float]] = {
    "km": ("m", 1e3), "m": ("m", 1.0), "cm": ("m", 1e-2), "mm": ("m", 1e-3),
    "t": ("kg", 1e3), "kg": ("kg", 1.0), "g": ("kg", 1e-3),
    "km2": ("m2", 1e6), "ha": ("m2", 1e4), "m2": ("m2", 1.0),
    "kW": ("W", 1e3), "MW": ("W", 1e6), "GW": ("W", 1e9),
    "kWh": ("Wh", 1e3), "MWh": ("Wh", 1e6), "GWh": ("Wh", 1e9), "TWh": ("Wh", 1e12),
    "second": ("second", 1.0), "minute": ("second", 60.0), "hour": ("second", 3600.0),
    "day": ("second", 86400.0), "week": ("second", 604800.0),
    "month": ("month", 1.0), "year": ("month", 12.0), "decade": ("month", 120.0),
    "century": ("month", 1200.0),
}
# Float slack when comparing bounds: values are exact decimals turned into floats, so only
# representation error (about 1e-16 relative) needs room.
RELATIVE_SLACK = 1e-9


def same_value(a: Quantity, b: Quantity) -> bool:
    """Whether `a` and `b` can state the same number, allowing for rounding and unit forms:
    "2.5 thousand", "2,500" and "about 2,500" agree; "about 2.5 thousand" and "2,030" do
    not; "2,030" and "about 2,000" do (about 2,000 is 1,500-2,500); "more than 2,000"
    agrees with any value above 2,000. A count without a unit ("2.5 thousand") may meet
    one of people ("2,500 troops"): what is counted is for the claim to compare."""
    if a.kind != b.kind:
        return False
    if a.unit is not None and b.unit is not None and _base(a.unit)[0] != _base(b.unit)[0]:
        return False
    if (a.unit is None) != (b.unit is None) and a.kind != "count":
        return False
    a_low, a_high = _interval(a)
    b_low, b_high = _interval(b)
    finite = [abs(x) for x in (a_low, a_high, b_low, b_high) if math.isfinite(x)]
    slack = RELATIVE_SLACK * max([1.0, *finite])
    return a_low <= b_high + slack and b_low <= a_high + slack


def _base(unit: str) -> tuple[str, float]:
    return _BASE.get(unit, (unit, 1.0))


def _interval(q: Quantity) -> tuple[float, float]:
    factor = _base(q.unit)[1] if q.unit is not None else 1.0
    low = -math.inf if q.low is None else q.low * factor
    high = math.inf if q.high is None else q.high * factor
    return low, high
