"""factdesk on Slack: a Bolt `AsyncApp` that turns Slack events into `bot.service` calls.

`app.build_app` makes the app and `app.register` wires the listeners; `command` is the
`factdesk slack` subcommand that runs it in Socket Mode or over HTTP.
"""
