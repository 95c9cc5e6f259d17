"""Similar names: the review proposes 纵目科技（上海）股份有限公司 for 纵目科技, but not any other 科技 company."""

from django.test import SimpleTestCase

from zhaoshang.organizations.matching import distinctive_core, name_core, names_similar


class SimilarNameTests(SimpleTestCase):
    def test_place_prefixes_bracketed_places_and_legal_endings_are_dropped(self):
        for name in ("纵目科技（上海）股份有限公司", "上海纵目科技有限公司", "纵目科技(上海)有限公司", "纵目科技"):
            with self.subTest(name=name):
                self.assertEqual(name_core(name), "纵目科技")
        self.assertEqual(distinctive_core("纵目科技（上海）股份有限公司"), "纵目")

    def test_a_short_name_is_similar_to_the_registered_name_that_contains_its_core(self):
        self.assertTrue(names_similar("纵目科技", "纵目科技（上海）股份有限公司"))
        self.assertTrue(names_similar("创徒", "创徒丛林（上海）企业管理有限公司"))
        self.assertTrue(names_similar("唯品会", "唯品会（中国）有限公司"))

    def test_names_that_share_only_places_or_generic_words_are_not(self):
        self.assertFalse(names_similar("上海科技", "北京科技有限公司"))
        self.assertFalse(names_similar("浙江大学", "复旦大学"))
        self.assertFalse(names_similar("纵目科技", "上海张江高科技园区"))
