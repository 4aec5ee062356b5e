"""Administration of a case store from the command line (run by the database owner).

    python -m gridmanager.grid_manager.store.admin DSN_OR_GPKG migrate
    python -m gridmanager.grid_manager.store.admin DSN_OR_GPKG sample [--cases N]
    python -m gridmanager.grid_manager.store.admin DSN add-user LOGIN ROLE [--department CODE] [--password]

``--password`` asks for the password on the terminal and hands it to PostgreSQL once; nothing is
written anywhere.  Desk users then connect through a QGIS connection (user/password or an
authentication configuration of the QGIS auth manager).
"""

import argparse
import getpass
import sys

from ..core.errors import GridManagerError
from ..core.i18n import translate
from . import open_store
from .base import ROLES


def main(argv=None):
    parser = argparse.ArgumentParser(
        prog="gridmanager-store",
        description=translate("StoreAdmin", "Grid Manager case store administration"),
    )
    parser.add_argument(
        "target", help=translate("StoreAdmin", "PostgreSQL connection string (libpq) or a .gpkg path")
    )
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("migrate", help=translate("StoreAdmin", "create or upgrade the schema"))
    sample = sub.add_parser(
        "sample",
        help=translate("StoreAdmin", "migrate, then load the sample catalogue, grids, parts and cases"),
    )
    sample.add_argument("--cases", type=int, default=300)
    user = sub.add_parser(
        "add-user", help=translate("StoreAdmin", "create a login that acts in one workflow role (PostgreSQL)")
    )
    user.add_argument("login")
    user.add_argument("role", choices=ROLES)
    user.add_argument("--department")
    user.add_argument(
        "--password",
        action="store_true",
        help=translate("StoreAdmin", "ask for a password (not stored anywhere)"),
    )
    args = parser.parse_args(argv)
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
            store.create_user(args.login, args.role, args.department, password)
            print(translate("StoreAdmin", "{login} acts as {role}").format(login=args.login, role=args.role))
        store.close()
    except GridManagerError as error:
        print(str(error), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
