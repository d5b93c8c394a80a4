from tests.messaging.outbox_fixtures import _daytime, _sms_in_memory  # noqa: F401 - autouse fixtures
