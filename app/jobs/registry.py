"""Jobs and chores, declared next to the code they run and referenced as objects.

A job is a plain function of JSON-able arguments. `@task()` turns it into a `Job`:
`job.enqueue(*args)` queues it for a consumer, `job(*args)` runs it here and now. A
chore is a job run every `app.config[interval_key]` seconds, once per deployment
(app.jobs.beat). No Flask here: the queue binds jobs to an app."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

# Higher runs first: a registration waits for its decode; chores keep the loop live;
# building pyramids can wait behind both.
PRIORITIES = {"awaited": 100, "chore": 50, "normal": 10, "bulk": 0}


@dataclass(frozen=True)
class Job:
    fn: Callable[..., Any]
    name: str
    priority: int
    retries: int
    retry_delay: float
    # Someone waits for the result (app.jobs.call): the consumer then marks the job as
    # running, so a waiter can tell a lost job from a slow one.
    awaited: bool

    def __call__(self, *args: Any) -> Any:
        return self.fn(*args)

    def enqueue(self, *args: Any, delay: float | None = None) -> str:
        from app.jobs.calls import enqueue  # the registry stays free of Flask

        return enqueue(self, *args, delay=delay)


@dataclass(frozen=True)
class Chore:
    job: Job
    interval_key: str


_jobs: dict[str, Job] = {}
_chores: dict[str, Chore] = {}


def task(priority: str = "normal", retries: int = 0, retry_delay: float = 5) -> Callable[[Callable[..., Any]], Job]:
    def declare(fn: Callable[..., Any]) -> Job:
        name = f"{fn.__module__}.{fn.__qualname__}"
        if name in _jobs:
            raise ValueError(f"job {name} is declared twice")
        job = Job(fn, name, PRIORITIES[priority], retries, retry_delay, awaited=priority == "awaited")
        _jobs[name] = job
        return job

    return declare


def chore(interval_key: str) -> Callable[[Callable[..., Any]], Job]:
    """A job with no arguments run every `config[interval_key]` seconds by one process."""

    def declare(fn: Callable[..., Any]) -> Job:
        job = task(priority="chore")(fn)
        _chores[job.name] = Chore(job, interval_key)
        return job

    return declare


def jobs() -> list[Job]:
    return list(_jobs.values())


def chores() -> list[Chore]:
    return list(_chores.values())
