"""The reportlab layer shared by the formal report and the summary: fonts, styles, flowables, the A4 document.

People's words go through ``para`` (markup escaped, line breaks kept, long words split), so no text can inject
markup or break the layout: paragraphs split across pages, tables may split inside a row, and free text of any
length is set outside tables. The same story always gives the same bytes (``invariant``).
"""

from __future__ import annotations

import io
import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

FONT = "ReclasseringSans"
_setup_lock = threading.Lock()
_setup_done = False


def setup_reportlab() -> None:
    """Once per process: DejaVu Sans (shipped with matplotlib), which covers the letters of every name a youth
    may have (ş, ł, ć …), and binary streams."""
    global _setup_done
    with _setup_lock:
        if _setup_done:
            return
        import matplotlib
        from reportlab import rl_config
        from reportlab.lib.fonts import addMapping
        from reportlab.pdfbase import pdfmetrics
        from reportlab.pdfbase.ttfonts import TTFont

        folder = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
        faces = {
            (0, 0): ("", "DejaVuSans.ttf"),
            (1, 0): ("-Bold", "DejaVuSans-Bold.ttf"),
            (0, 1): ("-Oblique", "DejaVuSans-Oblique.ttf"),
            (1, 1): ("-BoldOblique", "DejaVuSans-BoldOblique.ttf"),
        }
        for (bold, italic), (suffix, file) in faces.items():
            pdfmetrics.registerFont(TTFont(FONT + suffix, str(folder / file)))
            addMapping(FONT, bold, italic, FONT + suffix)
        # Binary (not ASCII85) streams: smaller PDFs, and without reportlab's optional C accelerator the
        # pure-Python ASCII85 encoder costs more than half of the layout time of a report with charts.
        rl_config.useA85 = 0
        _setup_done = True


class Styles:
    """Paragraph styles; ``scale`` shrinks every size (the one-page summary uses it to fit its page)."""

    def __init__(self, scale: float = 1.0) -> None:
        from reportlab.lib import colors
        from reportlab.lib.styles import ParagraphStyle

        setup_reportlab()  # the font must be known before the first paragraph is made

        def size(points: float) -> float:
            return round(points * scale, 2)

        base = ParagraphStyle(
            "base", fontName=FONT, fontSize=size(9.5), leading=size(12.5), spaceAfter=size(3), splitLongWords=1
        )
        self.body = base
        self.small = ParagraphStyle("small", parent=base, fontSize=size(8), leading=size(10), spaceAfter=size(2))
        self.caption = ParagraphStyle(
            "caption", parent=self.small, textColor=colors.HexColor("#444444"), spaceAfter=size(8)
        )
        self.cell = ParagraphStyle("cell", parent=base, fontSize=size(8.5), leading=size(10.5), spaceAfter=0)
        self.head_cell = ParagraphStyle("head_cell", parent=self.cell, fontName=FONT + "-Bold")
        self.title = ParagraphStyle(
            "title", parent=base, fontName=FONT + "-Bold", fontSize=size(17), leading=size(21), spaceAfter=size(4)
        )
        self.h1 = ParagraphStyle(
            "h1",
            parent=base,
            fontName=FONT + "-Bold",
            fontSize=size(13),
            leading=size(16),
            spaceBefore=size(12),
            spaceAfter=size(5),
            keepWithNext=True,
        )
        self.h2 = ParagraphStyle(
            "h2",
            parent=base,
            fontName=FONT + "-Bold",
            fontSize=size(10.5),
            leading=size(13),
            spaceBefore=size(7),
            spaceAfter=size(3),
            keepWithNext=True,
        )
        self.quote = ParagraphStyle("quote", parent=base, fontName=FONT + "-Oblique", leftIndent=12)
        self.item = ParagraphStyle("item", parent=base, leftIndent=12, bulletIndent=2)
        self.note = ParagraphStyle(
            "note",
            parent=base,
            backColor=colors.HexColor("#EEF4FA"),
            borderPadding=size(6),
            spaceBefore=size(6),
            spaceAfter=size(10),
        )
        self.answer = ParagraphStyle(
            "answer",
            parent=base,
            fontSize=size(10.5),
            leading=size(14),
            backColor=colors.HexColor("#FFF6E0"),
            borderPadding=size(6),
            spaceBefore=size(4),
            spaceAfter=size(10),
        )


def markup(text: str) -> str:
    """People's words as reportlab paragraph markup: ``<``, ``&`` and ``>`` escaped, line breaks kept."""
    return escape(text).replace("\n", "<br/>")


