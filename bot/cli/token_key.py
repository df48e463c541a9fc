"""`factdesk token-key`: print a new key for FACTDESK_TOKEN_KEY (Slack OAuth mode)."""

from __future__ import annotations

import argparse
from typing import Any


def register(commands: Any) -> None:
    parser: argparse.ArgumentParser = commands.add_parser(
        "token-key", help="print a new FACTDESK_TOKEN_KEY (encrypts workspaces' tokens)",
        description="Print a new Fernet key for FACTDESK_TOKEN_KEY. To rotate, put the new "
        "key first and keep the old one after a comma: tokens sealed with it still open.",
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from bot.installations import new_key  # cryptography: only for this command

    print(new_key())
    return 0
