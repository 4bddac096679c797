#!/usr/bin/env bash
# Builds the kernel lab's kernel (Linux 6.1, tinyconfig + the lab's fragment) with what the thin
# pools' block-layer write signal needs on top (tracing.fragment: perf events, tracepoints):
# ThinPoolBlockSignalLabTest and bench/thinpool use it through KLAB_TRACING_KERNEL / KLAB_KERNEL.
# Usage: lab/tracing-kernel/build.sh [OUTPUT_DIR]   (default /work/kernel-trace; takes ~20 min on 2 cores)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
lab=${KLAB_DIR:-/work/shared/kernel-lab}
out=${1:-/work/kernel-trace}
work="$out/build"
mkdir -p "$work"
[ -f /usr/src/linux-source-6.1.tar.xz ] || apt-get install -y --no-install-recommends linux-source-6.1 flex bison libelf-dev bc cpio build-essential libssl-dev
[ -d "$work/linux-source-6.1" ] || tar xf /usr/src/linux-source-6.1.tar.xz -C "$work"
cd "$work/linux-source-6.1"
make ARCH=x86_64 tinyconfig >/dev/null
ARCH=x86_64 scripts/kconfig/merge_config.sh -m .config "$lab/kernel.fragment" "$here/tracing.fragment" >/dev/null
make ARCH=x86_64 olddefconfig >/dev/null
# A line of either fragment that olddefconfig dropped (a missing dependency) is said, not ignored.
for f in "$lab/kernel.fragment" "$here/tracing.fragment"; do
  while IFS= read -r line; do case "$line" in CONFIG_*=*) grep -qxF "$line" .config || echo "not set: $line";; esac; done < "$f"
done
nice -n 5 make ARCH=x86_64 -j"$(nproc)" bzImage > "$work/build.log" 2>&1 || { tail -40 "$work/build.log"; exit 1; }
cp arch/x86/boot/bzImage "$out/bzImage"
echo "built $out/bzImage"