def para(text: str, style: Any) -> Any:
    """A paragraph of plain text (never markup), which splits across pages however long it is."""
    from reportlab.platypus import Paragraph

    return Paragraph(markup(text), style)


def labelled(label: str, text: str, style: Any) -> Any:
    """ "**Label** text" as one paragraph."""
    from reportlab.platypus import Paragraph

    return Paragraph(f"<b>{markup(label)}</b> {markup(text)}", style)


def bullet(text: str, style: Any, label: str = "") -> Any:
    from reportlab.platypus import Paragraph

    head = f"<b>{markup(label)}</b> " if label else ""
    return Paragraph(head + markup(text), style, bulletText="•")


def table(header: Sequence[str], rows: Sequence[Sequence[str]], widths: Sequence[float], styles: Styles) -> Any:
    """A grid of short texts; a row taller than the page may split (``splitInRow``), so no text can make a
    table that does not fit."""
    from reportlab.lib import colors
    from reportlab.platypus import Table, TableStyle

    cells = [[para(h, styles.head_cell) for h in header]]
    cells += [[para(value, styles.cell) for value in row] for row in rows]
    grid = Table(cells, colWidths=list(widths), repeatRows=1, hAlign="LEFT", spaceAfter=6, splitInRow=1)
    grid.setStyle(
        TableStyle(
            [
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#E8E8E8")),
                ("GRID", (0, 0), (-1, -1), 0.4, colors.HexColor("#B0B0B0")),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("TOPPADDING", (0, 0), (-1, -1), 2.5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
            ]
        )
    )
    return grid


def pairs(rows: Sequence[tuple[str, str]], styles: Styles, label_width: float) -> Any:
    """Label and value side by side, without a grid (the frame of the measure)."""
    from reportlab.lib.units import mm
    from reportlab.platypus import Table, TableStyle

    grid = Table(
        [[para(label, styles.head_cell), para(value, styles.cell)] for label, value in rows],
        colWidths=[label_width, 174 * mm - label_width],
        hAlign="LEFT",
        splitInRow=1,
    )
    grid.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0)]))
    return grid


def image(data: bytes, width: float, height: float) -> Any:
    """A chart's PNG in ``width`` x ``height`` points, embedded without decoding it (``png_image``)."""
    from .png_image import png_flowable

    return png_flowable(data, width, height)


def numbered_canvas(draw: Callable[[Any, int, int], None]) -> type:
    """A canvas that holds its pages until the end, so every footer can say "page X of Y"."""
    from reportlab.pdfgen.canvas import Canvas

    class NumberedCanvas(Canvas):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._pages: list[dict[str, Any]] = []

        def showPage(self) -> None:
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._pages)
            for state in self._pages:
                self.__dict__.update(state)
                draw(self, self._pageNumber, total)
                super().showPage()
            super().save()

    return NumberedCanvas


def build_pdf(
    story: list[Any],
    *,
    title: str,
    subject: str,
    locale: str,
    header: tuple[str, str],
    footer: Callable[[int, int], str],
) -> bytes:
    """An A4 PDF of ``story`` with a header line (left, right) and a footer ``footer(page, pages)`` on each page."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm
    from reportlab.platypus import SimpleDocTemplate

    setup_reportlab()

    def draw(canvas: Any, page: int, pages: int) -> None:
        canvas.saveState()
        canvas.setFont(FONT, 7.5)
        canvas.setFillColor(colors.HexColor("#555555"))
        canvas.drawCentredString(A4[0] / 2, 10 * mm, footer(page, pages))
        canvas.drawString(18 * mm, A4[1] - 11 * mm, header[0])
        canvas.drawRightString(A4[0] - 18 * mm, A4[1] - 11 * mm, header[1])
        canvas.restoreState()

    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=18 * mm,
        rightMargin=18 * mm,
        topMargin=17 * mm,
        bottomMargin=17 * mm,
        title=title,
        author="reclassering",
        subject=subject,
        lang=locale,
        invariant=1,
    )
    document.build(story, canvasmaker=numbered_canvas(draw))
    return buffer.getvalue()


def page_count(pdf: bytes) -> int:
    """How many pages a PDF made here has (reportlab writes ``/Count n`` in its page tree)."""
    import re

    counts = [int(n) for n in re.findall(rb"/Count (\d+)", pdf)]
    return max(counts, default=0)
