"""Where a chart's plot sits in its figure: margins measured once from the texts around it.

matplotlib's constrained layout measures every artist of the axes (one per bar, marker and line) and makes
``savefig`` draw the figure twice. A chart here has one axes and at most one legend, so its layout is simpler:
measure the tick labels, axis labels, title and texts of the axes once, measure the legend, and place the axes
so all of them fit inside the figure with a small pad. The text measurements are cached on the figure's
renderer, which the draw in ``savefig`` reuses, so the draw does not measure them again.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure
    from matplotlib.transforms import Bbox

#: The space kept free along the figure's edges and between the plot and its legend, in points.
PAD_POINTS = 4.0


def fit(fig: Figure, ax: Axes) -> None:
    """Place ``ax`` so its decorations (tick labels, axis labels, title, its texts) and the legend fit.

    The legend is every artist of the figure itself (``chart_legend``). As in constrained layout, the title's
    width is not taken into account (it is centred over the plot). A legend that starts right of the figure's
    middle is beside the plot, any other legend below it."""
    from matplotlib.transforms import Bbox

    renderer = fig.canvas.get_renderer()  # type: ignore[attr-defined]
    width, height = fig.bbox.width, fig.bbox.height
    pad = PAD_POINTS * fig.dpi / 72
    inner = ax.get_window_extent(renderer).frozen()  # the live box would follow the plot when it moves
    outer = ax.get_tightbbox(renderer, bbox_extra_artists=ax.texts, for_layout_only=True)
    if outer is None:  # an invisible axes: nothing to fit
        return
    left, right = pad, width - pad
    bottom, top = pad, height - pad
    legend = [a.get_window_extent(renderer) for a in (*fig.texts, *fig.artists, *fig.legends)]
    if legend:
        box = Bbox.union(legend)
        if box.x0 > width / 2:
            right = box.x0 - pad
        else:
            bottom = box.y1 + pad
    left += inner.x0 - outer.x0
    right -= outer.x1 - inner.x1
    bottom += inner.y0 - outer.y0
    top -= outer.y1 - inner.y1
    fig.subplots_adjust(left=left / width, right=right / width, bottom=bottom / height, top=top / height)
    _fix_axis_labels(ax, inner, renderer)


def _fix_axis_labels(ax: Axes, before: Bbox, renderer: Any) -> None:
    """Put the axis labels where matplotlib would, beside the tick labels, as fixed coordinates: left to itself
    matplotlib measures all tick labels again for each axis label in every draw.

    ``before`` is the plot's box when ``get_tightbbox`` placed the labels; their distance to the plot does not
    change with the plot's place, since the tick labels keep their size."""
    after = ax.get_window_extent(renderer)
    if ax.xaxis.label.get_text():
        _, y = ax.xaxis.label.get_position()  # pixels, as placed for ``before``
        ax.xaxis.set_label_coords(0.5, (y - before.y0) / after.height)
    if ax.yaxis.label.get_text():
        x, _ = ax.yaxis.label.get_position()
        ax.yaxis.set_label_coords((x - before.x0) / after.width, 0.5)
