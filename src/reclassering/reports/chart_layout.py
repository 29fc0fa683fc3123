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
    middle is beside the plot, any other legend below it. The axis labels get fixed places beside the tick
    labels, as matplotlib would put them: left to itself it measures all tick labels again for each axis
    label in every draw."""
    from matplotlib.transforms import Bbox

    renderer = fig.canvas.get_renderer()  # type: ignore[attr-defined]
    width, height = fig.bbox.width, fig.bbox.height
    pad = PAD_POINTS * fig.dpi / 72
    inner = ax.get_window_extent(renderer).frozen()  # the live box would follow the plot when it moves
    below = _beyond(_tick_labels(ax.xaxis, renderer), inner)
    beside = _beyond(_tick_labels(ax.yaxis, renderer), inner)
    texts = _beyond([t.get_window_extent(renderer) for t in ax.texts if t.get_visible() and t.get_text()], inner)
    title = max(0.0, ax.title.get_window_extent(renderer).y1 - inner.y1) if ax.title.get_text() else 0.0
    left, right = pad, width - pad
    bottom, top = pad, height - pad
    legend = [a.get_window_extent(renderer) for a in (*fig.texts, *fig.artists, *fig.legends)]
    if legend:
        box = Bbox.union(legend)
        if box.x0 > width / 2:
            right = box.x0 - pad
        else:
            bottom = box.y1 + pad
    left += max(beside[0] + _label_depth(ax.yaxis, renderer, "width"), below[0], texts[0])
    bottom += max(below[1] + _label_depth(ax.xaxis, renderer, "height"), beside[1], texts[1])
    right -= max(below[2], beside[2], texts[2])
    top -= max(beside[3], below[3], texts[3], title)
    fig.subplots_adjust(left=left / width, right=right / width, bottom=bottom / height, top=top / height)
    labelpad = fig.dpi / 72
    plot = ax.get_window_extent(renderer)
    ax.xaxis.set_label_coords(0.5, -(below[1] + ax.xaxis.labelpad * labelpad) / plot.height)
    ax.yaxis.set_label_coords(-(beside[0] + ax.yaxis.labelpad * labelpad) / plot.width, 0.5)


def _tick_labels(axis: Any, renderer: Any) -> list[Bbox]:
    """The boxes of the tick labels ``axis`` draws: those of its ticks inside the view."""
    low, high = sorted(axis.get_view_interval())
    slack = (high - low) * 1e-9
    labels = axis.get_majorticklabels()
    locations = axis.get_majorticklocs()
    return [
        label.get_window_extent(renderer)
        for label, at in zip(labels, locations, strict=False)
        if low - slack <= at <= high + slack and label.get_text()
    ]


def _beyond(boxes: list[Bbox], plot: Bbox) -> tuple[float, float, float, float]:
    """How far ``boxes`` reach beyond the plot's left, bottom, right and top edges, in pixels (0 if not)."""
    if not boxes:
        return 0.0, 0.0, 0.0, 0.0
    return (
        max(0.0, plot.x0 - min(b.x0 for b in boxes)),
        max(0.0, plot.y0 - min(b.y0 for b in boxes)),
        max(0.0, max(b.x1 for b in boxes) - plot.x1),
        max(0.0, max(b.y1 for b in boxes) - plot.y1),
    )


def _label_depth(axis: Any, renderer: Any, side: str) -> float:
    """The room the axis label takes beyond the tick labels: its pad and its height (x) or width (y)."""
    if not axis.label.get_text():
        return 0.0
    return float(axis.labelpad * axis.figure.dpi / 72 + getattr(axis.label.get_window_extent(renderer), side))
