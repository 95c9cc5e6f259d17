"""`zhaoshang chains`: every chain with its segments, coverage and gaps, as JSON or a table."""

import contextlib
import io
import json

from django.test import TestCase

from zhaoshang.chains.models import Segment
from zhaoshang.chains.tests.factories import landed
from zhaoshang.cli import main
from zhaoshang.testing import make_zone


def _run(*args: str) -> tuple[int, str]:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = main(["chains", *args])
    return code, out.getvalue()


class ChainsCommandTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        zone = make_zone()
        landed(zone, "电芯基地", investor="甲电池有限公司", industry="3841", amount="25",
               segment=Segment.objects.get(chain__key="vehicles", key="cells-packs"))

    def test_json_lists_each_segment_with_its_mapping_coverage_and_gap(self):
        code, out = _run("--format", "json")
        self.assertEqual(code, 0)
        chains = {c["key"]: c for c in json.loads(out)}
        self.assertEqual(set(chains), {"vehicles", "digital", "health"})
        segments = {s["key"]: s for s in chains["vehicles"]["segments"]}
        cells = segments["cells-packs"]
        self.assertEqual({k: cells[k] for k in ("name", "position", "coverage", "gap")},
                         {"name": "动力电池电芯与PACK", "position": "midstream",
                          "coverage": {"firms": 1, "projects": 1, "signed_cny": 2_500_000_000}, "gap": None})
        self.assertIn({"code": "3841", "partial": False}, cells["industry_codes"])
        self.assertEqual(segments["cathode"]["gap"], "延链")  # it supplies the strong cells
        self.assertEqual(segments["charging"]["gap"], "补链")
        self.assertEqual(segments["bms"]["keywords"][:2], ["电池管理", "BMS"])

    def test_the_table_shows_one_chain_with_codes_and_gaps(self):
        code, out = _run("--chain", "vehicles")
        self.assertEqual(code, 0)
        lines = out.splitlines()
        self.assertTrue(lines[0].startswith("智能网联与新能源汽车（vehicles）"))
        cells = next(line for line in lines if line.strip().startswith("cells-packs"))
        self.assertIn("3841, 3849", cells)
        self.assertTrue(cells.rstrip().endswith("—"))
        self.assertNotIn("数字经济", out)

    def test_an_unknown_chain_is_a_clear_error(self):
        err = io.StringIO()
        with contextlib.redirect_stderr(err):
            code, _ = _run("--chain", "nope")
        self.assertEqual(code, 2)
        self.assertIn("没有代码为“nope”的产业链", err.getvalue())


class ImportChainsCommandTests(TestCase):
    def test_zhaoshang_import_chains_names_the_bad_cell_and_writes_nothing(self):
        import tempfile
        from pathlib import Path

        from zhaoshang.accounts.models import Role
        from zhaoshang.chains.importers import HEADERS
        from zhaoshang.testing import make_user

        make_zone()
        make_user("admin", Role.ADMINISTRATOR)
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "chain.csv"
            path.write_text(",".join(HEADERS) + "\nvehicles,,bms,电池管理系统,侧游,,3670*,BMS,,1\n", encoding="utf-8")
            err = io.StringIO()
            with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
                code = main(["import", "chains", str(path)])
        self.assertEqual(code, 1)
        self.assertIn(f"{path}:2:位置: 位置应为上游、中游或下游，而不是“侧游”", err.getvalue())
        self.assertEqual(Segment.objects.get(chain__key="vehicles", key="bms").position, "midstream")
