import streamlit as st

st.title("provinces")
