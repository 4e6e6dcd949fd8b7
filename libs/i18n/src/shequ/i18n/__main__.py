"""``python -m shequ.i18n [package …]``: bring the catalogues up to date with the code.

With no argument every shequ package with marked texts is updated. Prints what each
still lacks, so a translator knows what to fill in; exits 1 while anything does.
"""

from __future__ import annotations

import sys

from shequ.i18n._catalogue import package_dirs
from shequ.i18n._check import marked_texts, problems, update


def main(argv: list[str]) -> int:
    wanted = set(argv)
    lacking = 0
    for package in package_dirs():
        if wanted and package.name not in wanted:
            continue
        if not marked_texts(package):
            continue
        added, dropped = update(package)
        left = problems(package)
        lacking += len(left)
        print(f"{package.name}: {added} new, {dropped} dropped, {len(left)} to fix")
        for line in left:
            print(f"  {line}")
    return 1 if lacking else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
