"""Reading a console table back the way a person's eye does: by display column."""

import re

from zhaoshang.core.figures import display_width


def cell_spans(line: str) -> list[tuple[int, int]]:
    """(start, end) display columns of each cell of a console table row; cells are 2+ spaces apart."""
    return [(display_width(line[:m.start()]), display_width(line[:m.end()]))
            for m in re.finditer(r"\S+(?: \S+)*", line)]


def assert_columns_line_up(lines: list[str], align: str) -> None:
    """Every line has one cell per column; `<` columns start, `>` columns end, in the same display column."""
    spans = [cell_spans(line) for line in lines]
    assert all(len(s) == len(align) for s in spans), lines
    for column, side in enumerate(align):
        edge = 0 if side == "<" else 1
        assert len({s[column][edge] for s in spans}) == 1, f"column {column} wanders:\n" + "\n".join(lines)
