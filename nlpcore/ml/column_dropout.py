"""Column dropout of side-by-side hash-embedding tables, and their gradients.

Shared by the CPU (hashembed.pyx) and device (kernels/hashembed.py) paths; xp
is the array module of the output (numpy or cupy).
"""

from typing import Any, List, Sequence, Tuple

# (first column, width, mask) of each table whose block was masked.
Masks = List[Tuple[int, int, Any]]


def drop_columns(layers: Sequence[Any], widths: Sequence[int], out: Any, xp: Any) -> Masks:
    """Scale each layer's block of out's columns, in place, by a column dropout mask
    at the layer's "dropout_rate"; returns the masks for the backward pass."""
    masks: Masks = []
    start = 0
    for layer, width in zip(layers, widths):
        rate = layer.attrs.get("dropout_rate") or 0.0
        if rate > 0.0:
            mask = xp.asarray(layer.ops.get_dropout_mask((width,), rate), dtype=out.dtype)
            out[:, start:start + width] *= mask
            masks.append((start, width, mask))
        start += width
    return masks


def mask_gradient(d_out: Any, masks: Masks) -> Any:
    """d_out with the forward's masks applied (a copy where there are any)."""
    if masks:
        d_out = d_out.copy()
        for start, width, mask in masks:
            d_out[:, start:start + width] *= mask
    return d_out


def table_gradients(layers: Sequence[Any], xp: Any) -> List[Any]:
    """Each layer's "E" gradient, set to zeros first where it has none."""
    grads = []
    for layer in layers:
        if not layer.has_grad("E"):
            layer.set_grad("E", xp.zeros_like(layer.get_param("E")))
        grads.append(layer.get_grad("E"))
    return grads
