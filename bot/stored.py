"""What the service says when Redis cannot take what it is given.

An unreachable Redis and one that answers but refuses writes (full, read-only) call for
different words: the first passes, the second needs whoever runs factdesk. A check is still
answered (marked not saved); a verdict is refused plainly; anything else read or written
on the desk raises `StorageUnavailableError` with the right message (`stored`).
"""

from __future__ import annotations

from collections.abc import Awaitable
from typing import TypeVar

from bot.errors import StorageUnavailableError
from bot.redis_conn import StorageFault, storage_fault

T = TypeVar("T")

NOT_SAVED = (
    "The team's database is unreachable, so this check was not saved and its claims "
    "cannot be discussed yet. Run it again once the database is back."
)
NOT_SAVED_UNWRITABLE = (
    "The team's database is full or read-only, so this check was not saved and its claims "
    "cannot be discussed yet. Tell whoever runs factdesk, and run it again once it is fixed."
)
VERDICT_NOT_SAVED = (
    "Your verdict was NOT saved: the team's database is unreachable. "
    "Please try again in a minute."
)
VERDICT_NOT_SAVED_UNWRITABLE = (
    "Your verdict was NOT saved: the team's database is full or read-only. "
    "Tell whoever runs factdesk, and try again once it is fixed."
)
STORAGE_UNREACHABLE = (
    "The team's database is unreachable right now. Please try again in a minute."
)
STORAGE_UNWRITABLE = (
    "The team's database is full or read-only, so this could not be saved. "
    "Tell whoever runs factdesk, and try again once it is fixed."
)


async def stored(call: Awaitable[T]) -> T:
    """`call`'s result; a storage fault becomes a StorageUnavailableError a user can read."""
    try:
        return await call
    except Exception as exc:
        fault = storage_fault(exc)
        if fault is None:
            raise
        raise StorageUnavailableError(
            STORAGE_UNREACHABLE if fault is StorageFault.UNAVAILABLE else STORAGE_UNWRITABLE
        ) from exc


def fault_of(error: StorageUnavailableError) -> StorageFault:
    """The fault a `stored` refusal was raised for."""
    return (StorageFault.UNAVAILABLE if error.message == STORAGE_UNREACHABLE
            else StorageFault.UNWRITABLE)


def verdict_not_saved(fault: StorageFault) -> str:
    return VERDICT_NOT_SAVED if fault is StorageFault.UNAVAILABLE else VERDICT_NOT_SAVED_UNWRITABLE


def not_saved(fault: StorageFault) -> str:
    """The note on a check answered without being saved."""
    return NOT_SAVED if fault is StorageFault.UNAVAILABLE else NOT_SAVED_UNWRITABLE


def described(fault: StorageFault) -> str:
    """The fault in a log line."""
    if fault is StorageFault.UNAVAILABLE:
        return "redis unreachable"
    return "redis refusing writes (full or read-only)"
