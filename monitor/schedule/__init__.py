"""The daemon, `rolewatch run`: APScheduler in the parent, one `check` child per due set.

plan (when each source runs) -> daemon (the loop, signals, reload, timers) -> batch and child
(one `check -s ... --json` process, its deadlines, killing it) -> report (log lines, metrics,
source states); health (/healthz, /metrics over HTTP), metrics, lock (one daemon per
database), configfile (the config in force), commands (`run`, `db prune`).
"""
