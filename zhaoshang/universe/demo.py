"""The demo's universe: 200,000 synthetic firms (示例数据), generated and imported once per data folder."""

from __future__ import annotations

DEMO_ROWS = 200_000
DEMO_SEED = 2020


def universe_demo_load(*, rows: int = DEMO_ROWS) -> int | None:
    """Generate and import the demo universe unless one exists; the number of firms loaded, or None."""
    from zhaoshang.universe import storage
    from zhaoshang.universe.generate import LABEL, universe_generate
    from zhaoshang.universe.services import chain_segments, universe_current, universe_import_files

    if universe_current() is not None:
        return None
    folder = storage.root() / "sources"
    files = universe_generate(rows=rows, seed=DEMO_SEED, out=folder, segments=chain_segments() or None)
    result = universe_import_files(paths=files, source=LABEL, replace=True)
    for path in files:
        path.unlink(missing_ok=True)  # the imported universe is the copy that counts; generate again at will
    return result.firms if result.ok else None
