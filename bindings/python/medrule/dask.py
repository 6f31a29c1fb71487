"""Population screening with Dask: medrule mapped over partitions of NDJSON.

    import medrule.dask as md
    results = md.screen_files(["patients.ndjson"], ["rules/asra-ketamine-2018"])
    md.write_ndjson(results, "results.ndjson", client=client)

Every output is exactly the line `medrule check --format json FILE` prints
for the same input line (same bytes, same "FILE:N" source name), in input
order: partition order, then line order.  A line that fails to load gives
its error record in its place, as the command line does.

Each worker process loads the pack once (a per-process cache keyed by the
pack paths); only the list of paths travels in the task graph, never a Pack.
Dask is imported when a function needs it, so `import medrule.dask` works
without it installed.
"""
import json
import operator
import os
import threading

from . import _pack as P

__all__ = ["screen", "screen_files", "error_counts", "disposition_counts", "write_ndjson", "write_parts",
           "worker_pack", "load_on_workers"]

_MAX_RECORD = 16 << 20  # the longest NDJSON line `medrule check` reads (cli/input.c)
_ERROR_PREFIX = '{"contract":1,"patient":{"id":null,'  # how an error record starts (contract §3)


def _dask():
    try:
        import dask
        import dask.bag
        import dask.bytes
        return dask
    except ImportError as e:
        raise ImportError("medrule.dask needs Dask: apt-get install python3-dask python3-distributed "
                          "(%s)" % e) from None


def _paths(pack_paths):
    """The pack paths as a tuple of str: what the task graph carries."""
    if isinstance(pack_paths, (str, bytes, os.PathLike)):
        pack_paths = [pack_paths]
    out = tuple(os.fsdecode(p) for p in pack_paths)
    if not out:
        raise ValueError("medrule.dask: no pack path given")
    return out


# ------------------------------------------------ the worker process side

_packs = {}
_packs_lock = threading.Lock()


def worker_pack(pack_paths):
    """This process's Pack for these paths, loaded at the first call and kept
    (a pack is immutable and may be shared by the worker's threads)."""
    key = _paths(pack_paths)
    with _packs_lock:
        pack = _packs.get(key)
        if pack is None:
            pack = _packs[key] = P.Pack(key[0] if len(key) == 1 else list(key))
        return pack


def _pack_id(pack_paths):
    pack = worker_pack(pack_paths)
    return "%s %s" % (pack.id, pack.version)


def load_on_workers(client, pack_paths):
    """Loads the pack on every worker of a distributed `client` now, so that
    a path missing on one machine fails here (PackError) and not in the
    middle of a run.  Returns {worker address: "pack-id version"}."""
    return client.run(_pack_id, _paths(pack_paths))


def _too_long(source):
    return "%s: the record is longer than %d MiB" % (source, _MAX_RECORD >> 20)


def _render_text(s):
    """The evaluated result of scratch `s` as the JSON line the CLI prints,
    without its newline."""
    rc = P.lib.medrule_result_render(s.result, None, s.out_ref, s.len_ref)
    if rc != P.L.OK:
        raise P._status_error(rc, "rendering the result")
    text = P._string_at(s.out.value, s.out_len.value).decode("utf-8", "replace")
    return text[:-1] if text.endswith("\n") else text


