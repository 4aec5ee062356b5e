"""Administration of a case store from the command line (run by the database owner).

    python -m gridmanager.grid_manager.store.admin DSN_OR_GPKG migrate
    python -m gridmanager.grid_manager.store.admin DSN_OR_GPKG sample [--cases N]
    python -m gridmanager.grid_manager.store.admin DSN add-user LOGIN ROLE [--department CODE]
                                                   [--street CODE[,CODE]] [--password]
    python -m gridmanager.grid_manager.store.admin DSN set-role LOGIN ROLE [--department CODE]
                                                   [--street CODE[,CODE]]
    python -m gridmanager.grid_manager.store.admin DSN disable-user LOGIN
    python -m gridmanager.grid_manager.store.admin DSN enable-user LOGIN
    python -m gridmanager.grid_manager.store.admin DSN remove-user LOGIN
    python -m gridmanager.grid_manager.store.admin DSN list-users
    python -m gridmanager.grid_manager.store.admin DSN_OR_GPKG time-zone [NAME]
    python -m gridmanager.grid_manager.store.admin DSN_OR_GPKG photos [--max-mb MB] [--folder PATH]
    python -m gridmanager.grid_manager.store.admin DSN_OR_GPKG set-department CODE NAME
    python -m gridmanager.grid_manager.store.admin DSN_OR_GPKG remove-department CODE
    python -m gridmanager.grid_manager.store.admin DSN_OR_GPKG set-class part|event CODE NAME [--zh NAME_ZH]
    python -m gridmanager.grid_manager.store.admin DSN_OR_GPKG import-classes part|event [catalogue.csv]
    python -m gridmanager.grid_manager.store.admin DSN_OR_GPKG audit [--object department|class|user]
    python -m gridmanager.grid_manager.store.admin DSN_OR_GPKG load-units communities.csv
    python -m gridmanager.grid_manager.store.admin DSN_OR_GPKG load-grids grids.gpkg [--layer L]
    python -m gridmanager.grid_manager.store.admin DSN publish-grids grids.gpkg --reason TEXT [--layer L]
    python -m gridmanager.grid_manager.store.admin DSN_OR_GPKG load-parts parts.gpkg [--class-field F]
    python -m gridmanager.grid_manager.store.admin DSN_OR_GPKG load-calendar resources/calendars/cn_2027.csv
    python -m gridmanager.grid_manager.store.admin DSN_OR_GPKG working-hours [08:30-12:00,13:30-17:30]
    python -m gridmanager.grid_manager.store.admin DSN_OR_GPKG load-time-limits limits.csv
    python -m gridmanager.grid_manager.store.admin DSN_OR_GPKG time-limits

The working-time commands (docs/working_time.md) may be run by the store's owner or a login of the command
centre (role command); every change is written to the working-time log.

A login has exactly one role: ``set-role`` (or ``add-user`` on an existing login) revokes the previous
one.  ``disable-user`` ends the login's sessions and refuses new ones; ``remove-user`` drops the
database role (its name stays in the audit trail).  A ``surveyor`` edits the grids of the street(s)
given with ``--street``.  ``publish-grids`` loads a partition's output as version 1 of new grids
(recorded with who/when/why; codes already issued are refused), as the administrator or a surveyor.
Run these as the store's owner (a role with CREATEROLE that may end other sessions, e.g. a member of
``pg_signal_backend``) or a superuser.

Departments, classes and users may also be managed by a login of the command centre (the database checks
it); every change is written to the audit (``audit`` lists it: who, when, what, old and new values).
``import-classes`` adds the minor classes (4 or 5 digits) of a catalogue CSV (the bundled one when no file is given) with
their Chinese and English names.

``--password`` asks for the password on the terminal and hands it to PostgreSQL once; nothing is
written anywhere.  Desk users then connect through a QGIS connection (user/password or an
authentication configuration of the QGIS auth manager).
"""

import argparse
import getpass
import sys

from ..common.errors import GridManagerError
from ..common.i18n import translate
from . import open_store
from .interface import STORE_ROLES

_ALIASES = {
    "change-role": "set-role",
    "lock-user": "disable-user",
    "unlock-user": "enable-user",
    "delete-user": "remove-user",
    "drop-user": "remove-user",
}


