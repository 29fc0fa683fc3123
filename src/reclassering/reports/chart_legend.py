"""A chart's legend as plain figure artists: per entry a sample of the line, marker or bar, and its label.

It shows what matplotlib's ``Legend`` shows with the same spacing (in units of the font size), but costs a
fraction of it: ``Legend`` packs its entries in nested boxes that measure every label several times per draw, which
made up a quarter of a chart's render time. Here each label is measured once, on the renderer the draw reuses.
``chart_layout.fit`` then keeps the plot clear of the legend.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from matplotlib.artist import Artist
    from matplotlib.figure import Figure

#: matplotlib's legend defaults, in units of the font size.
HANDLE_LENGTH, HANDLE_HEIGHT, HANDLE_PAD, LABEL_SPACING, COLUMN_SPACING = 2.0, 0.7, 0.8, 0.5, 2.0
#: From the figure's edge to the nearest label or sample (border pad 0.4 plus the pad to the figure 0.3).
EDGE = 0.7
#: The height of a row without the label spacing, and where in it the labels' baseline sits.
ROW, BASELINE = 1.2, 0.32


def legend_beside(fig: Figure, handles: Sequence[Artist], labels: Sequence[str], *, fontsize: float = 8) -> None:
    """One entry per row in the figure's upper right corner, the longest label ending near the right edge."""
    if not handles:
        return
    unit = fontsize * fig.dpi / 72  # one font size in pixels
    width = fig.bbox.width
    texts = [_label(fig, label, fontsize) for label in labels]
    widest = max(_width(fig, text) for text in texts)
    left = width - EDGE * unit - widest - (HANDLE_LENGTH + HANDLE_PAD) * unit
    top = fig.bbox.height - EDGE * unit
    for row, (handle, text) in enumerate(zip(handles, texts, strict=True)):
        middle = top - (row * (ROW + LABEL_SPACING) + ROW / 2) * unit
        _entry(fig, handle, text, left, middle, unit)


def legend_below(fig: Figure, handles: Sequence[Artist], labels: Sequence[str], *, fontsize: float = 8) -> None:
    """All entries in one row, centred along the figure's bottom edge."""
    if not handles:
        return
    unit = fontsize * fig.dpi / 72
    texts = [_label(fig, label, fontsize) for label in labels]
    widths = [(HANDLE_LENGTH + HANDLE_PAD) * unit + _width(fig, text) for text in texts]
    left = (fig.bbox.width - sum(widths) - COLUMN_SPACING * unit * (len(widths) - 1)) / 2
    middle = (EDGE + ROW / 2) * unit
    for handle, text, entry_width in zip(handles, texts, widths, strict=True):
        _entry(fig, handle, text, left, middle, unit)
        left += entry_width + COLUMN_SPACING * unit


def _label(fig: Figure, label: str, fontsize: float) -> Any:
    from matplotlib.transforms import IdentityTransform

    return fig.text(
        0, 0, label, fontsize=fontsize, ha="left", va="baseline", transform=IdentityTransform(), parse_math=False
    )


def _width(fig: Figure, text: Any) -> float:
    return float(text.get_window_extent(fig.canvas.get_renderer()).width)  # type: ignore[attr-defined]


def _entry(fig: Figure, handle: Artist, text: Any, left: float, middle: float, unit: float) -> None:
    """The sample of ``handle`` from ``left`` on, centred on the height ``middle`` (pixels), and its label."""
    from matplotlib.collections import PolyCollection
    from matplotlib.lines import Line2D
    from matplotlib.patches import Rectangle
    from matplotlib.transforms import IdentityTransform

    length = HANDLE_LENGTH * unit
    if isinstance(handle, PolyCollection):
        edge = handle.get_edgecolor()
        fig.add_artist(
            Rectangle(
                (left, middle - HANDLE_HEIGHT * unit / 2),
                length,
                HANDLE_HEIGHT * unit,
                facecolor=handle.get_facecolor()[0],
                edgecolor=edge[0] if len(edge) else "none",
                linewidth=handle.get_linewidths()[0],
                hatch=handle.get_hatch(),
                transform=IdentityTransform(),
            )
        )
    elif isinstance(handle, Line2D):
        sample = Line2D([], [])
        sample.update_from(handle)  # also the plot's clipping, which the sample outside the plot must not have
        sample.set_clip_on(False)
        sample.set_data([left, left + length / 2, left + length], [middle] * 3)
        sample.set_markevery([1])
        sample.set_transform(IdentityTransform())
        fig.add_artist(sample)
    else:
        raise TypeError(f"a legend entry for {type(handle).__name__} is not drawn here")
    text.set_position((left + length + HANDLE_PAD * unit, middle - BASELINE * unit))
