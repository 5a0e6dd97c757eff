#!/usr/bin/env python3
"""Checks a `cmake --install` tree: the FHS layout deploy/README.md promises,
and no path of the build machine (source or build tree) inside the installed
programs, which must find their data relative to themselves.

usage: check_installed_tree.py PREFIX SOURCE_DIR BUILD_DIR
"""
import os
import sys


def main():
    prefix, source_dir, build_dir = sys.argv[1:4]
    failures = []
    expected = [
        "bin/policy-reader-server",
        "bin/policy-reader",
        "libexec/policy-reader/policy-reader-synth-worker",
        "share/policy-reader/voices/voices.tsv",
        "share/policy-reader/voices/da/abbreviations.tsv",
        "share/policy-reader/web/widget.js",
        "share/policy-reader/web/index.html",
        "share/policy-reader/samples/library/trivselspolitik.txt",
        "share/policy-reader/samples/telephony/calls.tsv",
        "share/policy-reader/policy-reader.flags",
        "etc/policy-reader/policy-reader.flags",
        "lib/systemd/system/policy-reader.service",
    ]
    for rel in expected:
        path = os.path.join(prefix, rel)
        if not os.path.isfile(path):
            failures.append(f"missing: {rel}")
        elif rel.startswith(("bin/", "libexec/")) and not os.access(path, os.X_OK):
            failures.append(f"not executable: {rel}")

    # Build trees are a checkout's own folders; the installed programs must
    # not name them (data paths, __FILE__ in flags and logs, debug info).
    needles = {os.path.realpath(d).encode() for d in (source_dir, build_dir)}
    programs = 0
    for root, _, files in os.walk(prefix):
        for name in files:
            path = os.path.join(root, name)
            with open(path, "rb") as f:
                data = f.read()
            if not data.startswith(b"\x7fELF"):
                continue
            programs += 1
            for needle in needles:
                at = data.find(needle)
                if at >= 0:
                    end = data.find(b"\0", at)
                    failures.append(
                        f"{os.path.relpath(path, prefix)} names the build "
                        f"machine's {data[at:end].decode(errors='replace')!r}")
    if programs != 3:
        failures.append(f"expected 3 programs, found {programs}")

    for failure in failures:
        print(failure)
    if failures:
        return 1
    print(f"installed tree OK: {len(expected)} files, {programs} programs, "
          f"no build path")
    return 0


if __name__ == "__main__":
    sys.exit(main())
