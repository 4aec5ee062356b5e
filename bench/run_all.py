"""`make bench`: every capability's benchmark, one after the other (each prints its own table and
writes JSON under bench/out/).  Copy the figures you quote into bench/RESULTS.md.

    .venv/bin/python bench/run_all.py [partition import hotspots cases inventory]
"""

import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
BENCHES = {
    "partition": [HERE / "partition" / "run.py"],
    "import": [HERE / "import" / "run.py"],
    "hotspots": [HERE / "hotspots" / "run.py"],
    "cases": [HERE / "cases" / "run.py"],
    "inventory": [HERE / "inventory" / "run.py"],
}


def main(names):
    failed = []
    for name in names or list(BENCHES):
        for script in BENCHES[name]:
            print(f"\n##### {name}: {script.relative_to(HERE.parent)}", flush=True)
            start = time.perf_counter()
            code = subprocess.call([sys.executable, str(script)])
            print(f"##### {name}: exit {code} after {time.perf_counter() - start:.0f} s", flush=True)
            if code:
                failed.append(name)
    if failed:
        print("failed: " + ", ".join(failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
