"""Measuring floating-point results: distance in ulps, correct digits against a high-precision value."""

from __future__ import annotations

import math
import struct

import mpmath


def ulps_apart(a: float, b: float) -> int:
    """How many doubles apart a and b are (0 when equal)."""

    def ordered(v: float) -> int:  # neighbouring doubles map to neighbouring integers
        i = struct.unpack("<q", struct.pack("<d", v))[0]
        return i if i >= 0 else -(i & 0x7FFFFFFFFFFFFFFF)

    return abs(ordered(a) - ordered(b))


def correct_digits(approx: float, exact) -> float:
    """-log10 of the relative error of approx, measured against an mpmath value (inf when exact)."""
    with mpmath.workdps(60):
        error = abs(mpmath.mpf(approx) / exact - 1)
        return math.inf if error == 0 else float(-mpmath.log10(error))
