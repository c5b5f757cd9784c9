"""``minimal_click_app.py`` with newsparse's start-up collector set-up (see
``newsparse/__main__.py``): no garbage collection while click is imported, then what
the import made is frozen.

``benchmarks/run.py`` times it beside the plain app. Against the plain app, the
startup ratio is what a user sees; against this one, it is what newsparse's own
imports and work add, with the collector set-up counted on both sides.
"""

from __future__ import annotations

import gc

gc.disable()
try:
    from minimal_click_app import main  # this script's folder is first on sys.path
finally:
    gc.freeze()
    gc.enable()

if __name__ == "__main__":
    main()
