"""Screen many facts files: read each, skip what the journal already holds, evaluate the rest in this
process, in a pool of processes or on a Dask cluster (one engine per worker), and write the rows sorted.

The rows do not depend on where or in what order they were computed, and the output is sorted by a total
order (rows.sort_key), so the same sources give the same bytes whatever `jobs` or the executor.
"""

from __future__ import annotations

import itertools
import multiprocessing
import os
import sys
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator

from ..load.knowledge import load_knowledge
from . import journal
from .rows import content_key, screen_bytes, sort_key
from .sources import Source, gather, read

BATCH = 32  # sources a worker is given at once: fewer messages between processes
IN_FLIGHT = 4  # batches a worker may have queued, so memory stays flat however many sources


@dataclass
class Screening:
    sources: int
    skipped: int  # already in the journal
    keys: set  # journal.Key of each source screened: what the output holds
    rows: list[dict[str, Any]] | None  # when there is no journal: the rows themselves, sorted
    journal: Path | None


def journal_for(output: str | None) -> Path | None:
    """A JSONL output is its own journal; another output keeps one beside it (FILE.rows.jsonl)."""
    if output is None:
        return None
    return Path(output) if output.endswith(".jsonl") else Path(output + ".rows.jsonl")


def screen(paths: list[str], output: str | None = None, lang: str = "zh", jobs: int | None = None,
           engine: str = "compiled", scheduler: str | None = None, progress: bool = False) -> Screening:
    sources = gather(paths)
    log = journal_for(output)
    done = set(journal.index(log)) if log else set()
    bar = _progress(len(sources), progress)
    screening = Screening(len(sources), 0, set(), [] if log is None else None, log)
    writer = journal.Journal(log) if log else None
    try:
        todo = _not_done(sources, done, lang, screening, bar)
        for results in _executor(jobs, scheduler)(_batches(todo), lang, engine):
            for rows in results:
                if writer:
                    writer.add(rows)
                else:
                    screening.rows += rows
                bar.update(1)
    finally:
        if writer:
            writer.close()
        bar.close()
    if screening.rows is not None:
        screening.rows.sort(key=sort_key)
    return screening


def _not_done(sources: list[Source], done: set, lang: str, screening: Screening, bar) -> Iterator[tuple]:
    """Each source read as it is reached (its bytes live only until its batch is screened), those the
    journal already holds skipped."""
    fingerprint = load_knowledge().fingerprint
    for source in sources:
        data, error = read(source)
        key = (source.name, content_key(data, error), fingerprint, lang)
        screening.keys.add(key)
        if key in done:
            screening.skipped += 1
            bar.update(1)
        else:
            yield source.name, data, error


def final_rows(screening: Screening) -> Iterator[dict[str, Any]]:
    """The rows of this screening's sources, sorted: held, or read back from the journal (which may also
    hold rows of files no longer named, or of an earlier version of a file: those are left out)."""
    if screening.rows is not None:
        yield from screening.rows
        return
    entries = [e for key, found in journal.index(screening.journal).items() if key in screening.keys for e in found]
    yield from journal.read_rows(screening.journal, sorted(entries, key=lambda e: e.order))


def _batches(todo: Iterator[tuple]) -> Iterator[list]:
    batch = []
    for item in todo:
        batch.append(item)
        if len(batch) == BATCH:
            yield batch
            batch = []
    if batch:
        yield batch


def screen_batch(batch: list[tuple[str, bytes | None, str | None]], lang: str, engine: str) -> list[list[dict[str, Any]]]:
    """A worker's part: the rows of each source of the batch. The knowledge (and the engine) is loaded once
    a process and kept, so each worker has its own."""
    knowledge = load_knowledge()
    return [screen_bytes(name, data, error, knowledge, lang, engine) for name, data, error in batch]


Executor = Callable[[Iterable[list], str, str], Iterator[list[list[dict[str, Any]]]]]


def _executor(jobs: int | None, scheduler: str | None) -> Executor:
    if scheduler:
        return lambda batches, lang, engine: _on_dask(scheduler, batches, lang, engine)
    jobs = jobs or os.cpu_count() or 1
    if jobs == 1:
        return lambda batches, lang, engine: (screen_batch(b, lang, engine) for b in batches)
    return lambda batches, lang, engine: _on_processes(jobs, batches, lang, engine)


def _on_processes(jobs: int, batches: Iterable[list], lang: str, engine: str) -> Iterator:
    # spawn, not fork: a forked child would inherit this process's threads' locks (and the progress bar's)
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(jobs, mp_context=context, initializer=load_knowledge) as pool:
        yield from _bounded(lambda b: pool.submit(screen_batch, b, lang, engine), batches, jobs * IN_FLIGHT,
                            lambda fs: wait(fs, return_when=FIRST_COMPLETED).done)


def _on_dask(address: str, batches: Iterable[list], lang: str, engine: str) -> Iterator:
    """On a running Dask cluster (`dask scheduler` and `dask worker`s, or a LocalCluster): each worker
    process loads the knowledge once and keeps it, like a pool worker."""
    try:
        from distributed import Client, as_completed
    except ImportError:
        raise SystemExit("secretlaw: error: --scheduler needs Dask: pip install 'secretlaw[cluster]'") from None
    with Client(address, set_as_default=False) as client:
        workers = max(1, len(client.scheduler_info().get("workers", {})))
        batches = iter(batches)
        submitted = [client.submit(screen_batch, b, lang, engine, pure=False)
                     for b in itertools.islice(batches, workers * IN_FLIGHT)]
        if not submitted:
            return
        running = as_completed(submitted, loop=client.loop)
        for future in running:  # one batch in, one more out: at most workers * IN_FLIGHT in flight
            batch = next(batches, None)
            if batch is not None:
                running.add(client.submit(screen_batch, batch, lang, engine, pure=False))
            yield future.result()


def _bounded(submit, batches: Iterable[list], limit: int, wait_some) -> Iterator:
    """At most `limit` batches submitted and not yet collected; results as they complete."""
    pending: set = set()
    batches = iter(batches)
    more = True
    while more or pending:
        while more and len(pending) < limit:
            batch = next(batches, None)
            if batch is None:
                more = False
            else:
                pending.add(submit(batch))
        if not pending:
            break
        finished = wait_some(pending)
        for future in finished:
            pending.discard(future)
            yield future.result()


class _NoBar:
    def update(self, n: int) -> None:
        pass

    def close(self) -> None:
        pass


def _progress(total: int, wanted: bool):
    """A tqdm bar on a terminal (stderr), nothing otherwise."""
    if not (wanted and sys.stderr.isatty()):
        return _NoBar()
    from tqdm import tqdm

    return tqdm(total=total, unit="file", file=sys.stderr, dynamic_ncols=True)