def _screen_lines(lines, pack_paths, name, first, allow_extra, output):
    """One partition: its lines (bytes, str or dicts), numbered from `first`
    in the file `name`, to one output per line.  Mirrors Pack.check_many, but
    starts numbering at `first` and keeps the engine's rendered text as is
    (so it uses the binding's scratch objects directly: same package)."""
    s = worker_pack(pack_paths)._scratch()
    flags = P.L.ALLOW_EXTRA if allow_extra else 0
    as_dict = output == "dict"
    out = []
    n = first
    for item in lines:
        source = "%s:%d" % (name, n)
        try:
            if isinstance(item, str):
                item = item.encode("utf-8", "surrogatepass")  # a lone surrogate: the engine says where
            if isinstance(item, bytes):
                # As `medrule check` reads a line: without its newline and
                # trailing blanks (they would move the column of an error).
                item = item.rstrip(b"\n").rstrip(b" \t\r")
                if not item.lstrip(b" \t"):
                    raise P.FactError(P._blank(source), P.L.INPUT, None, source)
                if len(item) > _MAX_RECORD:
                    raise P.FactError(_too_long(source), P.L.INPUT, None, source)
            s.load(P._facts_text(item, source), source, source.encode("utf-8", "surrogateescape"), n, flags)
        except P.FactError as e:
            record = P._error_record(source, e.message)
            out.append(record if as_dict else P._dumps(record))
        else:
            s.evaluate(s.facts)
            text = _render_text(s)
            out.append(json.loads(text) if as_dict else text)
        n += 1
    return out


def _block_lines(block):
    """The lines of an NDJSON block (a final line without newline counts)."""
    lines = block.split(b"\n")
    if lines and lines[-1] == b"":
        lines.pop()
    return lines


def _reify(part):
    """A bag partition as a list: it is both counted and screened."""
    return part if isinstance(part, list) else list(part)


def _count_block(block):
    return len(_block_lines(block))


def _screen_block(block, pack_paths, name, first, allow_extra, output):
    return _screen_lines(_block_lines(block), pack_paths, name, first, allow_extra, output)


def _is_error(r):
    return ("error" in r) if isinstance(r, dict) else r.startswith(_ERROR_PREFIX)


def _errors_in(part):
    return [sum(1 for r in part if _is_error(r))]


def _disposition(r):
    if isinstance(r, str):
        if r.startswith(_ERROR_PREFIX):
            return "error"
        r = json.loads(r)
    return "error" if "error" in r else r.get("disposition")


# ----------------------------------------------------- the client side

def _numbered(parts, count, screen_one, pack_paths, name, allow_extra, output):
    """Screening tasks for the delayed partitions of one file: each starts its
    numbering where the previous ones end (a chain of cheap count tasks, so
    the partitions are read once and screened in parallel)."""
    delayed = _dask().delayed
    out, start = [], 1
    # Not pure: a new graph screens again (the file or the pack may have
    # changed) instead of picking up results a cluster still holds.
    for part in parts:
        out.append(delayed(screen_one, pure=False)(part, pack_paths, name, start, allow_extra, output))
        start = delayed(operator.add, pure=False)(start, delayed(count, pure=False)(part))
    return out


def screen(bag, pack_paths, *, output="json", source="<input>", allow_extra=False):
    """A bag of the results of every item of `bag`, in order.

    `bag`: a Dask bag of NDJSON lines (str or bytes, a trailing newline is
    ignored; e.g. dask.bag.read_text(path)) or of dicts.  Item N of the whole
    bag (from 1) is named "SOURCE:N".  `output`: "json" (the CLI's text, one
    str per item, without newline) or "dict".  Lazy: nothing runs until the
    bag is computed."""
    if output not in ("json", "dict"):
        raise ValueError("output must be 'json' or 'dict', not %r" % (output,))
    dask = _dask()
    paths = _paths(pack_paths)
    parts = [dask.delayed(_reify, pure=False)(p) for p in bag.to_delayed()]
    tasks = _numbered(parts, len, _screen_lines, paths, str(source), bool(allow_extra), output)
    return dask.bag.from_delayed(tasks)


def screen_files(paths, pack_paths, *, output="json", blocksize="16MiB", allow_extra=False):
    """A bag of the results of every line of the NDJSON files `paths`, in
    order (file by file; each file in blocks of about `blocksize` bytes cut
    at line ends, one partition per block).  Line N of file F is named
    "F:N", F as given, exactly as `medrule check --format json F` names it.
    The files must be readable by every worker at the same path."""
    if output not in ("json", "dict"):
        raise ValueError("output must be 'json' or 'dict', not %r" % (output,))
    dask = _dask()
    packs = _paths(pack_paths)
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    tasks = []
    for path in paths:
        name = os.fspath(path)
        _, blocks = dask.bytes.read_bytes(name, delimiter=b"\n", blocksize=blocksize, sample=False)
        if len(blocks) != 1:
            raise ValueError("medrule.dask: %s names %d files; give each file by name" % (name, len(blocks)))
        tasks += _numbered(blocks[0], _count_block, _screen_block, packs, name,
                           bool(allow_extra), output)
    return dask.bag.from_delayed(tasks)


