"""The test and benchmark helper that starts a course server survives a port taken under it."""

from __future__ import annotations

import socket

import tools.course_server as course_server


def test_a_port_taken_before_the_server_binds_it_is_replaced(tmp_path, monkeypatch):
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        taken = busy.getsockname()[1]
        real, handed = course_server.free_port, []

        def free_port() -> int:  # the first port handed out is taken meanwhile, as in a race
            handed.append(taken if not handed else real())
            return handed[-1]

        monkeypatch.setattr(course_server, "free_port", free_port)
        server = course_server.start_course_server(tmp_path / "server.log")
        try:
            assert len(handed) == 2 and server.base.endswith(f":{handed[1]}")
            assert server.process.poll() is None
        finally:
            server.stop()
