"""The leaders' briefing: what it says (content), its HTML (document), PDF (pdf), Excel (workbook), images."""
