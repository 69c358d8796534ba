"""The daemon's side of `executor: {kind: scrapyd}`: a batch sent as Scrapyd jobs, followed to
the end.

A batch's sources are split into jobs (`split`): one spider per job, so one board kind; a
host's sources always in the same job; at most JOB_SOURCES per job, and as many jobs as there
are nodes when the hosts allow. A host with more sources than one job takes has several jobs,
sent one after the other (`_send`). Each job goes to the node that answers with the least load
(`daemonstatus.json`: running + pending); a node that refuses it (HTTP 500, an error) is passed
over for the next. Jobs are followed with `listjobs.json`. When one ends, the database says
which of its sources were stored; the others are sent again (ATTEMPTS jobs in all), then
recorded as failed. A node whose API fails NODE_GRACE polls in a row is drained: its unfinished
jobs go elsewhere at once. A job there may in fact still be running (only its API stopped
answering): the new job waits for the host leases the old one holds (`store.lease`) and leaves
out what the old one stored meanwhile, so no host is crawled by two jobs at once and nothing is
stored twice. Once every job has ended the daemon delivers the alerts, one digest per target.
"""

from __future__ import annotations

import logging
import math
import threading
import time
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Engine

from monitor.boards import host_of
from monitor.config import Config, Source, format_duration
from monitor.schedule.batch import DEADLINE_SLACK, Outcome, record_failure
from monitor.scrapyd.client import PROJECT, Node, NodeError
from monitor.scrapyd.jobconfig import job_args, raw_config
from monitor.store.queries import results_since, stored_since
from monitor.timeutil import utcnow

logger = logging.getLogger("monitor.schedule.daemon")

POLL = 0.5  # seconds between looks at a batch's jobs
NODE_GRACE = 3  # failed API calls in a row before a node is drained
ATTEMPTS = 3  # jobs a source is sent in before its crawl is recorded as failed
# a job's log says what it crawled, left out and stored (a `check`'s says only what went wrong)
JOB_SETTINGS = {"LOG_LEVEL": "INFO"}
JOB_SOURCES = 1000  # sources per job at most (a job costs a second or two of start-up)
ARGS_BYTES = 100_000  # a job's arguments at most: Linux takes 128 kB for one argument


@dataclass
class NodeState:
    """What the daemon knows of one node."""

    node: Node
    up: bool = True
    failures: int = 0  # API calls failed in a row
    load: int = 0  # running + pending, as it last said
    sent: int = 0  # jobs sent to it
    error: str | None = None
    seen: datetime | None = None  # when it last answered

    def as_dict(self) -> dict[str, Any]:
        return {
            "url": self.node.shown, "up": self.up, "load": self.load, "jobs_sent": self.sent,
            "error": self.error, "last_answer": self.seen.isoformat() if self.seen else None,
        }  # fmt: skip


