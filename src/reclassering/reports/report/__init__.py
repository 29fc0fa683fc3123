"""The case-conference report (rapportage casusoverleg) in two versions, from one ``ReportData``.

- ``data``: what goes in (``report_data``); ``figures``: its charts and frozen JSON (``report_charts``,
  ``encode_data``);
- ``formal`` (with ``front``, its first page): the formal report for the addressee (``render_report``);
- ``summary``: the one-page summary in plain words for the youth and the parents (``render_summary``);
- ``texts`` and ``layout``: the words (Babel catalogue ``reports``) and the reportlab layer.

The report describes; the people at the conference decide. Dutch by default, English with ``locale="en"``.
"""

from ..formatting import format_date, format_moment, format_number
from .data import FORMAT_VERSION, LOCALES, ReportChart, ReportData, report_data
from .figures import CHART_DPI, Through, encode_data, report_charts
from .formal import render_report
from .summary import render_summary

__all__ = [
    "CHART_DPI",
    "FORMAT_VERSION",
    "LOCALES",
    "ReportChart",
    "ReportData",
    "Through",
    "encode_data",
    "format_date",
    "format_moment",
    "format_number",
    "render_report",
    "render_summary",
    "report_charts",
    "report_data",
]
