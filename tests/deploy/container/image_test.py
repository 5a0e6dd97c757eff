#!/usr/bin/env python3
"""The container image, built and run for real (opt-in: it downloads some
70 Debian packages from the mirror and takes about two minutes, so it runs
only with POLICY_READER_CONTAINER_TEST=1, otherwise ctest reports it
skipped; it needs Debian's mmdebstrap and buildah, which install-deps.sh
leaves out).

deploy/container/build-image.sh builds the image (mmdebstrap root file
system, buildah); then the server runs in a container of it (buildah run,
chroot isolation, the host's network) with the image's own flagfile and
only the ports moved to 0, as its user, and must answer /healthz, speak
(worker, eSpeak NG data and voices from the image), pass the image's own
HEALTHCHECK command, and stop cleanly on SIGTERM.

usage: image_test.py SOURCE_DIR BUILD_DIR
"""
import json
import os
import re
import select
import shutil
import signal
import subprocess
import sys
import time
import urllib.request

SKIP = 77


def run(*args, **kwargs):
    return subprocess.run(args, check=True, capture_output=True, text=True,
                          **kwargs).stdout


def descendants(pid):
    children = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as f:
                    ppid = int(f.read().rsplit(")", 1)[1].split()[1])
                children.setdefault(ppid, []).append(int(entry))
            except (OSError, IndexError, ValueError):
                pass
    found, queue = [], [pid]
    while queue:
        for child in children.get(queue.pop(), []):
            found.append(child)
            queue.append(child)
    return found


def main():
    source_dir, build_dir = sys.argv[1:3]
    if os.environ.get("POLICY_READER_CONTAINER_TEST") != "1":
        print("skipped: set POLICY_READER_CONTAINER_TEST=1 to build and run "
              "the image (network to the Debian mirror, about 2 minutes)")
        return SKIP
    missing = [tool for tool in ("mmdebstrap", "buildah")
               if shutil.which(tool) is None]
    if missing:
        print(f"missing {', '.join(missing)}: apt-get install mmdebstrap buildah")
        return 1
    tag = "localhost/policy-reader:test"
    start = time.monotonic()
    subprocess.run([os.path.join(source_dir, "deploy/container/build-image.sh"),
                    build_dir, tag], check=True)
    print(f"image built in {time.monotonic() - start:.0f} s")
    config = json.loads(run("buildah", "inspect", "--type", "image", tag))
    docker = config["Docker"]["config"]
    assert docker["User"] == "10001:10001", docker["User"]
    healthcheck = docker["Healthcheck"]["Test"]
    assert healthcheck[0] == "CMD", healthcheck
    entrypoint = docker["Entrypoint"]

    container = run("buildah", "from", tag).strip()
    server = None
    try:
        assert run("buildah", "run", "--isolation", "chroot", container,
                   "--", "/usr/bin/id", "-u").strip() == "10001"
        # deploy/kubernetes' preStop runs this in the image.
        run("buildah", "run", "--isolation", "chroot", container, "--",
            "/bin/sleep", "0")
        server = subprocess.Popen(
            ["buildah", "run", "--isolation", "chroot", container, "--",
             *entrypoint, "--listen=127.0.0.1:0", "--http_listen=127.0.0.1:0"],
            stderr=subprocess.PIPE)
        # Unbuffered reads: a buffered readline could hold the line select()
        # no longer sees.
        deadline = time.monotonic() + 60
        ports = None
        log = b""
        while ports is None and time.monotonic() < deadline:
            ready, _, _ = select.select([server.stderr], [], [], 1)
            if not ready:
                continue
            chunk = os.read(server.stderr.fileno(), 4096)
            if not chunk:
                break
            log += chunk
            match = re.search(rb"serving on port (\d+) \(HTTP: (\d+)\)", log)
            if match:
                ports = int(match.group(1)), int(match.group(2))
        assert ports, ("the server in the container did not start:\n" +
                       log.decode(errors="replace"))
        grpc_port, http_port = ports

        with urllib.request.urlopen(
                f"http://127.0.0.1:{http_port}/healthz", timeout=5) as answer:
            assert answer.status == 200
        with urllib.request.urlopen(
                f"http://127.0.0.1:{http_port}/v1/speech?text=Byr%C3%A5det%20"
                f"har%20vedtaget%20politikken.&format=wav", timeout=30) as answer:
            audio = answer.read()
        assert audio[:4] == b"RIFF" and len(audio) > 22050, len(audio)
        documents = urllib.request.urlopen(
            f"http://127.0.0.1:{http_port}/v1/documents", timeout=5).read()
        assert b"trivselspolitik" in documents, documents

        # The image's HEALTHCHECK, run in the container as the runtime would,
        # with the port the test gave the server.
        command = [arg.replace("127.0.0.1:50051", f"127.0.0.1:{grpc_port}")
                   for arg in healthcheck[1:]]
        health = subprocess.run(
            ["buildah", "run", "--isolation", "chroot", container, "--",
             *command], capture_output=True, text=True, timeout=30)
        assert health.returncode == 0, health.stderr

        servers = [p for p in descendants(server.pid)
                   if os.path.basename(os.readlink(f"/proc/{p}/exe")) ==
                   "policy-reader-server"]
        assert len(servers) == 1, servers
        os.kill(servers[0], signal.SIGTERM)
        server.wait(timeout=30)
        log += server.stderr.read()
        assert b"policy-reader-server: stopped" in log, log
        print(f"served, spoke ({len(audio)} bytes), passed its HEALTHCHECK "
              f"and stopped in the container")
        return 0
    finally:
        if server is not None and server.poll() is None:
            # buildah does not pass SIGKILL on: end the container's
            # processes first.
            for pid in descendants(server.pid):
                try:
                    os.kill(pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
            server.kill()
            server.wait()
        subprocess.run(["buildah", "rm", container], capture_output=True)
        subprocess.run(["buildah", "rmi", tag], capture_output=True)


if __name__ == "__main__":
    sys.exit(main())
