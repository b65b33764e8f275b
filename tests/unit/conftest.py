"""Fixtures of the REST API tests (tests/api_fixtures.py), available to every unit test module."""

from tests.api_fixtures import client, world  # noqa: F401
