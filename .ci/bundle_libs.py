"""Check a Linux one-folder bundle: every library a bundled ELF file links against (DT_NEEDED) is in the bundle,
or is one PyInstaller leaves to the system on purpose (glibc and its loader, libGL/libEGL, libwayland-*, ...:
its own exclude list, ``PyInstaller.depend.dylib.include_library``). `ldd` cannot tell this, as it falls back to
this machine's libraries, which a user's machine may not have.

    uv run python .ci/bundle_libs.py dist/Upfront      # exit 1 and one line per missing library

Used by .ci/build-app after the spec has left Qt plugins (and the libraries only they needed) out.
"""

from __future__ import annotations

import struct
import sys
from pathlib import Path

from PyInstaller.depend.dylib import include_library

PT_LOAD, PT_DYNAMIC, DT_NEEDED, DT_STRTAB = 1, 2, 1, 5


def needed(path: Path) -> list[str]:
    """The DT_NEEDED names of a 64-bit little-endian ELF file ([] for anything else)."""
    data = path.read_bytes()
    if data[:4] != b"\x7fELF" or data[4] != 2 or data[5] != 1:
        return []
    phoff, = struct.unpack_from("<Q", data, 0x20)
    phentsize, phnum = struct.unpack_from("<HH", data, 0x36)
    loads, dynamic = [], None
    for i in range(phnum):
        p_type, _flags, p_offset, p_vaddr, _paddr, p_filesz = struct.unpack_from("<IIQQQQ", data, phoff + i * phentsize)
        if p_type == PT_LOAD:
            loads.append((p_vaddr, p_offset, p_filesz))
        elif p_type == PT_DYNAMIC:
            dynamic = (p_offset, p_filesz)
    if dynamic is None:
        return []
    entries, strtab = [], None
    for off in range(dynamic[0], dynamic[0] + dynamic[1], 16):
        tag, value = struct.unpack_from("<qQ", data, off)
        if tag == 0:
            break
        if tag == DT_NEEDED:
            entries.append(value)
        elif tag == DT_STRTAB:
            strtab = next((value - vaddr + offset for vaddr, offset, size in loads if vaddr <= value < vaddr + size),
                          None)
    if strtab is None:
        return []
    return [data[strtab + v:data.index(b"\0", strtab + v)].decode() for v in entries]


def missing(bundle: Path) -> list[str]:
    files = [p for p in bundle.rglob("*") if p.is_file() and not p.is_symlink()]
    present = {p.name for p in bundle.rglob("*")}
    problems = []
    for file in files:
        if ".so" not in file.name and file.parent != bundle:
            continue
        for name in needed(file):
            if name not in present and include_library(name) and not name.startswith(("ld-linux", "ld64.so")):
                problems.append(f"{file.relative_to(bundle)} needs {name}")
    return sorted(problems)


def main(argv: list[str]) -> int:
    bundle = Path(argv[0] if argv else "dist/Upfront")
    problems = missing(bundle)
    for line in problems:
        print(f"bundle_libs: {line}", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
