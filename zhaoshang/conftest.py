"""Each test starts with an empty cache: cached figures are keyed by a version token kept in the database,
and a test's rolled-back transaction gives the next test the same token, so a figure cached by one test
would otherwise be read by the next. The tests use a memory cache of their own, not the data folder's file
cache that the server's workers share (two test runs side by side would read each other's figures)."""

import pytest
from django.core.cache import cache
from django.test import override_settings

from zhaoshang.core.concurrency import close_pool

MEMORY_CACHE = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}


@pytest.fixture(autouse=True, scope="session")
def _memory_cache():
    with override_settings(CACHES=MEMORY_CACHE):
        yield


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield


@pytest.fixture(autouse=True)
def _figure_threads_closed():
    """The figure threads (core.concurrency) of a test outside a transaction close their connections after it."""
    yield
    close_pool()
