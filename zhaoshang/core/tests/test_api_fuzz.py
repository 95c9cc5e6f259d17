"""Schemathesis over the OpenAPI schema, as an officer and as a partner: generated requests to every
operation never get a server error or a status the schema does not document. Bounded to a few examples
per operation (seconds in all); `python benchmarks/fuzz.py` runs more of them."""

from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from django.test import TestCase
from hypothesis import HealthCheck, given, settings

from zhaoshang.accounts.models import ApiToken, Role
from zhaoshang.testing import make_carrier, make_project, make_user, make_zone

EXAMPLES = 6


def fuzz(operations, headers: dict, examples: int, failures: dict | None = None) -> dict[str, int]:
    """Run generated cases against each operation; the number of cases per operation. A failure raises,
    or, given a `failures` dict, is kept there by operation and the next operation runs.

    The requests go through Django's real WSGI handler, whose request signals close the database connection
    after each request; inside a test's transaction that closes the test's own connection (on PostgreSQL), so
    the signals are held off while fuzzing, as Django's test client does."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        return _fuzz(operations, headers, examples, failures)
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def _fuzz(operations, headers: dict, examples: int, failures: dict | None) -> dict[str, int]:
    import schemathesis
    from schemathesis.checks import not_a_server_error
    from schemathesis.specs.openapi.checks import status_code_conformance

    schema = schemathesis.openapi.from_wsgi("/api/openapi.json", get_wsgi_application(), headers=headers)
    ran: dict[str, int] = {}
    for result in schema.get_all_operations():
        operation = result.ok()  # type: ignore[union-attr]  # an invalid operation raises here, failing the run
        if operations is not None and (operation.method.upper(), operation.path) not in operations:
            continue
        label = f"{operation.method.upper()} {operation.path}"
        ran[label] = 0
        try:
            _run(operation, label, headers, examples, ran, [not_a_server_error, status_code_conformance])
        except BaseException as exc:  # schemathesis' FailureGroup is a BaseExceptionGroup
            if failures is None or isinstance(exc, KeyboardInterrupt | SystemExit):
                raise
            failures[label] = str(exc)
    return ran


def _run(operation, label: str, headers: dict, examples: int, ran: dict, checks: list) -> None:
    @settings(max_examples=examples, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    @given(case=operation.as_strategy())
    def run(case):
        response = case.call(headers=headers)
        case.validate_response(response, checks=checks, headers=headers)
        ran[label] += 1

    run()


class ApiFuzzTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        zone = make_zone()
        carrier = make_carrier(zone)
        cls.officer = make_user("officer", Role.OFFICER, team="招商一组")
        cls.partner = make_user("partner", Role.PARTNER, carrier=carrier)
        make_project(zone, "模糊测试项目", owner=cls.officer)
        _, cls.officer_key = ApiToken.issue(user=cls.officer, name="fuzz")
        _, cls.partner_key = ApiToken.issue(user=cls.partner, name="fuzz")

    def test_no_server_error_and_no_undocumented_status_for_an_officer_or_a_partner(self):
        from zhaoshang.api import api

        operations = sum(len(methods) for methods in api.get_openapi_schema()["paths"].values())
        for key in (self.officer_key, self.partner_key):
            ran = fuzz(None, {"Authorization": f"Bearer {key}"}, EXAMPLES)
            self.assertEqual(len(ran), operations)  # every operation of the schema
            self.assertTrue(all(count > 0 for count in ran.values()), ran)
