"""`zhaoshang ingest`: documents stored once per content, extracted, queued; bad files reported, not fatal."""

from __future__ import annotations

import io
import shutil
import tempfile
import unittest
from contextlib import ExitStack, redirect_stderr, redirect_stdout
from importlib import resources
from pathlib import Path
from unittest import mock

from django.test import TestCase

from zhaoshang.cli import main
from zhaoshang.intel.models import Document, ExtractedItem
from zhaoshang.intel.tests.helpers import real_extractor, stand_in
from zhaoshang.testing import make_user, make_zone
from zhaoshang.text import Analysis, Extraction, Normalized

SEED = "000_4b3a84f5f5d92920.txt"
SEED_FIGURES = [33, 44138000000, 0.7, 8, 6, 50, 0.99, 4, 2, 19, 2274, 849]
BOILERPLATE = ["12318", "64334547", "2016", "G60", "Copyright", "评论"]


def seed_bytes() -> bytes:
    return resources.files("zhaoshang.demo").joinpath(SEED).read_bytes()


class IngestCommandTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.zone = make_zone()
        cls.officer = make_user("officer")

    def setUp(self):
        self.folder = Path(tempfile.mkdtemp())
        self.addCleanup(shutil.rmtree, self.folder)
        (self.folder / SEED).write_bytes(seed_bytes())

    def ingest(self, *args: str) -> tuple[int, str, str]:
        out, err = io.StringIO(), io.StringIO()
        with ExitStack() as stack:
            if not real_extractor():
                stack.enter_context(stand_in())
            stack.enter_context(redirect_stdout(out))
            stack.enter_context(redirect_stderr(err))
            code = main(["ingest", *args])
        return code, out.getvalue(), err.getvalue()

    def test_the_seed_is_stored_once_and_ingesting_it_again_reports_a_duplicate(self):
        code, out, _ = self.ingest(str(self.folder / SEED), "--user", "officer")
        self.assertEqual(code, 0)
        self.assertRegex(out, r"000_4b3a84f5f5d92920\.txt: new: document \d+, \d+ items queued for review")
        document = Document.objects.get()
        self.assertEqual(document.added_by, self.officer)
        self.assertEqual(document.zone, self.zone)
        self.assertTrue(document.items.exists())
        self.assertIsNotNone(document.extracted_at)
        code, out, _ = self.ingest(str(self.folder))
        self.assertEqual(code, 0)
        self.assertIn(f"duplicate of document {document.pk}", out)
        self.assertEqual(Document.objects.count(), 1)

    def test_a_binary_file_is_rejected_and_the_other_files_still_go_through(self):
        (self.folder / "scan.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
        (self.folder / "notes.md").write_text("纵目科技在湖州签约建设激光雷达项目。", encoding="utf-8")
        (self.folder / "image.png").write_bytes(b"\x00\x01")  # not a text suffix: skipped in a folder
        code, out, err = self.ingest(str(self.folder))
        self.assertEqual(code, 1)
        self.assertIn("scan.txt: rejected: ", err)
        self.assertNotIn("image.png", out + err)
        self.assertEqual(Document.objects.count(), 2)

    def test_a_missing_file_is_reported(self):
        code, _, err = self.ingest(str(self.folder / "absent.txt"))
        self.assertEqual(code, 1)
        self.assertIn("absent.txt: rejected: ", err)

    def test_background_extraction_runs_inline_when_huey_is_immediate(self):
        code, out, _ = self.ingest(str(self.folder), "--background")
        self.assertEqual(code, 0)
        self.assertIn("extraction queued", out)
        self.assertTrue(Document.objects.get().items.exists())

    def test_background_extraction_waits_for_the_worker_when_huey_is_not_immediate(self):
        from huey.contrib.djhuey import HUEY

        from zhaoshang.intel.tasks import document_extract_task

        HUEY.immediate = False
        self.addCleanup(setattr, HUEY, "immediate", True)
        HUEY.flush()
        self.addCleanup(HUEY.flush)
        code, out, _ = self.ingest(str(self.folder), "--background")
        self.assertEqual(code, 0)
        document = Document.objects.get()
        self.assertIsNone(document.extracted_at)
        self.assertFalse(document.items.exists())
        task = HUEY.dequeue()
        self.assertEqual(task.args, (document.pk,))
        with ExitStack() as stack:
            if not real_extractor():
                stack.enter_context(stand_in())
            queued = document_extract_task.call_local(*task.args)
        self.assertEqual(document.items.count(), queued)
        self.assertGreater(queued, 0)

    def test_an_unknown_user_stops_before_anything_is_stored(self):
        code, _, err = self.ingest(str(self.folder), "--user", "nobody")
        self.assertEqual(code, 2)
        self.assertIn("nobody", err)
        self.assertFalse(Document.objects.exists())


@unittest.skipUnless(real_extractor(), "the extractor (zhaoshang.text) is not there yet")
class SeedQueueTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        from zhaoshang.intel.services import document_extract, document_ingest

        cls.zone = make_zone()
        cls.document, _ = document_ingest(raw_bytes=seed_bytes(), source=SEED, zone=cls.zone)
        document_extract(document=cls.document)
        cls.metrics = list(cls.document.items.filter(kind=ExtractedItem.Kind.METRIC))

    def test_the_seed_queue_holds_its_figures(self):
        values = [float(m.payload["value"]) for m in self.metrics]
        for figure in SEED_FIGURES:
            self.assertIn(float(figure), values)

    def test_nothing_from_the_hotline_copyright_comments_or_g60_is_queued_as_a_figure(self):
        for metric in self.metrics:
            for word in BOILERPLATE:
                self.assertNotIn(word, metric.span)
        self.assertNotIn("12318", self.document.text)
        self.assertNotIn("Copyright", self.document.text)

    def test_every_seed_metric_is_highlighted_in_the_clean_text(self):
        for metric in self.metrics:
            self.assertIsNotNone(metric.start, metric.payload)
            self.assertEqual(self.document.text[metric.start:metric.end], metric.span)

    def test_the_same_article_in_gbk_is_the_same_document(self):
        from zhaoshang.intel.services import document_ingest

        again, created = document_ingest(raw_bytes=seed_bytes().decode("utf-8").encode("gb18030"),
                                         source="seed-gbk.txt", zone=self.zone)
        self.assertFalse(created)
        self.assertEqual(again, self.document)


class ExtractionFailureTests(TestCase):
    def test_a_file_the_extractor_fails_on_is_reported_and_the_batch_goes_on(self):
        make_zone()
        folder = Path(tempfile.mkdtemp())
        self.addCleanup(shutil.rmtree, folder)
        (folder / "a.txt").write_text("第一篇", encoding="utf-8")
        (folder / "b.txt").write_text("第二篇", encoding="utf-8")

        def analyse(raw):
            if raw == "第一篇":
                raise RuntimeError("extractor bug")
            return Analysis(Normalized(raw), Extraction())

        out, err = io.StringIO(), io.StringIO()
        with stand_in(), mock.patch("zhaoshang.intel.services._analyse", analyse), \
                redirect_stdout(out), redirect_stderr(err):
            code = main(["ingest", str(folder)])
        self.assertEqual(code, 1)
        self.assertIn("a.txt: rejected: stored as document", err.getvalue())
        self.assertIn("b.txt: new", out.getvalue())
        failed = Document.objects.get(raw="第一篇")
        self.assertIn("extractor bug", failed.extraction_error)
        self.assertIsNone(failed.extracted_at)