def error_counts(results):
    """A bag with one number per partition of `results`: its error records.
    Compute it together with the results (dask.compute(results, counts) or
    client.compute([results, counts])) so the screening runs once."""
    return results.map_partitions(_errors_in)


def disposition_counts(results):
    """A bag of (disposition, count) pairs over `results` ("error" for error
    records): bag.frequencies, ready for .compute() or .to_dataframe()."""
    return results.map(_disposition).frequencies(sort=True)


def _ndjson_block(part):
    """A partition of JSON text results as one NDJSON block and its error
    count: one bytes object crosses between processes, not a str per line."""
    lines, errors = [], 0
    for line in part:
        if not isinstance(line, str):
            raise TypeError("write_ndjson needs output='json' results, not %s" % type(line).__name__)
        errors += _is_error(line)
        lines.append(line)
    lines.append("")
    return [("\n".join(lines).encode("utf-8", "surrogateescape") if len(lines) > 1 else b"", errors)]


def write_ndjson(results, path, *, client=None, timeout=None):
    """Writes the results (output="json") to `path`, one line each, in order,
    and returns the number of error records of each partition (a list, in
    partition order).  Each partition is joined into one NDJSON block where
    it was computed.  With a distributed `client` the partitions run on its
    cluster and each block is written (and released) as soon as it and
    those before it are done, each waited for at most `timeout` seconds;
    without one they run on Dask's default scheduler.  The file is written
    beside `path` and renamed into place only when complete; on any failure
    it is removed and the error raised."""
    dask = _dask()
    parts = results.map_partitions(_ndjson_block).to_delayed()
    tmp = "%s.tmp.%d" % (os.fspath(path), os.getpid())
    errors = []
    try:
        with open(tmp, "wb") as f:
            if client is not None:
                futures = client.compute(parts)  # one graph: the numbering chain is shared
                done = (_pop_result(futures, timeout) for _ in range(len(futures)))
            else:
                done = iter(dask.compute(*parts))
            for ((block, n),) in done:
                f.write(block)
                errors.append(n)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
    return errors


def _write_part(part, directory, index):
    """Writes one partition's NDJSON block as DIRECTORY/part-INDEX.ndjson
    (written aside, then renamed: a part file is whole or absent)."""
    ((block, errors),) = _ndjson_block(part)
    path = os.path.join(directory, "part-%06d.ndjson" % index)
    tmp = "%s.tmp.%d" % (path, os.getpid())
    try:
        with open(tmp, "wb") as f:
            f.write(block)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
    return errors


def write_parts(results, directory, *, client=None, timeout=None):
    """Each worker writes the partitions it computed (output="json") as
    DIRECTORY/part-000000.ndjson, part-000001.ndjson, ...: concatenated in
    name order they are exactly what write_ndjson writes, with no result
    sent back to the client (the fast way on a cluster whose workers share a
    file system; DIRECTORY must exist there).  Returns the error records of
    each partition (a list, in partition order)."""
    dask = _dask()
    directory = os.fspath(directory)
    tasks = [dask.delayed(_write_part, pure=False)(part, directory, i)
             for i, part in enumerate(results.to_delayed())]
    if client is None:
        return list(dask.compute(*tasks))
    futures = client.compute(tasks)
    return [f.result(timeout=timeout) for f in futures]


def _pop_result(futures, timeout):
    """The first future's result; the future is dropped so its data can go."""
    return futures.pop(0).result(timeout=timeout)