def main(argv=None):
    parser = argparse.ArgumentParser(
        prog="gridmanager-store",
        description=translate("StoreAdmin", "Grid Manager case store administration"),
    )
    parser.add_argument("target", help=translate("StoreAdmin", "PostgreSQL connection string (libpq) or a .gpkg path"))
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("migrate", help=translate("StoreAdmin", "create or upgrade the schema"))
    sample = sub.add_parser(
        "sample",
        help=translate("StoreAdmin", "migrate, then load the sample catalogue, grids, parts and cases"),
    )
    sample.add_argument("--cases", type=int, default=300)
    user = sub.add_parser(
        "add-user",
        help=translate("StoreAdmin", "create a login that acts in one workflow role or as planner (PostgreSQL)"),
    )
    user.add_argument("login")
    user.add_argument("role", choices=STORE_ROLES)
    user.add_argument("--department")
    user.add_argument(
        "--street", help=translate("StoreAdmin", "the street code(s) a surveyor edits, separated by commas")
    )
    user.add_argument(
        "--password",
        action="store_true",
        help=translate("StoreAdmin", "ask for a password (not stored anywhere)"),
    )
    role = sub.add_parser(
        "set-role",
        aliases=["change-role"],
        help=translate("StoreAdmin", "give a login another role; the previous role is revoked (PostgreSQL)"),
    )
    role.add_argument("login")
    role.add_argument("role", choices=STORE_ROLES)
    role.add_argument("--department")
    role.add_argument(
        "--street", help=translate("StoreAdmin", "the street code(s) a surveyor edits, separated by commas")
    )
    for name, aliases, text in (
        (
            "disable-user",
            ["lock-user"],
            translate("StoreAdmin", "disable a login: end its sessions and refuse new ones (PostgreSQL)"),
        ),
        ("enable-user", ["unlock-user"], translate("StoreAdmin", "enable a disabled login again (PostgreSQL)")),
        (
            "remove-user",
            ["delete-user", "drop-user"],
            translate("StoreAdmin", "remove a login and drop its database role (PostgreSQL)"),
        ),
    ):
        sub.add_parser(name, aliases=aliases, help=text).add_argument("login")
    sub.add_parser("list-users", help=translate("StoreAdmin", "list the logins of the store (PostgreSQL)"))
    zone = sub.add_parser(
        "time-zone",
        help=translate("StoreAdmin", "show or set the store's time zone (case codes, deadlines, periods)"),
    )
    zone.add_argument("name", nargs="?")
    photos = sub.add_parser(
        "photos",
        help=translate("StoreAdmin", "show or set the photo settings: the largest photo and the attachments folder"),
    )
    photos.add_argument("--max-mb", type=float, help=translate("StoreAdmin", "largest photo in MB (default 10)"))
    photos.add_argument(
        "--folder",
        help=translate(
            "StoreAdmin",
            'keep new photos as files in this folder ("": in the store); a GeoPackage resolves it next to the file',
        ),
    )
    dept = sub.add_parser("set-department", help=translate("StoreAdmin", "add a department or rename it"))
    dept.add_argument("code")
    dept.add_argument("name")
    sub.add_parser(
        "remove-department", help=translate("StoreAdmin", "remove a department no case and no user refers to")
    ).add_argument("code")
    cls = sub.add_parser("set-class", help=translate("StoreAdmin", "add a part or event class or rename it"))
    cls.add_argument("kind", choices=("part", "event"))
    cls.add_argument("code")
    cls.add_argument("name")
    cls.add_argument("--zh", default="", help=translate("StoreAdmin", "the Chinese name"))
    imp = sub.add_parser(
        "import-classes",
        help=translate("StoreAdmin", "add the classes of a catalogue CSV (the bundled catalogue by default)"),
    )
    imp.add_argument("kind", choices=("part", "event"))
    imp.add_argument("path", nargs="?")
    audit = sub.add_parser("audit", help=translate("StoreAdmin", "list the audit of administrative changes"))
    audit.add_argument("--object", choices=("department", "class", "user"))
    units = sub.add_parser("load-units", help=translate("StoreAdmin", "load streets and communities from a CSV"))
    units.add_argument("path")
    for name, text in (
        ("load-grids", translate("StoreAdmin", "load grids from a polygon layer (new versions for existing codes)")),
        ("load-parts", translate("StoreAdmin", "load parts from a point layer")),
    ):
        load = sub.add_parser(name, help=text)
        load.add_argument("path")
        load.add_argument("--layer")
        load.add_argument("--code-field", default="code")
        if name == "load-grids":
            load.add_argument("--community-field", default="community_code")
        else:
            load.add_argument("--class-field")
    publish = sub.add_parser(
        "publish-grids",
        help=translate("StoreAdmin", "publish a grid layer as version 1 of new grids, with a reason (PostgreSQL)"),
    )
    publish.add_argument("path")
    publish.add_argument("--layer")
    publish.add_argument("--code-field", default="code")
    publish.add_argument("--community-field", default="community_code")
    publish.add_argument("--reason", required=True)
    calendar = sub.add_parser(
        "load-calendar",
        help=translate("StoreAdmin", "load an official holiday list (CSV date,working,note); replaces its years"),
    )
    calendar.add_argument("path")
    hours = sub.add_parser(
        "working-hours", help=translate("StoreAdmin", "show or set the working hours, e.g. 08:30-12:00,13:30-17:30")
    )
    hours.add_argument("value", nargs="?")
    limits = sub.add_parser(
        "load-time-limits",
        help=translate("StoreAdmin", "set time limits from a CSV (kind,class_code,urgency,stage,amount,unit)"),
    )
    limits.add_argument("path")
    sub.add_parser("time-limits", help=translate("StoreAdmin", "list the time limits"))
    args = parser.parse_args(argv)
    args.command = _ALIASES.get(args.command, args.command)
    try:
        store = open_store(args.target)
        if args.command in ("migrate", "sample"):
            version = store.migrate()
            print(translate("StoreAdmin", "schema version {version}").format(version=version))
        if args.command == "sample":
            from .sample import seed_cases, seed_reference

            if store.count_cases() == 0 and not store.departments():
                seed_reference(store)
            cases = seed_cases(store, args.cases)
            print(translate("StoreAdmin", "{n} sample cases reported").format(n=len(cases)))
        if args.command == "add-user":
            if store.backend != "postgis":
                parser.error(translate("StoreAdmin", "add-user needs a PostgreSQL store"))
            password = (
                getpass.getpass(translate("StoreAdmin", "password for {login}: ").format(login=args.login))
                if args.password
                else None
            )
            store.create_user(args.login, args.role, args.department, password, _streets(args.street))
            print(translate("StoreAdmin", "{login} acts as {role}").format(login=args.login, role=args.role))
        if args.command in ("set-role", "disable-user", "enable-user", "remove-user", "list-users"):
            if store.backend != "postgis":
                parser.error(translate("StoreAdmin", "{command} needs a PostgreSQL store").format(command=args.command))
            if args.command == "set-role":
                store.set_user_role(args.login, args.role, args.department, streets=_streets(args.street))
                print(translate("StoreAdmin", "{login} acts as {role}").format(login=args.login, role=args.role))
            elif args.command == "disable-user":
                store.set_user_enabled(args.login, False)
                print(translate("StoreAdmin", "{login} is disabled").format(login=args.login))
            elif args.command == "enable-user":
                store.set_user_enabled(args.login, True)
                print(translate("StoreAdmin", "{login} is enabled").format(login=args.login))
            elif args.command == "remove-user":
                store.remove_user(args.login)
                print(translate("StoreAdmin", "{login} is removed").format(login=args.login))
            else:
                for user in store.users():
                    state = (
                        translate("StoreAdmin", "enabled")
                        if user["enabled"] and user["can_login"]
                        else translate("StoreAdmin", "disabled")
                    )
                    print("\t".join([user["login"], user["role"], user["department"] or "", state]))
        if args.command == "publish-grids":
            from . import reference

            if store.backend != "postgis":
                parser.error(translate("StoreAdmin", "{command} needs a PostgreSQL store").format(command=args.command))
            n = reference.publish_grids(
                store, args.path, args.layer, args.code_field, args.community_field, args.reason
            )
            print(translate("StoreAdmin", "{n} grids published as version 1").format(n=n))
        if args.command == "set-department":
            store.save_department(args.code, args.name)
            print(translate("StoreAdmin", "department {code} saved").format(code=args.code))
        if args.command == "remove-department":
            store.remove_department(args.code)
            print(translate("StoreAdmin", "department {code} removed").format(code=args.code))
        if args.command == "set-class":
            store.save_class(args.kind, args.code, args.name, args.zh)
            print(translate("StoreAdmin", "class {kind} {code} saved").format(kind=args.kind, code=args.code))
        if args.command == "import-classes":
            saved, skipped = store.import_classes(args.kind, args.path)
            for code, reason in skipped:
                print(translate("StoreAdmin", "skipped {code}: {reason}").format(code=code, reason=reason))
            print(translate("StoreAdmin", "{n} classes saved").format(n=saved))
        if args.command == "audit":
            import json

            for row in store.admin_audit(args.object):
                print(
                    "\t".join(
                        [
                            str(row["at"]),
                            row["actor"],
                            row["object"],
                            row["key"],
                            row["operation"],
                            json.dumps(row["old_values"], ensure_ascii=False, default=str),
                            json.dumps(row["new_values"], ensure_ascii=False, default=str),
                        ]
                    )
                )
        if args.command == "time-zone":
            if args.name:
                store.set_time_zone(args.name)
            print(translate("StoreAdmin", "time zone {name}").format(name=store.time_zone()))
        if args.command == "photos":
            if args.max_mb is not None or args.folder is not None:
                store.set_attachment_settings(
                    max_bytes=int(round(args.max_mb * 1048576)) if args.max_mb is not None else None,
                    folder=args.folder,
                )
            settings = store.attachment_settings()
            print(
                translate("StoreAdmin", "photos up to {max} MB, kept in {where}").format(
                    max=("%.1f" % (settings["max_bytes"] / 1048576)).rstrip("0").rstrip("."),
                    where=settings["folder"] or translate("StoreAdmin", "the store"),
                )
            )
        if args.command in ("load-calendar", "working-hours", "load-time-limits", "time-limits"):
            _working_time_command(store, args)
        if args.command in ("load-units", "load-grids", "load-parts"):
            from . import reference

            if args.command == "load-units":
                n = reference.load_units_csv(store, args.path)
                print(translate("StoreAdmin", "{n} administrative units added").format(n=n))
            elif args.command == "load-grids":
                added, revised = reference.load_grids(
                    store, args.path, args.layer, args.code_field, args.community_field
                )
                print(
                    translate("StoreAdmin", "{added} grids added, {revised} revised").format(
                        added=added, revised=revised
                    )
                )
            else:
                n = reference.load_parts(store, args.path, args.layer, args.code_field, args.class_field)
                print(translate("StoreAdmin", "{n} parts added").format(n=n))
        store.close()
    except GridManagerError as error:
        print(str(error), file=sys.stderr)
        return 1
    return 0


def _working_time_command(store, args):
    from ..cases.working_time import read_calendar_csv, read_time_limits_csv

    if args.command == "load-calendar":
        rows = read_calendar_csv(args.path)
        n = store.load_calendar(rows)
        years = ", ".join(sorted({str(day.year) for day, _, _ in rows}))
        print(translate("StoreAdmin", "{n} calendar days loaded for {years}").format(n=n, years=years))
    elif args.command == "working-hours":
        if args.value:
            store.set_working_hours(args.value)
        print(translate("StoreAdmin", "working hours {value}").format(value=store.working_hours()))
    elif args.command == "load-time-limits":
        n = store.set_time_limits(read_time_limits_csv(args.path))
        print(translate("StoreAdmin", "{n} time limits set").format(n=n))
    else:
        for row in store.time_limits():
            print(
                "\t".join(
                    str(v)
                    for v in (
                        row["kind"],
                        row["class_code"],
                        row["urgency"],
                        row["stage"],
                        "%g" % row["amount"],
                        row["unit"],
                        "%g" % row["max_extension_hours"],
                    )
                )
            )


def _streets(text):
    return [s.strip() for s in (text or "").split(",") if s.strip()]


if __name__ == "__main__":
    sys.exit(main())
