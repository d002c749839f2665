"""The lazy walk: the same inputs, in the same order, as walking everything and sorting.

`walk.in_order` is what lets ``validate --json`` go through a nation's reports
without holding their names; it must never change what is checked or in what
order, so it is compared with `batch.gather` on generated trees whose names are
chosen to sort awkwardly ("a-b" before "a/…", "a.json" before "a/…").
"""

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from gkreport._cli import walk
from gkreport._cli.batch import _apart, gather, inputs
from tests.hostile.test_walk import without_root_powers

#: Names that sort around "/" (0x2F): "-" and "." below it, letters above.
NAMES = st.sampled_from(["a", "a-b", "a.json", "a b", "ab", "b", "B", "é", "a.txt", "~$a.json"])


@st.composite
def trees(draw):
    """A folder tree as {relative path: "file" | "folder"}, a few levels deep."""
    tree = {}
    for _ in range(draw(st.integers(1, 12))):
        parts = draw(st.lists(NAMES, min_size=1, max_size=3))
        kind = draw(st.sampled_from(["file", "folder"]))
        for depth in range(1, len(parts)):  # the folders on the way
            if tree.setdefault("/".join(parts[:depth]), "folder") != "folder":
                break
        else:
            tree.setdefault("/".join(parts), kind)
    return tree


def build(root: Path, tree: dict[str, str]) -> None:
    for relative, kind in sorted(tree.items()):
        path = root / relative
        if kind == "file":
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text("{}", "utf-8")
        else:
            path.mkdir(parents=True, exist_ok=True)
    for relative, kind in tree.items():
        if kind == "locked":
            (root / relative).chmod(0)  # cannot be listed: reported at its own place


def shown(items):
    return [(item.shown, item.path, item.problem, item.skipped) for item in items]


def test_a_folder_that_cannot_be_listed_sorts_at_its_own_name(tmp_path):
    # "x" sorts before "x-y.json" and "x.json", though what is in it ("x/…") sorts after
    build(tmp_path, {"x": "locked", "x.json": "file", "x-y.json": "file", "w/r.json": "file"})
    code = (
        "import sys; from pathlib import Path; from gkreport._cli import walk; "
        "print([(f.path.name, bool(f.problem)) for f in walk.in_order([Path(sys.argv[1])])])"
    )
    try:
        done = subprocess.run(
            [*without_root_powers(), sys.executable, "-c", code, str(tmp_path)],
            capture_output=True,
            text=True,
            check=True,
            env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)},
        )
    finally:
        (tmp_path / "x").chmod(0o755)
    found = [("r.json", False), ("x", True), ("x-y.json", False), ("x.json", False)]
    assert done.stdout.strip() == repr(found)


@settings(max_examples=60, deadline=None)
@given(trees(), st.lists(st.integers(0, 5), max_size=3))
def test_the_lazy_walk_gives_what_gather_gives_in_its_order(tree, named):
    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch) / "root"
        root.mkdir()
        build(root, tree)
        try:
            paths = sorted(tree)
            roots = [root] if not named else [root / paths[i % len(paths)] for i in named]
            assert shown(inputs(roots)) == shown(gather(roots))
            if _apart(roots):
                lazy = [f.path.as_posix() for f in walk.in_order(roots)]
                assert lazy == sorted(lazy)
        finally:
            shutil.rmtree(root)


def test_links_or_overlapping_roots_fall_back_to_gathering_everything(tmp_path):
    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / "a" / "b" / "r.json").write_text("{}", "utf-8")
    assert not walk.has_links(tmp_path)
    assert _apart([tmp_path / "a"])
    assert not _apart([tmp_path / "a", tmp_path / "a" / "b"])  # one inside the other
    assert not _apart([tmp_path / "a", tmp_path / "a" / "b" / "r.json"])
    assert not _apart([tmp_path / "a", tmp_path / "a"])
    (tmp_path / "a" / "alias").symlink_to("b")
    assert walk.has_links(tmp_path)
    assert not _apart([tmp_path / "a"])
    assert shown(inputs([tmp_path])) == shown(gather([tmp_path]))
    assert [item.shown.rsplit("/", 2)[-2:] for item in inputs([tmp_path])] == [["b", "r.json"]]


def test_the_lazy_walk_holds_only_the_folders_on_its_way(tmp_path):
    # Folders are listed as the walk reaches them, not before: a run over many
    # folders holds one folder's names at a time.
    for number in range(3):
        (tmp_path / f"s{number}").mkdir()
        for index in range(3):
            (tmp_path / f"s{number}" / f"r{index}.json").write_text("{}", "utf-8")
    found = walk.in_order([tmp_path])
    first = next(found)
    assert first.path == tmp_path / "s0" / "r0.json"
    shutil.rmtree(tmp_path / "s2")  # not listed yet: its files are never seen
    *rest, gone = found
    assert [f.path.name for f in rest] == ["r1.json", "r2.json", "r0.json", "r1.json", "r2.json"]
    assert gone.path == tmp_path / "s2"
    assert gone.problem.startswith("cannot read the folder")
