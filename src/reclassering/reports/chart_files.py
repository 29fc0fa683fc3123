"""A rendered chart as file bytes: a PNG with its title and description as text chunks, or an SVG whose root
element carries the accessible name and description."""

from __future__ import annotations

import io
import re
from typing import TYPE_CHECKING
from xml.sax.saxutils import escape, quoteattr

if TYPE_CHECKING:
    from matplotlib.figure import Figure


def png_bytes(fig: Figure, metadata: dict[str, str]) -> bytes:
    """The figure as an RGB PNG with ``metadata`` as text chunks, as ``savefig`` writes it but without the alpha
    channel (the background is opaque) and with fast compression: a quarter less to compress, and a PDF embeds
    it without a soft mask. Files come out about as small as ``savefig``'s."""
    import matplotlib
    from PIL import Image
    from PIL.PngImagePlugin import PngInfo

    fig.canvas.draw()
    info = PngInfo()
    for key, value in {
        "Software": f"Matplotlib version{matplotlib.__version__}, https://matplotlib.org/",
        **metadata,
    }.items():
        info.add_text(key, value)
    width, height = fig.canvas.get_width_height()
    image = Image.frombuffer("RGBA", (width, height), fig.canvas.buffer_rgba(), "raw", "RGBA", 0, 1)  # type: ignore[attr-defined]
    buffer = io.BytesIO()
    image.convert("RGB").save(buffer, format="png", pnginfo=info, dpi=(fig.dpi, fig.dpi), compress_level=1)
    return buffer.getvalue()


def label_svg(svg: bytes, title: str, alt: str) -> bytes:
    """Give the root ``<svg>`` a role, an accessible name (``<title>``) and description (``<desc>``)."""
    text = svg.decode("utf-8")
    root = re.search(r"<svg\b[^>]*>", text)
    if root is None:
        raise ValueError("matplotlib wrote an SVG without an <svg> element")
    opening = root.group(0)[:-1] + f' role="img" aria-label={quoteattr(alt)}>'
    children = f"\n <title>{escape(title)}</title>\n <desc>{escape(alt)}</desc>"
    return (text[: root.start()] + opening + children + text[root.end() :]).encode("utf-8")
