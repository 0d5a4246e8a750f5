"""Several web hosts beside one worker, as README's production section describes.

The web processes run as `nobody` and cannot write the index directory (root's, mode 0755), as on a
web host that mounts a shared or synced index read-only; the worker (root) is the only index writer.
While the worker applies new documents and `flask search reindex` swaps in new generations, every
search on every host must answer, and answer with what the index held at some moment: nothing
found earlier goes missing, nothing unpublished shows up.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import threading
import time
from pathlib import Path

import pytest
import requests

from tests.hubprocs import AS_NOBODY, Hub, publish, search_ids, signed_in, wait_until

pytestmark = [
    pytest.mark.faults,
    pytest.mark.skipif(os.geteuid() != 0 or not shutil.which("setpriv"),
                       reason="runs web processes as nobody: needs root and setpriv"),
]


@pytest.fixture
def hub():
    # Outside pytest's tmp dir, which only root may enter.
    root = Path(tempfile.mkdtemp(prefix="hub-multihost-"))
    root.chmod(0o755)
    hub = Hub(root / "hub", shared=True)
    yield hub
    hub.close()
    hub.print_errors()
    shutil.rmtree(root, ignore_errors=True)


def unreadable_by_others(index: Path) -> list[str]:
    """What in the index directory other users cannot read (the worker makes the live generation
    and CURRENT with tempfile's private modes: 0700 and 0600)."""
    return sorted(path.name for path in [index / "CURRENT", *index.glob("gen-*")]
                  if path.stat().st_mode & 0o004 == 0)


def test_read_only_web_hosts_search_correctly_while_the_worker_changes_the_index(hub, request):
    index = hub.root / "index"
    private = unreadable_by_others(index)
    if private:
        # Known, reported: IndexLocation.new_generation() and make_current() (search/index.py)
        # need to give the generation 0755 and CURRENT 0644. Strict: passing means it's fixed.
        request.applymarker(pytest.mark.xfail(
            strict=True, reason=f"web hosts cannot read the index: {', '.join(private)} private"))
    denied = subprocess.run([*AS_NOBODY, "touch", str(index / "probe")], capture_output=True)
    assert denied.returncode != 0, "the web hosts must not be able to write the index"

    worker = hub.start_worker()
    hosts = [hub.start_web(workers=2, user="nobody") for _ in range(2)]
    reps = [signed_in(host.base, hub.rep_email)[0] for host in hosts]

    def found_everywhere(expected: set[str]) -> bool:
        return all(search_ids(rep, host.base, "quartz") == expected
                   for rep, host in zip(reps, hosts, strict=True))

    first = set()
    for n in range(3):
        response = publish(hosts[n % 2].base, hub.token, f"Quartz crews playbook {n}")
        assert response.status_code == 201, response.text
        first.add(f"asset:{response.json()['id']}")
    wait_until(lambda: found_everywhere(first), 60, 0.2, "new documents on both hosts")
    generation = (index / "CURRENT").read_text()

    # Searches on both hosts, nonstop, while the index changes under them.
    published = set(first)
    answers: list[tuple[int, int | str, set[str]]] = []
    stop = threading.Event()

    def search_nonstop(host_number: int):
        rep, host = reps[host_number], hosts[host_number]
        while not stop.is_set():
            try:
                response = rep.get(host.base + "/api/v1/search",
                                   params={"q": "quartz", "per_page": 50}, timeout=30)
                found = {f"{hit['type']}:{hit['id']}" for hit in response.json()["results"]} \
                    if response.status_code == 200 else set()
                answers.append((host_number, response.status_code, found))
            except (requests.RequestException, ValueError) as error:
                answers.append((host_number, type(error).__name__, set()))

    searchers = [threading.Thread(target=search_nonstop, args=(n,)) for n in range(2)]
    for thread in searchers:
        thread.start()
    try:
        for round_number in range(2):
            for n in range(2):
                response = publish(hosts[n].base, hub.token,
                                   f"Quartz dispatch guide {round_number}-{n}")
                assert response.status_code == 201, response.text
                published.add(f"asset:{response.json()['id']}")
            reindex = hub.flask("search", "reindex")
            assert reindex.returncode == 0, reindex.stdout + reindex.stderr
        wait_until(lambda: found_everywhere(published), 60, 0.2, "every document on both hosts")
        time.sleep(1.0)
    finally:
        stop.set()
        for thread in searchers:
            thread.join(60)

    statuses = {status for _, status, _ in answers}
    print(f"\n{len(answers)} searches on 2 read-only hosts during 2 reindexes and "
          f"{len(published) - len(first)} new documents: statuses {statuses}")
    assert statuses == {200}, [a for a in answers if a[1] != 200][:5]
    for host_number, _, found in answers:
        assert first <= found <= published, (host_number, found)
    assert {host for host, _, found in answers if found == published} == {0, 1}
    assert (index / "CURRENT").read_text() != generation  # new generations were swapped in
    assert len(list(index.glob("gen-*"))) == 1  # and the old ones cleared away

    # An archived asset leaves both hosts' results too.
    gone = sorted(first)[0]
    response = requests.patch(f"{hosts[0].base}/api/v1/assets/{gone.split(':')[1]}",
                              json={"status": "archived"}, timeout=30,
                              headers={"Authorization": f"Bearer {hub.token}"})
    assert response.status_code == 200, response.text
    wait_until(lambda: found_everywhere(published - {gone}), 60, 0.2, "the archived asset to go")

    for host in hosts:
        assert "Traceback" not in host.log(), host.log()
    assert "Traceback" not in worker.log(), worker.log()
    check = hub.check()
    assert check.returncode == 0, check.stdout + check.stderr
