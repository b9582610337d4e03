"""Run actions at the same moment from threads, each with its own database connection.

PostgreSQL reports a deadlock as an OperationalError in one of the threads, and the test
client re-raises a view's exception, so a deadlock or a 500 shows up in `crashes`.
"""

import threading

from django.db import connection
from django.test import Client

from samskap.core.errors import DomainError
from samskap.funding.checks import ledger_breaches


def run_together(*actions, timeout: float = 120) -> tuple[list, list]:
    """Start every action at once; return (results, refusals) and assert none crashed."""
    barrier = threading.Barrier(len(actions))
    results, refusals, crashes = [], [], []

    def run(action):
        try:
            barrier.wait()
            results.append(action())
        except DomainError as error:
            refusals.append(error)
        except Exception as error:
            crashes.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(action,)) for action in actions]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout)
    assert not any(thread.is_alive() for thread in threads), "a thread is still waiting"
    assert crashes == []
    return results, refusals


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def post_together(user, url: str, forms: list[dict]) -> list[int]:
    """POST each form from its own logged-in client at once; the status codes, sorted."""
    clients = [logged_in(user) for _form in forms]
    results, refusals = run_together(
        *[
            lambda c=client, f=form: c.post(url, f)
            for client, form in zip(clients, forms, strict=True)
        ]
    )
    assert refusals == []
    return sorted(response.status_code for response in results)


def assert_ledger_holds() -> None:
    assert ledger_breaches() == []
