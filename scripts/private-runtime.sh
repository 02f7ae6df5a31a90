#!/usr/bin/env bash
# Prepares the private .NET host that TorchSharp needs on hosts whose libstdc++ is older than GCC 13
# (Debian 12: no GLIBCXX_3.4.32). See docs/troubleshooting in README.md.
#
# Prints the path of the dotnet executable to use for TorchSharp processes: the system one when the
# host does not need the remedy, otherwise a copy of it whose ELF interpreter and run path point at a
# newer C runtime unpacked into .tools/private-runtime. Idempotent: a finished runtime is reused.
#
# The private host also links tcmalloc (gperftools' minimal build) ahead of the C library, so it is the
# process's malloc. Why: the policy search rolls out two halves of each step on two threads, and glibc's
# malloc serves the second thread from a separate arena that gives memory back and faults it in again
# every step; that thread ran its half 15-20 % slower than the main thread ran the same work. With
# tcmalloc both threads run their halves equally fast (docs/trainer.md, "Performance").
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
root="$repo/.tools/private-runtime"
stamp="$root/.complete"
# Bumped when what the runtime holds changes, so an older one is rebuilt.
layout_version=2
system_dotnet=$(command -v dotnet)
system_dotnet=$(readlink -f "$system_dotnet")
dotnet_root=$(dirname "$system_dotnet")

log() { echo "private-runtime: $*" >&2; }

needs_remedy() {
  [ "$(uname -s)" = "Linux" ] || return 1
  local libstdcxx
  libstdcxx=$(/sbin/ldconfig -p 2>/dev/null | awk '/libstdc\+\+\.so\.6 .*x86-64/ {print $NF; exit}')
  [ -n "$libstdcxx" ] || libstdcxx=/usr/lib/x86_64-linux-gnu/libstdc++.so.6
  [ -f "$libstdcxx" ] || return 1
  ! grep -aq 'GLIBCXX_3\.4\.32' "$libstdcxx"
}

if ! needs_remedy; then
  echo "$system_dotnet"
  exit 0
fi

private_dotnet="$root/dotnet/dotnet"
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$dotnet_root v$layout_version" ] && [ -x "$private_dotnet" ]; then
  echo "$private_dotnet"
  exit 0
fi

log "this host's libstdc++ lacks GLIBCXX_3.4.32; building a private runtime for TorchSharp in $root (once)"
rm -rf "$root"
mkdir -p "$root/apt/lists/partial" "$root/apt/archives/partial" "$root/debs" "$root/sysroot" "$root/dotnet"

if ! command -v patchelf >/dev/null 2>&1; then
  log "installing patchelf"
  (apt-get update -qq >/dev/null 2>&1 || true)
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq patchelf >/dev/null
fi

# A private sources list and state directory: the system's apt configuration is left untouched.
echo "deb http://deb.debian.org/debian trixie main" > "$root/apt/sources.list"
apt_opts=(
  -o "Dir::Etc::SourceList=$root/apt/sources.list"
  -o "Dir::Etc::SourceParts=/dev/null"
  -o "Dir::State::Lists=$root/apt/lists"
  -o "Dir::Cache::Archives=$root/apt/archives"
  -o "Dir::Cache=$root/apt/cache"
  -o "APT::Sandbox::User=root"
  -o "Debug::NoLocking=1"
)
mkdir -p "$root/apt/cache"
apt-get "${apt_opts[@]}" update -qq >/dev/null
(cd "$root/debs" && apt-get "${apt_opts[@]}" download libc6 libstdc++6 libgcc-s1 libtcmalloc-minimal4t64 >/dev/null)
for deb in "$root"/debs/*.deb; do dpkg -x "$deb" "$root/sysroot"; done

lib="$root/sysroot/usr/lib/x86_64-linux-gnu"
[ -f "$lib/ld-linux-x86-64.so.2" ] || { log "unpacked runtime has no dynamic loader at $lib"; exit 1; }

# The dotnet host refuses to run under another name or loader, so it is copied and patched;
# the rest of the SDK is shared through symlinks.
cp "$system_dotnet" "$private_dotnet"
for d in host shared sdk packs templates sdk-manifests metadata; do
  [ -e "$dotnet_root/$d" ] && ln -s "$dotnet_root/$d" "$root/dotnet/$d"
done
[ -f "$lib/libtcmalloc_minimal.so.4" ] || { log "unpacked runtime has no tcmalloc at $lib"; exit 1; }
patchelf --set-interpreter "$lib/ld-linux-x86-64.so.2" --set-rpath "$lib" "$private_dotnet"
# A separate call: Debian 12's patchelf aborts when --add-needed comes with the other changes.
patchelf --add-needed libtcmalloc_minimal.so.4 "$private_dotnet"
# tcmalloc must come before the C library in the search order, or glibc's malloc stays the process's.
first_needed=$(patchelf --print-needed "$private_dotnet" | head -1)
[ "$first_needed" = "libtcmalloc_minimal.so.4" ] || { log "tcmalloc is not the first library of the patched host ($first_needed is)"; exit 1; }
"$private_dotnet" --list-runtimes >/dev/null || { log "patched host does not start"; exit 1; }
rm -rf "$root/apt" "$root/debs"
echo "$dotnet_root v$layout_version" > "$stamp"
log "ready: $private_dotnet ($(du -sh "$root" | cut -f1))"
echo "$private_dotnet"
