# Runs a command under a seccomp allow-list, as systemd's SystemCallFilter= does: every system
# call named in ALLOWED (one per line) is allowed, every other one fails with ERRNO.
# Usage: python3 unit-seccomp.py ALLOWED ERRNO COMMAND ARG...
import errno
import os
import sys

import seccomp

allowed_file, error, command = sys.argv[1], sys.argv[2], sys.argv[3:]
f = seccomp.SyscallFilter(defaction=seccomp.ERRNO(getattr(errno, error)))
with open(allowed_file) as names:
    for name in names:
        name = name.strip()
        if name:
            try:
                f.add_rule(seccomp.ALLOW, name)
            except (RuntimeError, ValueError):
                pass  # not a system call on this architecture
f.load()
os.execvp(command[0], command)
