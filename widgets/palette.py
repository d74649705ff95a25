"""The course's one colour palette: Okabe-Ito, distinguishable with the common colour-vision
deficiencies (Okabe & Ito, "Color Universal Design", 2008). Every chart takes colours from here,
and meaning is never carried by colour alone (labels and text say it too).
"""

from __future__ import annotations

OKABE_ITO: dict[str, str] = {
    "orange": "#E69F00",
    "sky_blue": "#56B4E9",
    "bluish_green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "reddish_purple": "#CC79A7",
    "black": "#000000",
    "grey": "#999999",
}

#: Colours in the order charts use them for series.
SERIES: tuple[str, ...] = (
    OKABE_ITO["blue"], OKABE_ITO["orange"], OKABE_ITO["bluish_green"], OKABE_ITO["vermillion"],
    OKABE_ITO["reddish_purple"], OKABE_ITO["sky_blue"], OKABE_ITO["yellow"], OKABE_ITO["black"],
)

#: Roles of colour in the course, so that "good" and "problem" look the same everywhere.
GOOD = OKABE_ITO["bluish_green"]
PROBLEM = OKABE_ITO["vermillion"]
NEUTRAL = OKABE_ITO["grey"]
ACCENT = OKABE_ITO["blue"]
