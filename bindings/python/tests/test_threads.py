"""One Pack shared by 8 threads: every result equals the single-threaded one."""
import threading

import pytest

import medrule
from conftest import KETAMINE
from patients import make_patients

THREADS = 8


@pytest.fixture(scope="module")
def pack():
    with medrule.Pack(str(KETAMINE)) as p:
        yield p


@pytest.fixture(scope="module")
def patients(pack):
    return make_patients(pack, 300, seed=11, bad_every=25)


@pytest.fixture(scope="module")
def expected(pack, patients):
    return list(pack.check_many(patients))


def run_threads(target):
    """Runs target(k) in THREADS threads started together; re-raises the first failure."""
    start = threading.Barrier(THREADS)
    out, errors = [None] * THREADS, []

    def body(k):
        try:
            start.wait()
            out[k] = target(k)
        except BaseException as e:  # noqa: B902 - reported below
            errors.append(e)

    threads = [threading.Thread(target=body, args=(k,)) for k in range(THREADS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    if errors:
        raise errors[0]
    return out


def check_each(pack, patients, order):
    got = {}
    for i in order:
        try:
            got[i] = pack.check(patients[i], source="p%d" % i)
        except medrule.FactError as e:
            got[i] = e.errors
    return [got[i] for i in range(len(patients))]


def test_check_from_threads(pack, patients):
    expected = check_each(pack, patients, range(len(patients)))
    assert sum(isinstance(r, list) for r in expected) == 12  # failed records are compared too

    def work(k):
        # each thread goes through the patients from a different start
        order = list(range(k * 37 % len(patients), len(patients))) + list(range(k * 37 % len(patients)))
        return check_each(pack, patients, order)

    for result in run_threads(work):
        assert result == expected


def test_check_many_from_threads(pack, patients, expected):
    for result in run_threads(lambda k: list(pack.check_many(patients))):
        assert result == expected


def test_one_iterator_per_thread_made_elsewhere(pack, patients, expected):
    iterators = [pack.check_many(patients) for _ in range(THREADS)]  # made here, run there
    for result in run_threads(lambda k: list(iterators[k])):
        assert result == expected


def test_facts_and_evaluate_from_threads(pack, patients):
    good = [p for p in patients if isinstance(p, dict)]
    want = [pack.evaluate(p) for p in good]

    def work(k):
        f = pack.new_facts()
        out = []
        for p in good:
            f.load(p)
            out.append(pack.evaluate(f))
        return out

    for result in run_threads(work):
        assert result == want


def test_scratch_objects_are_per_thread(pack):
    seen = run_threads(lambda k: pack._scratch())  # kept alive here after their threads end
    assert len({id(s) for s in seen}) == THREADS and all(s is not pack._scratch() for s in seen)
    assert all(s.handle is pack._handle for s in seen)
