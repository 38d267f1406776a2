import streamlit as st

st.title("rural_training")
