"""The canvas a chart draws on: matplotlib's Agg canvas, whose renderer remembers the sizes of the texts it measured.

Laying out a text (a tick label, a legend entry, an axis label) starts with measuring it, which costs 0.1-0.4 ms
a text in matplotlib 3.11. matplotlib keeps those sizes per renderer, and every chart has a renderer of its own,
so every chart measured "Week (maandag)", "Jongere" and "26 jan" again. The renderer here looks them up in one
table for the process, keyed like matplotlib's own table (the text, a copy of its font properties, the
resolution and the hinting). Only plain text is kept; mathematical text is measured as before.

matplotlib is imported when the first canvas is made, so importing this module stays cheap.
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from matplotlib.figure import Figure

#: Sizes kept; the table starts afresh when full (a chart uses a few dozen).
LIMIT = 20_000
_SIZES: dict[tuple[Any, ...], tuple[float, float, float]] = {}


def attach_canvas(fig: Figure) -> None:
    """Give ``fig`` the canvas that draws it."""
    _canvas_class()(fig)


@functools.cache
def _canvas_class() -> type:
    from matplotlib.backends.backend_agg import FigureCanvasAgg, RendererAgg, get_hinting_flag

    class Renderer(RendererAgg):  # type: ignore[misc]
        def get_text_width_height_descent(self, s: str, prop: Any, ismath: Any) -> tuple[float, float, float]:
            if ismath:
                return super().get_text_width_height_descent(s, prop, ismath)  # type: ignore[no-any-return]
            key = (s, prop.copy(), self.dpi, get_hinting_flag())
            size = _SIZES.get(key)
            if size is None:
                size = super().get_text_width_height_descent(s, prop, ismath)
                if len(_SIZES) >= LIMIT:
                    _SIZES.clear()
                _SIZES[key] = size
            return size

    class Canvas(FigureCanvasAgg):  # type: ignore[misc]
        def get_renderer(self) -> Any:
            # FigureCanvasAgg.get_renderer, making the renderer above.
            width, height = self.get_width_height(physical=True)
            key = width, height, self.figure.dpi
            if self._lastKey != key:
                self.renderer = Renderer(width, height, self.figure.dpi)
                self._lastKey = key
            return self.renderer

    return Canvas
