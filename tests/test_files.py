"""What a path really is, found without opening it: the reasons every reader gives."""

import errno
import os
import socket

import pytest

from gkreport._readers.files import os_reason, unreadable


def test_a_regular_file_is_readable_and_a_link_to_one_too(tmp_path):
    (tmp_path / "r.json").write_text("{}", "utf-8")
    (tmp_path / "link.json").symlink_to("r.json")
    assert unreadable(tmp_path / "r.json") is None
    assert unreadable(tmp_path / "link.json") is None


def test_each_kind_of_path_that_is_not_a_regular_file_says_what_it_is(tmp_path):
    os.mkfifo(tmp_path / "pipe.json")
    (tmp_path / "folder.json").mkdir()
    (tmp_path / "dangling.json").symlink_to("gone.json")
    (tmp_path / "loop.json").symlink_to("loop.json")
    with socket.socket(socket.AF_UNIX) as server:
        server.bind(str(tmp_path / "s.json"))
        reasons = {path.name: unreadable(path) for path in tmp_path.iterdir()}
    reasons["missing.json"] = unreadable(tmp_path / "missing.json")
    reasons["null"] = unreadable(os.devnull)
    assert reasons == {
        "pipe.json": "a named pipe, not a regular file; not opened",
        "folder.json": "a folder, not a file",
        "dangling.json": "a symbolic link to gone.json, which does not exist",
        "loop.json": "a loop of symbolic links",
        "s.json": "a socket, not a regular file; not opened",
        "missing.json": "no such file or folder",
        "null": "a device, not a regular file; not opened",
    }


@pytest.mark.parametrize(
    ("code", "reason"),
    [
        (errno.EACCES, "permission denied"),
        (errno.ENAMETOOLONG, "file name too long"),
        (errno.EIO, "input/output error"),
    ],
)
def test_an_os_error_in_words(code, reason):
    assert os_reason(OSError(code, os.strerror(code), "/some/path")) == reason
