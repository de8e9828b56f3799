"""Truncated, bit-flipped and spliced variants of real handover files: every one is refused
with InvalidInput (or, were it possible, opens identical) and nothing else is ever raised."""

from __future__ import annotations

import os
from datetime import timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.errors import InvalidInput
from app.handover import container
from tests.conftest import TODAY
from tests.handover.conftest import PASSPHRASE
from tests.helpers import binder_digest

# a fast sample in the suite; `make bench` runs thousands
EXAMPLES = int(os.environ.get("RINGBINDER_FUZZ_EXAMPLES", "200"))


@pytest.fixture(scope="module")
def files(tmp_path_factory, _empty_binder_file):
    """Two small real files of the same binder (one encrypted, one not) and what they hold."""
    import shutil

    from app.clock import FixedClock
    from app.services import open_services
    from tests.handover.conftest import Filled, filled

    folder = tmp_path_factory.mktemp("fuzz")
    shutil.copyfile(_empty_binder_file, folder / "b.rbinder")
    with open_services(folder / "b.rbinder", FixedClock(TODAY)) as services:
        made: Filled = filled.__wrapped__(services)
        sealed_path, plain_path = folder / "s.rbh", folder / "p.rbh"
        made.services.handover.export(sealed_path, ids=list(made.ids.values())[:3],
                                      passphrase=PASSPHRASE)
        made.services.handover.export(plain_path, start=TODAY, end=TODAY + timedelta(days=3))
    sealed, plain = sealed_path.read_bytes(), plain_path.read_bytes()
    # the binder the variants are merged into: it took the plain file over already
    taker = folder / "taker.rbinder"
    shutil.copyfile(_empty_binder_file, taker)
    with open_services(taker, FixedClock(TODAY)) as services:
        services.handover.merge(plain_path)
    originals = Originals({sealed: container.open_file(sealed, PASSPHRASE),
                           plain: container.open_file(plain)})
    originals.taker = taker
    return originals


class Originals(dict):
    def __repr__(self) -> str:  # hypothesis prints its arguments; keep that short
        return f"<{len(self)} handover files>"


def _variants():
    position = st.integers(min_value=0, max_value=10**9)
    truncate = st.tuples(st.just("truncate"), position)
    flip = st.tuples(st.just("flip"), position, st.integers(0, 7))
    splice = st.tuples(st.just("splice"), position, position, st.booleans())
    return st.one_of(truncate, flip, splice)


def _broken(files: Originals, which: bool, variant: tuple) -> bytes:
    sealed, plain = files
    data = sealed if which else plain
    other = plain if which else sealed
    kind = variant[0]
    if kind == "truncate":
        broken = data[:variant[1] % len(data)]
    elif kind == "flip":
        at = variant[1] % len(data)
        broken = data[:at] + bytes([data[at] ^ (1 << variant[2])]) + data[at + 1:]
    else:  # the start of one file with the end of another (or of itself, shifted)
        source = other if variant[3] else data
        cut, resume = variant[1] % len(data), variant[2] % len(source)
        broken = data[:cut] + source[resume:]
    return broken


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
@given(which=st.booleans(), variant=_variants())
def test_every_variant_is_refused_or_identical(files, which, variant):
    broken = _broken(files, which, variant)
    try:
        opened = container.open_file(broken, PASSPHRASE)
    except InvalidInput as exc:
        assert str(exc) and "\n" not in str(exc)
        return
    # what opened must be one of the originals, whole (a splice can rebuild one exactly)
    assert broken in files and opened == files[broken]


@settings(max_examples=max(EXAMPLES // 4, 20), deadline=None,
          suppress_health_check=list(HealthCheck))
@given(which=st.booleans(), variant=_variants())
def test_merging_a_variant_leaves_the_binder_as_it_was(files, tmp_path_factory, which, variant):
    """Through the service, into a real binder: refused, and not one byte of it changed (or,
    for a variant that is an original whole, merged again with nothing new)."""
    from app.clock import FixedClock
    from app.services import open_services

    broken = _broken(files, which, variant)
    path = tmp_path_factory.mktemp("variant") / "v.rbh"
    path.write_bytes(broken)
    before = binder_digest(files.taker)
    with open_services(files.taker, FixedClock(TODAY)) as services:
        services.handover.scrypt_n = 2**4
        try:
            services.handover.merge(path, PASSPHRASE)
        except InvalidInput as exc:
            assert str(exc)
        else:
            assert broken in files
            return
    assert binder_digest(files.taker) == before
