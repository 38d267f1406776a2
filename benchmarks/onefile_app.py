"""The page-load baseline (issue 14): what a user writes in an afternoon. It reads the same enrolment CSV and draws
a metric and two plotly charts. Run by benchmarks/pageload.py with `streamlit run`."""

from pathlib import Path

import pandas as pd
import plotly.express as px
import streamlit as st

DATA = Path(__file__).resolve().parents[1] / "data" / "enrolment.csv"

frame = pd.read_csv(DATA, dtype={"province_code": str})
national = frame[(frame["province_code"] == "VN") & (frame["level"] == "total")].sort_values("year")
st.title("Tuyển sinh GDNN")
st.metric("Tuyển sinh", f"{int(national['value'].iloc[-1]):,}", f"{int(national['value'].diff().iloc[-1]):,}")
st.plotly_chart(px.line(national, x="year", y="value", title="Tuyển sinh theo năm"))
latest = frame[(frame["province_code"] != "VN")]
latest = latest[latest["year"] == latest["year"].max()].groupby("province_code", as_index=False)["value"].sum()
st.plotly_chart(px.bar(latest.sort_values("value"), x="value", y="province_code", title="Theo tỉnh"))
