"""The two tiers of failure.

A `CheckError` carries a message a user can act on ("that page has no article text").
Anything else is a fault of ours or of a dependency: it is logged with a correlation id
and the user sees only a short apology with that id. `user_message` is the one place
where an exception becomes text for a person; no handler formats an exception itself.
"""

from __future__ import annotations

import logging
import secrets
from dataclasses import dataclass


class CheckError(Exception):
    """A failure the user can do something about; `message` is shown to them as is."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class InputError(CheckError):
    """The input is not something we can check: empty, binary, not an article."""


class FetchError(CheckError):
    """The link could not be fetched: unreachable, 404, too large, too slow."""


class BlockedAddressError(FetchError):
    """The link points at a private, loopback or link-local address."""


class UnsupportedContentError(FetchError):
    """The link serves something other than HTML or plain text."""


class EmptyArticleError(CheckError):
    """The page has no article text we can find (paywall, script-only page)."""


class AnalyzerError(CheckError):
    """The model could not give an analysis (timeout, refusal, repeated bad output)."""


class UnsupportedLanguageError(CheckError):
    """The offline engine reads English only, and the article is in another language."""


class StorageUnavailableError(CheckError):
    """Redis is unreachable, so a record (a verdict, a setting) could not be saved."""


class ConfigError(CheckError):
    """A setting needed by the chosen feature is missing or invalid."""


class NotAllowedError(CheckError):
    """The user may not do this (e.g. change team settings without admin rights)."""


def rebuilt(name: str | None, message: str) -> CheckError:
    """The `CheckError` subclass called `name` (as another process recorded it) with its
    message; the base class when `name` is none of ours."""
    found = globals().get(str(name))
    if isinstance(found, type) and issubclass(found, CheckError):
        return found(message)
    return CheckError(message)


def new_correlation_id() -> str:
    """A short id a user can quote to an operator, and that the logs carry."""
    return secrets.token_hex(4)


@dataclass(frozen=True)
class UserMessage:
    """What a person is told about a failure, and whether it was their input or our fault."""

    text: str
    user_error: bool
    correlation_id: str | None = None


def user_message(
    exc: BaseException, logger: logging.Logger, correlation_id: str | None = None
) -> UserMessage:
    """Turn any exception into text for a person, logging the ones that are our fault."""
    if isinstance(exc, CheckError):
        return UserMessage(text=exc.message, user_error=True)
    cid = correlation_id or new_correlation_id()
    logger.error("unexpected failure [%s]", cid, exc_info=exc)
    return UserMessage(
        text=f"Sorry, something went wrong on our side. Reference: {cid}",
        user_error=False,
        correlation_id=cid,
    )
