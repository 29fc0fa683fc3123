"""A chart's PNG goes into the PDF as it is (``report/png_image.py``) and comes out with the same pixels; a PNG
that cannot go in as it is still does, through reportlab; the remembered text sizes change no pixel."""

from __future__ import annotations

import io

from PIL import Image
from pypdf import PdfReader
from reportlab.lib.pagesizes import A4
from reportlab.platypus import SimpleDocTemplate

from reclassering.reports import chart_canvas
from reclassering.reports.charts import scores_chart, timeline_chart
from reclassering.reports.report.png_image import plain_rgb_png, png_flowable

from .test_charts import rich_series


def _pdf_with(pngs: list[bytes]) -> PdfReader:
    out = io.BytesIO()
    SimpleDocTemplate(out, pagesize=A4).build([png_flowable(data, 320, 180) for data in pngs])
    return PdfReader(io.BytesIO(out.getvalue()))


def _pixels(data: bytes) -> bytes:
    return Image.open(io.BytesIO(data)).convert("RGB").tobytes()


def test_a_chart_png_is_embedded_as_it_is_and_reads_back_pixel_for_pixel() -> None:
    chart = timeline_chart(rich_series(), locale="nl")
    png = plain_rgb_png(chart.data)
    assert png is not None and (png.width, png.height) == (640, 360)  # an 8-bit RGB chart: embedded as it is
    page = _pdf_with([chart.data, chart.data]).pages[0]
    images = page.images
    assert len(images) == 1 and page.get_contents().get_data().count(b" Do") == 2  # one image object, drawn twice
    shown = images[0].image
    assert shown is not None and shown.size == (640, 360)
    assert shown.convert("RGB").tobytes() == _pixels(chart.data)


def test_a_png_with_transparency_goes_through_reportlab_and_still_shows() -> None:
    picture = Image.new("RGBA", (40, 20), (0, 114, 178, 128))
    buffer = io.BytesIO()
    picture.save(buffer, format="PNG")
    assert plain_rgb_png(buffer.getvalue()) is None  # RGBA: not embedded as it is
    images = _pdf_with([buffer.getvalue()]).pages[0].images
    assert len(images) == 1 and images[0].image is not None and images[0].image.size == (40, 20)


def test_remembered_text_sizes_change_no_pixel() -> None:
    series = rich_series()
    chart_canvas._SIZES.clear()
    measured = scores_chart(series, 1, locale="en").data
    assert chart_canvas._SIZES  # the sizes are kept for the next chart
    remembered = scores_chart(series, 1, locale="en").data
    assert _pixels(measured) == _pixels(remembered)
