"""One frame per keystroke: a field's echo waits, briefly, for the preview it changes.

Textual paints at most 60 frames a second, and after a frame the next one comes one to two
periods (17-33 ms) later. A keystroke in a rule field used to make two frames: the field's echo
at once (~2 ms), then the preview, which is rendered two message hops later and so landed on
the next frame, 17-33 ms after the key, whatever the work cost. Holding the screen's updates
from the change of a field's value until the preview has taken the edit (`release_after`) puts both
in one frame, some 10 ms after the key, and draws the screen once instead of twice.

The hold is Textual's own `App.batch_update`, ended by `release_after` or, when no preview follows
(a keystroke whose edit goes nowhere), after `LIMIT` seconds; so a lost release can delay one
frame by `LIMIT`, never freeze the screen.
"""

from __future__ import annotations

from contextlib import AbstractContextManager, suppress
from dataclasses import dataclass
from typing import Any
from weakref import WeakKeyDictionary

from textual.app import App, ScreenStackError
from textual.timer import Timer
from textual.widget import Widget

#: The longest an echo waits for its preview (about two frames).
LIMIT = 0.03


@dataclass(slots=True)
class _Hold:
    batch: AbstractContextManager[None]
    timer: Timer | None = None


_holds: WeakKeyDictionary[App[Any], _Hold] = WeakKeyDictionary()


def hold(app: App[Any]) -> None:
    """Hold `app`'s screen updates until `release_after`, at most `LIMIT` seconds."""
    if app in _holds or not app.is_running:
        return
    batch = app.batch_update()
    batch.__enter__()
    held = _Hold(batch)
    held.timer = app.set_timer(LIMIT, lambda: _end(app, held, timed_out=True),
                               name="keystroke-frame")
    _holds[app] = held


def release_after(widget: Widget) -> None:
    """Let the app paint once `widget` has handed its pending refresh to the screen.

    A widget tells its screen what to redraw from its own message loop, when that goes idle;
    a release at once would let the screen paint before the preview's lines reach it, and
    they would wait for the next frame. `call_next` runs after that idle step.
    """
    app = widget.app
    held = _holds.get(app)
    if held is not None:
        widget.call_next(_end, app, held, timed_out=False)


def _end(app: App[Any], held: _Hold, *, timed_out: bool) -> None:
    """End the hold `held` (not a later one: a stale release must not cut that short)."""
    if _holds.get(app) is not held:
        return
    del _holds[app]
    if held.timer is not None and not timed_out:  # a timer that is firing ends by itself
        held.timer.stop()
    held.batch.__exit__(None, None, None)
    with suppress(ScreenStackError):  # no screen: the app is closing
        app.screen.check_idle()  # the screen paints on idle; make sure it sees one
