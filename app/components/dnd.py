"""Native HTML5 drag and drop for Reflex elements.

Reflex 0.10's `rx.el` elements have no drag triggers, so these two divs declare them. Dragging is
handled in the browser (no server round trip while the pointer moves); only the drop sends one event
to the server, carrying the id that the dragged element put in `dataTransfer`.
"""

from __future__ import annotations

import reflex as rx
from reflex_base.event import EventHandler
from reflex_base.vars.base import Var
from reflex_base.vars.function import FunctionStringVar


def _event(e: Var) -> tuple[Var]:
    return (e,)


def _dragged_id(e: Var) -> tuple[Var[str]]:
    return (Var(f"{e}.dataTransfer.getData('text/plain')").to(str),)


_CLEAR = "document.querySelectorAll('.drop-over').forEach((el) => el.classList.remove('drop-over'))"
# The dragged element says what it is through its data-drag-id attribute.
START = FunctionStringVar.create(
    "((e) => { e.dataTransfer.setData('text/plain', e.currentTarget.dataset.dragId);"
    " e.dataTransfer.effectAllowed = 'move'; })")
END = FunctionStringVar.create(f"((e) => {{ {_CLEAR}; }})")
# preventDefault on dragover is what makes an element a drop target.
OVER = FunctionStringVar.create(
    "((e) => { e.preventDefault(); e.dataTransfer.dropEffect = 'move';"
    " e.currentTarget.classList.add('drop-over'); })")
LEAVE = FunctionStringVar.create(
    "((e) => { if (!e.currentTarget.contains(e.relatedTarget)) e.currentTarget.classList.remove('drop-over'); })")


class Draggable(rx.el.Div):
    on_drag_start: EventHandler[_event]
    on_drag_end: EventHandler[_event]


class DropZone(rx.el.Div):
    on_drag_over: EventHandler[_event]
    on_drag_leave: EventHandler[_event]
    on_drop: EventHandler[_dragged_id]


def draggable(*children, drag_id, **props) -> rx.Component:
    return Draggable.create(*children, draggable=True, data_drag_id=drag_id, on_drag_start=START,
                            on_drag_end=END, **props)


def drop_zone(*children, on_drop, **props) -> rx.Component:
    """`on_drop` receives the dragged element's id (a lambda taking one argument)."""
    return DropZone.create(*children, on_drag_over=OVER, on_drag_leave=LEAVE,
                           on_drop=[rx.prevent_default, FunctionStringVar.create(f"(() => {{ {_CLEAR}; }})"),
                                    on_drop],
                           **props)
