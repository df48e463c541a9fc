"""Analyses on a Redis job queue, run by `factdesk worker` processes (taskiq-redis).

Off by default: a chat process then analyzes in-process, as on one machine. With
FACTDESK_ANALYSIS_QUEUE on, a chat process that misses the cache puts the analysis on the
queue (`JobQueue.analyze`), waits for its result, and posts the answer itself: the chat
process that acknowledged the command is the one that answers it, with that workspace's
client, so a worker needs no chat credentials. Workers run `Service.analyze`, whose single
flight holds across every worker; the chat processes add their own flight (one job per
article at a time). A job whose worker died is taken by another worker once; a second
loss is told to the user (`JobLostError`).

Nothing is imported here: taskiq loads only in the processes that use the queue
(`bot.jobs.queue`), not in every `factdesk` command.
"""
