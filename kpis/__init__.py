"""GDNN KPI library: data package, registry, store, KPI engine, charts and i18n (no Streamlit)."""

from pathlib import Path

DATA_DIR = Path(__file__).resolve().parents[1] / "data"