class Nodes:
    """The Scrapyd nodes, shared by every batch of the daemon; safe from any thread."""

    def __init__(self, urls: tuple[str, ...] | list[str], metrics: Any = None) -> None:
        self.states = [NodeState(Node(url)) for url in urls]
        self.metrics = metrics
        self._lock = threading.Lock()
        for state in self.states:
            self._gauge(state)

    def _gauge(self, state: NodeState) -> None:
        if self.metrics is not None:
            self.metrics.set("rolewatch_scrapyd_node_up", 1 if state.up else 0,
                             {"node": state.node.shown})  # fmt: skip
            self.metrics.set("rolewatch_scrapyd_node_load", state.load,
                             {"node": state.node.shown})  # fmt: skip

    def count(self, state: NodeState, outcome: str) -> None:
        if self.metrics is not None:
            self.metrics.inc("rolewatch_scrapyd_jobs_total",
                             {"node": state.node.shown, "outcome": outcome})  # fmt: skip

    def answered(self, state: NodeState, load: int | None = None) -> None:
        with self._lock:
            if not state.up:
                logger.info("Scrapyd node %s answers again", state.node.shown)
            state.up, state.failures, state.error, state.seen = True, 0, None, utcnow()
            if load is not None:
                state.load = load
        self._gauge(state)

    def failed(self, state: NodeState, error: NodeError) -> bool:
        """Count a failed call; True when the node is (now) drained."""
        with self._lock:
            state.failures += 1
            state.error = error.reason
            drained = state.failures >= NODE_GRACE and not error.refused
            if drained and state.up:
                state.up = False
                logger.warning("Scrapyd node %s drained: %s", state.node.shown, error.reason)
        self._gauge(state)
        return not state.up

    def ranked(self, avoid: set[str]) -> list[NodeState]:
        """The nodes to try for a job, least loaded first; those that do not answer left out."""
        ranked = []
        for index, state in enumerate(self.states):
            if state.node.url in avoid:
                continue
            try:
                load = state.node.load()
            except NodeError as exc:
                self.failed(state, exc)
                continue
            self.answered(state, load)
            ranked.append((load, state.sent, index, state))
        return [state for *_, state in sorted(ranked, key=lambda r: r[:3])]

    def report(self) -> list[dict[str, Any]]:
        with self._lock:
            return [state.as_dict() for state in self.states]


def split(sources: list[Source], nodes: int, limit: int = JOB_SOURCES) -> list[list[Source]]:
    """The jobs for these sources: one board kind each, at most `limit` sources each, a host's
    sources together unless they are more than `limit` (then its jobs take turns: the lease).
    """
    jobs: list[list[Source]] = []
    by_kind: dict[str, dict[str, list[Source]]] = defaultdict(lambda: defaultdict(list))
    for source in sources:
        by_kind[source.kind][host_of(source)].append(source)
    for hosts in by_kind.values():
        units = [group[i : i + limit] for group in hosts.values()
                 for i in range(0, len(group), limit)]  # fmt: skip
        count = sum(len(unit) for unit in units)
        bins: list[list[Source]] = [[] for _ in range(min(len(units), max(nodes, math.ceil(
            count / limit))))]  # fmt: skip
        for unit in sorted(units, key=len, reverse=True):
            fits = [b for b in bins if len(b) + len(unit) <= limit]
            if fits:
                min(fits, key=len).extend(unit)
            else:
                bins.append(list(unit))
        jobs.extend(b for b in bins if b)
    return jobs


@dataclass
class RemoteJob:
    """One job sent to a node."""

    id: str
    state: NodeState
    sources: list[Source]
    queued_since: float  # since when it waits for a slot no job of its batch holds
    running_since: float | None = None
    status: str = "pending"

    def __post_init__(self) -> None:
        self.hosts = frozenset(host_of(s) for s in self.sources)

    @property
    def kind(self) -> str:
        return self.sources[0].kind

    @property
    def names(self) -> list[str]:
        return [s.name for s in self.sources]


