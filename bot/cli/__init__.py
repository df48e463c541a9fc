"""The `factdesk` command: analyze articles, run the chat bots and the analysis workers,
print digests, evaluate.

Exit codes: 0 success, 2 a user error (one line on standard error, no traceback),
1 an internal error (logged with a reference the user can quote).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from bot import __version__
from bot.cli import analyze as analyze_command
from bot.cli import digest as digest_command
from bot.cli import evaluate as evaluate_command
from bot.cli import token_key as token_key_command
from bot.cli import worker as worker_command

EXIT_OK, EXIT_INTERNAL, EXIT_USER = 0, 1, 2


def build_parser(argv: Sequence[str] = ()) -> argparse.ArgumentParser:
    """The parser; the chat platforms' commands (heavy imports) only when they may run."""
    parser = argparse.ArgumentParser(
        prog="factdesk",
        description="Claims, denials and shaky attributions in news articles, quoted verbatim.",
    )
    parser.add_argument("--version", action="version", version=f"factdesk {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    analyze_command.register(commands)
    evaluate_command.register(commands)
    digest_command.register(commands)
    worker_command.register(commands)
    token_key_command.register(commands)
    # the chat platforms are plugins (entry points of `factdesk.platforms`): the core
    # never imports them; they are loaded only for their own command or the help
    from bot.serve import platform_names, register_platforms

    if argv and argv[0] in commands.choices:
        return parser  # a core command: the platforms' entry points are not even read
    if not argv or argv[0] in ("-h", "--help") or argv[0] in platform_names():
        register_platforms(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    arguments = list(sys.argv[1:] if argv is None else argv)
    args = build_parser(arguments).parse_args(arguments)
    code: int = args.run(args)
    return code


if __name__ == "__main__":
    sys.exit(main())
