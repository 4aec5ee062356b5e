"""Load benchmark of the shared case store: 50 concurrent clients, 10,000 workflow transitions.

Starts its own throwaway PostgreSQL 15 + PostGIS cluster (tests/postgis_cluster.py), creates a store
with the sample reference data and one login per client (inspectors, supervision and command centre
staff, department staff of five departments), then lets every client loop: pick a case whose last
known state has an action for its role, read it, apply a random allowed action with the version it
read.  Stale-version refusals are expected under contention and counted, never retried blindly.

Afterwards it verifies, from the database alone:
* lost updates: every case's version = 1 + its audit rows after the report, and every success a
  client saw is in the audit trail exactly once (case, seq);
* illegal states: every audit row's (from_state, action, role -> to_state) is a row of the
  transitions table, each row starts where the previous ended, and the case is in the last to_state;
* audit rows = successful transitions (+ reports).

Usage:  .venv/bin/python bench/cases/run.py [--clients 50] [--transitions 10000] [--json out.json]
"""

import argparse
import importlib.util
import json
import random
import sys
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
PLUGINS = REPO / "build" / "qgis" / "profiles" / "default" / "python" / "plugins"


def load_modules():
    PLUGINS.mkdir(parents=True, exist_ok=True)
    link = PLUGINS / "gridmanager"
    if not link.exists():
        link.symlink_to(REPO, target_is_directory=True)
    sys.path.insert(0, str(PLUGINS))
    spec = importlib.util.spec_from_file_location("gm_postgis_cluster", REPO / "tests" / "postgis_cluster.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


WEIGHTS = {
    "cancel": 0.02,
    "decline": 0.05,
    "request_return": 0.15,
    "reject_return": 0.5,
    "rework": 0.35,
    "request_extension": 0.2,
    "refuse_extension": 0.5,
    "handle": 0.3,
}


def client_plan(n_clients):
    """[(login, role, department)] — the mix of a command centre on a busy day."""
    departments = ["sz", "yl", "cg", "jt", "gs"]
    plan = []
    shares = (("inspector", 0.24), ("supervision", 0.16), ("command", 0.12))
    counts = {role: max(1, round(n_clients * share)) for role, share in shares}
    for role, count in counts.items():
        plan += [("{}_{:02d}".format(role[:4], i), role, None) for i in range(count)]
    i = 0
    while len(plan) < n_clients:
        dep = departments[i % len(departments)]
        plan.append(("dept_{}_{:02d}".format(dep, i), "department", dep))
        i += 1
    return plan


class Shared:
    def __init__(self, target):
        self.lock = threading.Lock()
        self.hint = {}  # case_code -> (state, department, extension_pending, checked)
        self.codes = []
        self.successes = []  # (case_code, version_after, action, role)
        self.latencies = []
        self.stale = 0
        self.refused = 0
        self.integrity = 0
        self.errors = []
        self.target = target
        self.done = threading.Event()

    def record(self, case, action, role, latency):
        with self.lock:
            self.successes.append((case["case_code"], case["version"], action, role))
            self.latencies.append(latency)
            if case["case_code"] not in self.hint:
                self.codes.append(case["case_code"])
            self.hint[case["case_code"]] = (case["state"], case["department"])
            if len(self.successes) >= self.target:
                self.done.set()


def worker(store_cls, dsn, login, role, department, shared, transitions, seed, store_errors, think=0.0):
    from gridmanager.grid_manager.store import CaseFilter  # noqa: F401  (import check)
    from gridmanager.grid_manager.store.interface import StaleVersionError, WorkflowError, guard_ok
    from gridmanager.grid_manager.store.sample import EVENT_CLASSES, random_point

    rng = random.Random(seed)
    store = store_cls(dsn)
    store._transitions = transitions
    by_state = {}
    for t in transitions:
        if t["role"] == role and t["state"] != "new":
            by_state.setdefault(t["state"], []).append(t)
    departments = ["sz", "yl", "cg", "jt", "gs"]
    try:
        while not shared.done.is_set():
            if role == "inspector" and rng.random() < 0.12:
                if think:
                    time.sleep(rng.expovariate(1.0 / think))  # walks, looks, takes a photo
                start = time.perf_counter()
                case = store.report_case(
                    "event",
                    rng.choice(EVENT_CLASSES)[0],
                    "inspector",
                    *random_point(rng),
                    description="bench",
                    role="inspector",
                )
                shared.record(case, "report", role, time.perf_counter() - start)
                continue
            code = None
            with shared.lock:
                for _ in range(30):
                    candidate = rng.choice(shared.codes)
                    state, dep = shared.hint[candidate]
                    if state in by_state and (role != "department" or dep == department):
                        code = candidate
                        break
            if code is None:
                time.sleep(0.002)
                continue
            case = store.get_case(code)
            if case is None:
                continue
            options = [t for t in by_state.get(case["state"], []) if guard_ok(t["guard"], case)]
            if not options:
                with shared.lock:
                    shared.hint[code] = (case["state"], case["department"])
                continue
            weights = [WEIGHTS.get(t["action"], 1.0) for t in options]
            t = rng.choices(options, weights)[0]
            if t["action"] in ("cancel", "decline") and rng.random() > 0.1:
                continue  # rare in practice: most reads of such a case end without action
            extra = {}
            if t["action"] == "dispatch":
                extra["department"] = rng.choice(departments)
            if t["action"] == "request_extension":
                extra["hours"] = rng.choice((4, 8, 24))
            if think:
                time.sleep(rng.expovariate(1.0 / think))  # reads the case, decides, types a note
            start = time.perf_counter()
            try:
                after = store.apply(code, t["action"], role, case["version"], note="bench", **extra)
            except StaleVersionError:
                with shared.lock:
                    shared.stale += 1
                continue
            except WorkflowError as error:
                with shared.lock:
                    shared.refused += 1
                    shared.errors.append(str(error))
                continue
            except Exception as error:
                if not getattr(store, "naive", False):
                    raise
                with shared.lock:
                    shared.integrity += 1
                    shared.errors.append(str(error).splitlines()[0])
                continue
            shared.record(after, t["action"], role, time.perf_counter() - start)
    except Exception as error:
        store_errors.append("{}: {}".format(login, error))
        shared.done.set()
    finally:
        store.close()


def verify(admin, shared):
    """Checks from the database alone; returns a dict of counters (all 'bad_*' must be 0)."""
    table = {(t["state"], t["action"], t["role"]): t["new_state"] for t in admin.transitions()}
    rows = admin._select(
        "SELECT c.case_code, c.state, c.version, e.seq, e.action, e.role, e.from_state, e.to_state "
        "FROM gm.case_events e JOIN gm.cases c ON c.id = e.case_id ORDER BY c.case_code, e.seq"
    )
    by_case = {}
    for row in rows:
        by_case.setdefault(row["case_code"], []).append(row)
    bad_chain = bad_transition = bad_version = bad_final = 0
    for _code, events in by_case.items():
        if [e["seq"] for e in events] != list(range(1, len(events) + 1)):
            bad_chain += 1
        if events[-1]["version"] != len(events):
            bad_version += 1
        if events[-1]["state"] != events[-1]["to_state"]:
            bad_final += 1
        for before, after in zip(events, events[1:]):
            if after["from_state"] != before["to_state"]:
                bad_chain += 1
        for e in events:
            if table.get((e["from_state"], e["action"], e["role"])) != e["to_state"]:
                bad_transition += 1
    audit = {(r["case_code"], r["seq"]): r for r in rows}
    lost = sum(
        1
        for code, version, action, role in shared.successes
        if (code, version) not in audit
        or audit[(code, version)]["action"] != action
        or audit[(code, version)]["role"] != role
    )
    duplicates = len(shared.successes) - len({(c, v) for c, v, _a, _r in shared.successes})
    return {
        "audit_rows": len(rows),
        "cases": len(by_case),
        "lost_updates": lost + duplicates,
        "illegal_transitions": bad_transition,
        "broken_chains": bad_chain,
        "version_mismatch": bad_version,
        "final_state_mismatch": bad_final,
    }


def naive_store_class():
    """What a desk would do with a shared table and no workflow in the database (e.g. plain QGIS
    editing): read the case, apply the same rules in the client, write the row back, last write wins."""
    from gridmanager.grid_manager.store.interface import iso, plan_transition, utcnow  # noqa: F401
    from gridmanager.grid_manager.store.postgis import _CASE_SELECT, PostgisStore

    class NaiveStore(PostgisStore):
        naive = True

        def apply(
            self,
            case_code,
            action,
            role,
            expected_version,
            note="",
            department=None,
            hours=None,
            attachments=(),
        ):
            def run(cur):
                cur.execute("SELECT " + _CASE_SELECT + " FROM gm.cases WHERE case_code = %s", (case_code,))
                case = dict(cur.fetchone())
                case["version"] = expected_version  # the version the user saw on screen
                t = next(t for t in self.transitions() if t["action"] == action and t["role"] == role)
                upd = plan_transition(
                    case,
                    t,
                    utcnow(),
                    department=department,
                    hours=hours,
                    limit_hours=lambda k, c, u: 24.0,
                    department_exists=lambda d: True,
                    note=note,
                )
                upd.pop("_return", None)
                upd["version"] = expected_version + 1
                cur.execute(
                    "UPDATE gm.cases SET " + ", ".join(k + " = %s" for k in upd) + " WHERE case_code = %s",
                    list(upd.values()) + [case_code],
                )
                case.update(upd)
                return case

            return self._run(run)

    return NaiveStore


def percentile(values, q):
    values = sorted(values)
    if not values:
        return float("nan")
    k = min(len(values) - 1, max(0, int(round(q / 100.0 * (len(values) - 1)))))
    return values[k]


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--transitions", type=int, default=10000)
    parser.add_argument("--initial-cases", type=int, default=1500)
    parser.add_argument(
        "--rate",
        type=float,
        default=600.0,
        help="offered load in transitions/s for all clients together (each client thinks "
        "for an exponential time of mean clients/rate between steps); 0 = no pause",
    )
    parser.add_argument(
        "--naive",
        action="store_true",
        help="comparison: clients read and write the table directly (last write wins) instead "
        "of calling the workflow function; counts the updates that get lost",
    )
    parser.add_argument(
        "--durable",
        action="store_true",
        help="fsync and synchronous_commit on (the default cluster trades them for speed)",
    )
    parser.add_argument("--json", default=str(REPO / "bench" / "out" / "cases.json"))
    args = parser.parse_args(argv)
    postgis_cluster = load_modules()
    from gridmanager.grid_manager.store.postgis import PostgisStore
    from gridmanager.grid_manager.store.sample import EVENT_CLASSES, random_point, seed_reference

    plan = client_plan(args.clients)
    settings = {"max_connections": str(args.clients + 20)}
    if args.durable:
        settings.update(fsync="on", synchronous_commit="on", full_page_writes="on")
    think = args.clients / args.rate if args.rate else 0.0
    with postgis_cluster.LocalCluster(settings=settings) as cluster:
        dsn = cluster.create_database("bench")
        admin = PostgisStore(dsn)
        admin.migrate()
        seed_reference(admin)
        for login, role, department in plan:
            admin.create_user(login, role, department)
        rng = random.Random(1)
        shared = Shared(args.transitions)
        for _ in range(args.initial_cases):
            case = admin.report_case(
                "event", rng.choice(EVENT_CLASSES)[0], "public", *random_point(rng), role="supervision"
            )
            shared.hint[case["case_code"]] = (case["state"], None)
            shared.codes.append(case["case_code"])
        initial_audit = admin._select("SELECT count(*) AS n FROM gm.case_events")[0]["n"]
        transitions = admin.transitions()
        errors = []
        store_cls = naive_store_class() if args.naive else PostgisStore
        threads = [
            threading.Thread(
                target=worker,
                args=(
                    store_cls,
                    cluster.dsn("bench", None if args.naive else login),
                    login,
                    role,
                    department,
                    shared,
                    transitions,
                    100 + i,
                    errors,
                    think,
                ),
            )
            for i, (login, role, department) in enumerate(plan)
        ]
        start = time.perf_counter()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        elapsed = time.perf_counter() - start
        if args.naive:
            unique = {(c, v) for c, v, _a, _r in shared.successes}
            checks = {
                "lost_updates": len(shared.successes) - len(unique),
                "audit_rows": 0,
                "broken_rows_refused_by_constraints_or_crashed_clients": shared.integrity,
                "illegal_transitions": "not checked (no audit trail)",
                "broken_chains": 0,
            }
        else:
            checks = verify(admin, shared)
        admin.close()
    successes = len(shared.successes)
    result = {
        "clients": args.clients,
        "offered_rate": args.rate or "unpaced",
        "durable": args.durable,
        "successful_transitions": successes,
        "seconds": round(elapsed, 2),
        "transitions_per_s": round(successes / elapsed, 1),
        "latency_ms_p50": round(1000 * percentile(shared.latencies, 50), 2),
        "latency_ms_p99": round(1000 * percentile(shared.latencies, 99), 2),
        "stale_version_refusals": shared.stale,
        "other_refusals": shared.refused,
        "refusal_examples": sorted({e[:90] for e in shared.errors})[:4],
        "audit_rows_expected": initial_audit + successes,
        **checks,
        "client_errors": errors,
        "actions": {},
    }
    for _c, _v, action, _r in shared.successes:
        result["actions"][action] = result["actions"].get(action, 0) + 1
    result["audit_rows_match"] = result["audit_rows"] == result["audit_rows_expected"]
    result["mode"] = "naive read-modify-write" if args.naive else "gm.apply_transition"
    out = Path(args.json)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=2, ensure_ascii=False))
    print(json.dumps(result, indent=2, ensure_ascii=False))
    if args.naive:
        return 0
    ok = (
        not errors
        and result["lost_updates"] == 0
        and result["illegal_transitions"] == 0
        and result["broken_chains"] == 0
        and result["audit_rows_match"]
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