@dataclass
class RemoteBatch:
    """One batch crawled on the nodes: `run()` until its jobs end; `kill()` cancels them."""

    nodes: Nodes
    engine: Engine
    config: Config
    text: str  # the config in force, as written (jobs are told part of it)
    sources: list[Source]
    database: str
    jobs: list[RemoteJob] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.since = utcnow()
        self.began = time.monotonic()
        self.killed = False
        self._stop = threading.Event()
        self._attempts: dict[str, int] = defaultdict(int)
        self._timed_out: list[str] = []
        self._data = raw_config(self.text)  # read once: a job is told part of it

    def kill(self) -> None:
        """Stop following and cancel the jobs still on the nodes (safe from any thread)."""
        self.killed = True
        self._stop.set()

    def run(self) -> Outcome:
        names = [s.name for s in self.sources]
        queue = split(self.sources, len(self.nodes.states), JOB_SOURCES)
        try:
            while (queue or self.jobs) and not self.killed:
                queue = self._send(queue)
                if self._stop.wait(POLL):
                    break
                queue += self._poll()
        except BaseException:
            self._cancel_all()  # the database gone, say: no job is left behind unfollowed
            raise
        if self.killed:
            self._cancel_all()
        outcome = Outcome(names, "ok", time.monotonic() - self.began)
        outcome.results = results_since(self.engine, names, self.since)
        if self.killed:
            outcome.outcome = "aborted"
        elif self._timed_out:
            outcome.outcome, outcome.timed_out = "timeout", self._timed_out
        elif any(r["status"] == "failed" for r in outcome.results):
            outcome.outcome = "failed"
        return outcome

    # -- sending ----------------------------------------------------------------------------

    def _send(self, queue: list[list[Source]]) -> list[list[Source]]:
        """Send the groups none of whose hosts a job of this batch is crawling; the others
        (a host with more sources than one job takes) are kept until that job ends: sent now,
        they would only sit in a node's slot waiting for the host's lease, and could give up."""
        if not queue:
            return []  # the common case: asked at every poll
        busy = set().union(*(job.hosts for job in self.jobs))
        held = []
        for group in queue:
            hosts = {host_of(s) for s in group}
            if hosts & busy:
                held.append(group)
                continue
            self._submit(group)
            busy |= hosts
        return held

    def _submit(self, group: list[Source], avoid: set[str] | None = None) -> None:
        names = [s.name for s in group]
        for name in names:
            self._attempts[name] += 1
        args = job_args(self._data, self.config, names, since=self.since, database=self.database)
        if len(group) > 1 and sum(map(len, args.values())) > ARGS_BYTES:
            half = len(group) // 2  # Scrapyd passes them on a command line: halves of it
            for name in names:
                self._attempts[name] -= 1
            self._submit(group[:half], avoid)
            self._submit(group[half:], avoid)
            return
        errors = []
        for state in self.nodes.ranked(avoid or set()):
            try:
                job = state.node.schedule(PROJECT, group[0].kind, args, JOB_SETTINGS)
            except NodeError as exc:
                errors.append(f"{exc.node}: {exc.reason}")
                self.nodes.count(state, "refused")
                if self.nodes.failed(state, exc):
                    continue
                logger.warning("Scrapyd node %s did not take a job: %s; trying the next",
                               exc.node, exc.reason)  # fmt: skip
                continue
            self.nodes.answered(state)
            with self.nodes._lock:
                state.sent += 1
            self.nodes.count(state, "scheduled")
            self.jobs.append(RemoteJob(job, state, group, time.monotonic()))
            logger.debug("job %s on %s: %s", job, state.node.shown, ", ".join(names))
            return
        why = "; ".join(errors) or "no node answers"
        self._fail(group, f"no Scrapyd node took the crawl ({why})")

    def _fail(self, group: list[Source], error: str) -> None:
        for source in group:
            record_failure(self.engine, self.config, source, error, self.since)

    # -- following --------------------------------------------------------------------------

    def _poll(self) -> list[list[Source]]:
        """Look at every job once; the groups of sources to send again."""
        again: list[list[Source]] = []
        by_node: dict[int, list[RemoteJob]] = defaultdict(list)
        for job in self.jobs:
            by_node[id(job.state)].append(job)
        for jobs in by_node.values():
            state = jobs[0].state
            try:
                states = state.node.jobs(PROJECT)
            except NodeError as exc:
                if self.nodes.failed(state, exc):
                    for job in jobs:  # drained: what it did not store goes elsewhere
                        self.jobs.remove(job)
                        self.nodes.count(state, "lost")
                        again += self._ended(job, f"its node stopped answering ({exc.reason})")
                continue
            self.nodes.answered(state)
            now = time.monotonic()
            for job in jobs:
                job.status = states.get(job.id, "finished")  # gone from every list: ended
                if job.status == "running" and job.running_since is None:
                    job.running_since = now
            # a job queued behind this batch's own running jobs on that node waits on them,
            # whose deadlines bound its wait: its own wait counts from when none runs there
            ours_running = any(job.status == "running" for job in jobs)
            for job in jobs:
                status = job.status
                if status == "pending" and ours_running:
                    job.queued_since = now
                if status == "finished":
                    self.jobs.remove(job)
                    self.nodes.count(state, "finished")
                    again += self._ended(job, "its job ended without storing it")
                elif job.running_since is not None and now - job.running_since > _deadline(job):
                    self._time_out(job)
                elif job.running_since is None and now - job.queued_since > _deadline(job):
                    again += self._unstarted(job)
        return again

    def _unstarted(self, job: RemoteJob) -> list[list[Source]]:
        """A job still waiting in its node's queue past its deadline, with no job of its
        batch running there (the node's slots busy with other work): cancelled there and sent
        to another node; with no other node up, its sources are timed out, so that a batch
        never waits on a queue for ever."""
        self._withdraw(job, "unstarted")
        waited = format_duration(timedelta(seconds=_deadline(job)))
        why = f"it waited {waited} in the node's queue without starting"
        if any(s.up for s in self.nodes.states if s is not job.state):
            return self._ended(job, why, avoid={job.state.node.url})
        self._fail_unstored(job, f"timed out: {why}, and no other Scrapyd node is up")
        return []

    def _ended(
        self, job: RemoteJob, why: str, avoid: set[str] | None = None
    ) -> list[list[Source]]:
        """Sources of an ended (or lost) job that were not stored: to send again, or failed.
        avoid: nodes not to send them to (by default the job's own node once drained)."""
        stored = stored_since(self.engine, job.names, self.since)
        left = [s for s in job.sources if s.name not in stored]
        if not left:
            return []
        log = job.state.node.log_url(PROJECT, job.kind, job.id)
        retry = [s for s in left if self._attempts[s.name] < ATTEMPTS]
        given_up = [s for s in left if self._attempts[s.name] >= ATTEMPTS]
        logger.warning("job %s on %s: %s: %s%s", job.id, job.state.node.shown, why,
                       ", ".join(s.name for s in left),
                       "; sending it again" if retry else "")  # fmt: skip
        if given_up:
            self._fail(given_up, f"not crawled: {why} {ATTEMPTS} times (the last log: {log})")
        if avoid is None:
            avoid = {job.state.node.url} if not job.state.up else set()
        if avoid and retry:
            for group in split(retry, len(self.nodes.states)):
                self._submit(group, avoid)
            return []
        return split(retry, len(self.nodes.states)) if retry else []

    def _time_out(self, job: RemoteJob) -> None:
        """Cancel a job past its deadline; its sources not stored are failed crawls."""
        self._withdraw(job, "timeout")
        seconds = int(_deadline(job))
        self._fail_unstored(
            job, f"timed out: its Scrapyd job ran past {seconds}s and was cancelled"
        )

    def _fail_unstored(self, job: RemoteJob, error: str) -> None:
        """Record the sources of a given-up job that it did not store as timed-out crawls."""
        stored = stored_since(self.engine, job.names, self.since)
        for source in job.sources:
            if source.name not in stored:
                self._timed_out.append(source.name)
                record_failure(self.engine, self.config, source, error, self.since)

    def _withdraw(self, job: RemoteJob, outcome: str) -> None:
        """Stop following a job, counted under `outcome`, and cancel it on its node."""
        self.jobs.remove(job)
        self.nodes.count(job.state, outcome)
        self._cancel(job)

    def _cancel(self, job: RemoteJob) -> None:
        try:
            job.state.node.cancel(PROJECT, job.id)
        except NodeError as exc:
            logger.warning("cannot cancel job %s on %s: %s", job.id, exc.node, exc.reason)

    def _cancel_all(self) -> None:
        for job in self.jobs:
            self._cancel(job)
        self.jobs.clear()


def _deadline(job: RemoteJob) -> float:
    """Seconds a job may run (a wait for busy hosts' leases, then its sources' timeout), and
    may wait in its node's queue before it starts."""
    timeout = max(s.timeout.total_seconds() for s in job.sources)
    return 2 * (timeout + DEADLINE_SLACK)
