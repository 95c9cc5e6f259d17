from django.test import SimpleTestCase

from zhaoshang.chains.matching import segment_fit


class SegmentFitTests(SimpleTestCase):
    def test_a_full_code_or_a_prefix_places_the_firm_without_keywords(self):
        self.assertEqual(segment_fit(["3841"], [], [], "3841", "某某能源有限公司"), "code")
        self.assertEqual(segment_fit(["39"], [], [], "3962", "某某电子有限公司"), "code")

    def test_a_partial_code_needs_a_keyword_in_the_firms_text(self):
        bms = (["3824"], ["3670"], ["电池管理", "BMS"])
        self.assertEqual(segment_fit(*bms, "3670", "某某汽车部件公司 新能源车bms研发"), "keywords")
        self.assertIsNone(segment_fit(*bms, "3670", "某某汽车部件公司 车灯项目"))

    def test_a_firm_in_another_class_does_not_fit_by_words_alone(self):
        self.assertIsNone(segment_fit([], ["3670"], ["电池管理"], "6513", "电池管理软件公司"))

    def test_a_firm_without_a_code_fits_by_keywords(self):
        self.assertEqual(segment_fit([], ["3670"], ["热管理"], None, "某某热管理科技有限公司"), "keywords")
        self.assertIsNone(segment_fit(["3670"], [], ["热管理"], "", "某某科技有限公司"))
