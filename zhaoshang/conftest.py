"""Each test starts with an empty cache: cached figures are keyed by a version token kept in the database,
and a test's rolled-back transaction gives the next test the same token, so a figure cached by one test
would otherwise be read by the next."""

import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
