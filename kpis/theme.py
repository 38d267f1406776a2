"""How the product looks: the colour palette, target and projection colours, and the style of each status."""

from __future__ import annotations

# Okabe–Ito colours (safe for the common colour-vision deficiencies).
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]
TARGET_COLOUR = "#D55E00"
TARGET_BAND_FILL = "rgba(213, 94, 0, 0.18)"  # the target colour, light: a band behind the series
PROJECTION_COLOUR = "#555555"

STATUS_STYLE = {
    # status: (streamlit badge colour, material icon, hex colour for charts)
    "achieved": ("green", ":material/check_circle:", "#009E73"),
    "on_track": ("blue", ":material/trending_up:", "#0072B2"),
    "acceleration_needed": ("orange", ":material/speed:", "#E69F00"),
    "limited_progress": ("orange", ":material/trending_flat:", "#E69F00"),
    "not_achieved": ("red", ":material/cancel:", "#D55E00"),
    "deterioration": ("red", ":material/trending_down:", "#D55E00"),
    "insufficient_data": ("gray", ":material/help:", "#999999"),
    "no_target": ("gray", ":material/remove:", "#BBBBBB"),
}
