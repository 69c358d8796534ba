"""Scrapyd's JSON API, as the daemon and `deploy` use it: one `Node` per URL.

Every failure is a `NodeError` saying which node (its URL without password) and what went
wrong; `refused` tells a node that answered "no" (HTTP 5xx or `"status": "error"`) from one
that did not answer at all.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import requests

from monitor.masking import mask_url

PROJECT = "rolewatch"  # the Scrapyd project; scrapy.cfg's [deploy] project says the same
TIMEOUT = 10.0  # seconds for one API call; a node slower than that is not answering
UPLOAD_TIMEOUT = 120.0  # addversion.json runs `scrapy list` on the egg before it answers


class NodeError(Exception):
    """A Scrapyd node that did not answer, or answered with an error."""

    def __init__(self, node: str, reason: str, *, refused: bool = False) -> None:
        super().__init__(f"{node}: {reason}")
        self.node, self.reason, self.refused = node, reason, refused


@dataclass
class Node:
    """One Scrapyd node's API."""

    url: str
    timeout: float = TIMEOUT

    def __post_init__(self) -> None:
        self.url = self.url.rstrip("/")
        self._http = requests.Session()

    @property
    def shown(self) -> str:
        """The URL as it may be printed: no password."""
        return mask_url(self.url)

    def _call(
        self,
        method: str,
        path: str,
        *,
        timeout: float | None = None,
        **kwargs: Any,
    ) -> dict[str, Any]:
        try:
            response = self._http.request(
                method, f"{self.url}/{path}", timeout=timeout or self.timeout, **kwargs
            )
        except requests.Timeout:
            raise NodeError(self.shown, "no answer (timed out)") from None
        except requests.ConnectionError as exc:
            raise NodeError(self.shown, f"unreachable ({_reason(exc)})") from None
        except requests.RequestException as exc:
            raise NodeError(self.shown, f"unreachable ({type(exc).__name__})") from None
        if response.status_code == 401:
            raise NodeError(self.shown, "refused: it needs a user and password (HTTP 401)",
                            refused=True)  # fmt: skip
        if response.status_code != 200:
            raise NodeError(self.shown, f"answered HTTP {response.status_code}", refused=True)
        try:
            body = response.json()
        except ValueError:
            raise NodeError(self.shown, "answered something other than JSON: is it Scrapyd?",
                            refused=True) from None  # fmt: skip
        if not isinstance(body, dict):
            raise NodeError(self.shown, "answered JSON that is not Scrapyd's", refused=True)
        if body.get("status") != "ok":
            message = str(body.get("message") or "no reason given").strip()
            raise NodeError(self.shown, f"refused: {message.splitlines()[-1][:300]}",
                            refused=True)  # fmt: skip
        return body

    def status(self) -> dict[str, Any]:
        """`daemonstatus.json`: running, pending and finished jobs."""
        return self._call("GET", "daemonstatus.json")

    def load(self) -> int:
        """Jobs running and waiting on the node."""
        body = self.status()
        return int(body.get("running") or 0) + int(body.get("pending") or 0)

    def schedule(
        self, project: str, spider: str, args: dict[str, str], settings: dict[str, str]
    ) -> str:
        """Start a job (`schedule.json`) with these spider arguments and Scrapy settings."""
        data = [("project", project), ("spider", spider), *args.items()]
        data += [("setting", f"{name}={value}") for name, value in settings.items()]
        body = self._call("POST", "schedule.json", data=data)
        job = body.get("jobid")
        if not isinstance(job, str) or not job:
            raise NodeError(self.shown, "accepted the job but gave no job id", refused=True)
        return job

    def jobs(self, project: str) -> dict[str, str]:
        """Job id -> pending, running or finished (`listjobs.json`)."""
        body = self._call("GET", "listjobs.json", params={"project": project})
        states: dict[str, str] = {}
        for state in ("finished", "running", "pending"):  # a later state wins
            for job in body.get(state) or []:
                if isinstance(job, dict) and isinstance(job.get("id"), str):
                    states[job["id"]] = state
        return states

    def log_url(self, project: str, spider: str, job: str) -> str:
        """Where the node serves a job's log (as `listjobs.json` gives it)."""
        return f"{self.shown}/logs/{project}/{spider}/{job}.log"

    def cancel(self, project: str, job: str) -> None:
        """Stop a job (`cancel.json`): a pending one is dropped, a running one gets SIGTERM."""
        self._call("POST", "cancel.json", data={"project": project, "job": job})

    def add_version(self, project: str, version: str, egg: bytes) -> dict[str, Any]:
        """Upload a project egg (`addversion.json`); Scrapyd's answer (with `spiders`)."""
        return self._call(
            "POST",
            "addversion.json",
            data={"project": project, "version": version},
            files={"egg": ("project.egg", egg)},
            timeout=UPLOAD_TIMEOUT,
        )


def _reason(exc: requests.ConnectionError) -> str:
    """The root cause of a connection error in a few words, without its URL."""
    text = str(exc)
    for known in ("Connection refused", "Name or service not known", "No route to host",
                  "Connection reset", "Temporary failure in name resolution",
                  "Network is unreachable", "Remote end closed connection"):  # fmt: skip
        if known.lower() in text.lower():
            return known.lower()
    return "connection failed"
