"""The app behind PgBouncer in transaction mode, where each transaction may run on another server connection:
a whole people export streams, and "next person" takes its row lock, through a real PgBouncer. Without
DATABASE_POOLER=transaction the same export fails there, which shows the pooler really hands out connections
per transaction and the setting is what makes the difference."""

from __future__ import annotations

import os
import pwd
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from tests.calls.factories import call_list, callee

ROOT = Path(__file__).resolve().parents[2]

# Run in a separate process with DATABASE_URL pointing at PgBouncer, so the settings module reads the environment
# as a deployed web worker would.
SCRIPT = """
import sys
import django
from django.test.utils import setup_test_environment

django.setup()
setup_test_environment()
from django.test import Client
from calls import services
from calls.models import CallList
from coalition.models import User

staff = User.objects.get(email=sys.argv[1])
client = Client()
client.force_login(staff)
export = client.get("/people/export/")
lines = b"".join(export.streaming_content).decode("utf-8-sig").strip().splitlines()
print("export rows", len(lines) - 1)
target = services.call_next(actor=staff, call_list=CallList.objects.get(pk=int(sys.argv[2])))
print("handed out", target.person_id)
"""


def _pgbouncer() -> str:
    found = shutil.which("pgbouncer") or ("/usr/sbin/pgbouncer" if Path("/usr/sbin/pgbouncer").exists() else None)
    if found is None:
        if os.environ.get("CI"):
            pytest.fail("PgBouncer is not installed: `make test-tools` installs it from Debian's packages")
        pytest.skip("PgBouncer is not installed (make test-tools installs it)")
    return found


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_exports_and_row_locks_work_behind_pgbouncer_in_transaction_mode(regions, staff) -> None:
    binary = _pgbouncer()
    # Not pytest's tmp_path: its parents are closed to the postgres user PgBouncer runs as.
    folder = tempfile.TemporaryDirectory(prefix="pgbouncer-")
    tmp_path = Path(folder.name)
    people = [callee(f"+131255502{i:02d}", first_name=f"Pooled{i}") for i in range(25)]
    made = call_list(staff, people, questions=False)
    port = _free_port()
    (tmp_path / "users.txt").write_text('"postgres" ""\n')
    # Round robin over several server connections: a statement after a finished transaction lands on another one.
    (tmp_path / "pgbouncer.ini").write_text(f"""[databases]
* = host={settings.DATABASES["default"]["HOST"] or "127.0.0.1"} port={settings.DATABASES["default"]["PORT"] or 5432}
[pgbouncer]
listen_addr = 127.0.0.1
listen_port = {port}
unix_socket_dir =
auth_type = trust
auth_file = {tmp_path / "users.txt"}
pool_mode = transaction
server_round_robin = 1
min_pool_size = 3
default_pool_size = 4
max_client_conn = 10
ignore_startup_parameters = extra_float_digits,options
logfile = {tmp_path / "pgbouncer.log"}
""")
    command = [binary, str(tmp_path / "pgbouncer.ini")]
    if os.geteuid() == 0:  # PgBouncer refuses to run as root
        owner = pwd.getpwnam("postgres")
        for path in (tmp_path, *tmp_path.iterdir()):
            os.chown(path, owner.pw_uid, owner.pw_gid)
        command[1:1] = ["-u", "postgres"]
    bouncer = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)  # noqa: S603
    try:
        for _ in range(100):
            with socket.socket() as sock:
                if sock.connect_ex(("127.0.0.1", port)) == 0:
                    break
            assert bouncer.poll() is None, bouncer.communicate()[0].decode()[-2000:]
            time.sleep(0.1)
        url = f"postgres://{settings.DATABASES['default']['USER']}@127.0.0.1:{port}/{connection.settings_dict['NAME']}"
        env = {**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "coalition.settings",
               "CELERY_TASK_ALWAYS_EAGER": "true", "SMS_QUIET_HOURS": ""}

        def run(pooler: str) -> subprocess.CompletedProcess[str]:
            return subprocess.run([sys.executable, "-c", SCRIPT, staff.email, str(made.pk)],  # noqa: S603
                                  env={**env, "DATABASE_POOLER": pooler}, cwd=ROOT, capture_output=True, text=True,
                                  timeout=120, check=False)

        pooled = run("transaction")
        assert pooled.returncode == 0, pooled.stderr[-2000:]
        assert "export rows 25" in pooled.stdout
        handed = int(pooled.stdout.split("handed out")[1])
        assert handed in {p.pk for p in people}
        assert made.targets.get(person_id=handed).locked_by_id == staff.pk
        unpooled = run("")
        assert unpooled.returncode != 0 and "does not exist" in unpooled.stderr, unpooled.stdout + unpooled.stderr
    finally:
        bouncer.terminate()
        bouncer.wait(timeout=10)
        folder.cleanup()
