"""The node's side: the spiders Scrapyd runs, one per board kind, each a whole `check` of the
sources its job names (crawl, store, diff, outbox), against the shared PostgreSQL.

`JobSpiderLoader` is the project's spider loader (`SPIDER_LOADER_CLASS`): it lists the board
kinds and builds, for a kind, its board spider with a `from_crawler` that reads the job's
arguments (`jobconfig`), takes a lease on every host the job crawls (`store.lease`), leaves out
the sources already stored since the batch began (by an earlier job the daemon gave up on), and
hands the spider a sink as `check` would. When the spider closes, the sink is closed and the
leases given back; the daemon reads the results from the database and delivers the alerts.
"""

from __future__ import annotations

import functools
import logging
import threading
from typing import Any, Self

from scrapy import Spider, signals
from scrapy.crawler import Crawler
from scrapy.settings import BaseSettings

from monitor.kinds import KINDS

logger = logging.getLogger(__name__)

DEADLINE_SLACK = 30.0  # seconds past its sources' timeout a job waits for a busy host's lease


class JobSpiderLoader:
    """Scrapy's spider loader for this project: one spider per board kind, built on demand."""

    def __init__(self, settings: BaseSettings) -> None:
        self.settings = settings

    @classmethod
    def from_settings(cls, settings: BaseSettings) -> Self:
        return cls(settings)

    def load(self, spider_name: str) -> type[Spider]:
        if spider_name not in KINDS:
            raise KeyError(f"Spider not found: {spider_name}")
        return job_spider(spider_name)

    def find_by_request(self, request: Any) -> list[str]:
        return []

    def list(self) -> list[str]:  # noqa: A003 (Scrapy's name)
        return [*KINDS]


@functools.cache
def job_spider(kind: str) -> type[Spider]:
    """The board spider of `kind`, started by a Scrapyd job's arguments."""
    from spiders import spider_for

    base = spider_for(kind)

    def from_crawler(cls: type[Spider], crawler: Crawler, *args: Any, **kwargs: Any) -> Spider:
        job = Job(crawler, kwargs)
        spider = super(cls, cls).from_crawler(  # type: ignore[misc]
            crawler, *args, sources=job.sources, context=job.sink.context, sink=job.sink,
            **{k: v for k, v in kwargs.items() if k.startswith("_")},  # Scrapyd's _job
        )  # fmt: skip
        spider.job = job  # Scrapy's signals hold weak references: this keeps it alive
        crawler.signals.connect(job.close, signal=signals.spider_closed)
        return spider

    return type(
        f"{base.__name__}Job",
        (base,),
        {"name": kind, "__module__": __name__, "from_crawler": classmethod(from_crawler)},
    )


class Job:
    """What one Scrapyd job crawls, and everything it holds open until its spider closes."""

    def __init__(self, crawler: Crawler, args: dict[str, Any]) -> None:
        from monitor.boards import host_of
        from monitor.crawl import configure, notice_interrupts, open_sink
        from monitor.scrapyd.jobconfig import read_job
        from monitor.store.db import make_engine, schema_state, where
        from monitor.store.lease import Leases
        from monitor.store.queries import stored_since
        from monitor.store.writer import Store
        from spiders import spider_for

        spec = read_job(args)
        self.engine = make_engine(spec.database)
        state = schema_state(self.engine)
        if state != "current":
            self.engine.dispose()
            raise RuntimeError(
                f"the database {where(self.engine)} has schema {state!r}, not this rolewatch's: "
                "deploy the daemon's version to this node (`rolewatch deploy`)"
            )
        wanted = spec.config.select(spec.names)
        self.leases = Leases(self.engine)
        wait = max((s.timeout.total_seconds() for s in wanted), default=0) + DEADLINE_SLACK
        hosts = {s.name: host_of(s) for s in wanted}
        taken = self.leases.take(sorted(set(hosts.values())), wait)
        busy = [s.name for s in wanted if hosts[s.name] not in taken]
        done = stored_since(self.engine, [s.name for s in wanted], spec.since)
        self.sources = [s for s in wanted if s.name not in done and s.name not in busy]
        if done:
            logger.info("already stored since the batch began, left out: %s", ", ".join(done))
        if busy:
            logger.warning("hosts still leased by another job, not crawled: %s", ", ".join(busy))
        configure(crawler.settings, spec.config, self.sources)
        store = Store(self.engine, spec.config)
        # forking store children is safe only while this process has a single thread
        self.sink = open_sink(
            store,
            self.sources,
            [spider_for(k) for k in dict.fromkeys(s.kind for s in self.sources)],
            children=threading.active_count() == 1,
            not_before=spec.since,  # its runs are matched to the batch by time
        )
        notice_interrupts(self.sink)
        logger.info("rolewatch job: %d sources", len(self.sources),
                    extra={"sources": [s.name for s in self.sources]})  # fmt: skip

    def close(self, spider: Spider, reason: str) -> None:
        """Store what is left, give the leases back; a line per source for the job's log."""
        try:
            self.sink.close()
            for result in self.sink.finish().values():
                logger.info("%s: %s, %d seen, %d new, %d changed, %d removed%s",
                            result.source, result.status, result.seen, result.new,
                            result.changed, result.removed,
                            f" ({result.error})" if result.error else "")  # fmt: skip
        finally:
            self.leases.release()
            self.engine.dispose()
