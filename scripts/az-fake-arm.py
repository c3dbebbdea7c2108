#!/usr/bin/env python3
"""Runs an exported Azure CLI script with the real `az` (PyPI azure-cli) against a fake Azure
Resource Manager on 127.0.0.1, and writes what Azure would have been asked to create.

    az-fake-arm.py SCRIPT.sh OUT.json [--subscription GUID] [--location REGION]

Run it with the Python of the azure-cli venv that scripts/install.sh makes. Nothing leaves the
machine: the cloud `FakeArm` registered in a private AZURE_CONFIG_DIR points every endpoint at a
local HTTPS server (a self-signed certificate made for the run, the only one trusted), and the login is a
profile with one subscription whose token is a constant (Profile.get_login_credentials patched,
as azure-cli's own test SDK mocks its Profile).

`az` starts once: the script runs in bash with a stand-in `az` on PATH (a few lines of bash) that
hands its arguments over a loopback TCP socket to this process, which runs them in-process
(`azure.cli.core.get_default_cli().invoke`) and sends back the output and exit status.

The fake ARM keeps every resource PUT (PATCH merges), answers GETs with it (children such as a
circuit's peerings embedded, as Azure does), answers long-running operations as Succeeded,
deploys the resources of template deployments (`vpn-connection create` deploys one), and says a
provider circuit is Provisioned. OUT.json holds every `az` call (arguments, exit status, stderr),
every request (method, path, body), and the final state as an ARM deployment template whose
resources are what a GET of each top-level resource returns: the project's ARM importer reads it
back into a design.
"""

import datetime
import http.server
import io
import json
import os
import re
import shutil
import socket
import ssl
import subprocess
import sys
import tempfile
import threading
import time
import uuid

SUBSCRIPTION = "00000000-0000-0000-0000-00000000a2e1"
TENANT = "00000000-0000-0000-0000-0000000000aa"

# Collections whose items a parent's GET embeds (and a parent's PUT may carry inline).
CHILDREN = {
    "microsoft.network/expressroutecircuits": ["peerings", "authorizations"],
    "microsoft.network/expressroutecircuits/peerings": ["connections"],
    "microsoft.network/virtualnetworks": ["subnets"],
    "microsoft.network/routefilters": ["routeFilterRules:rules"],
}

ID_RE = re.compile(
    r"^/subscriptions/(?P<sub>[^/]+)/resourcegroups/(?P<rg>[^/]+)/providers/(?P<ns>[^/]+)/(?P<rest>.+)$",
    re.I,
)


def parse(path):
    """(subscription, rg, full type lower, [names], canonical id) of a resource path, or None."""
    m = ID_RE.match(path)
    if not m:
        return None
    parts = m.group("rest").split("/")
    if len(parts) % 2:
        return None
    types = [parts[i] for i in range(0, len(parts), 2)]
    names = [parts[i] for i in range(1, len(parts), 2)]
    ty = (m.group("ns") + "/" + "/".join(types)).lower()
    return m.group("sub"), m.group("rg"), ty, types, names


class Store:
    def __init__(self):
        self.lock = threading.Lock()
        self.res = {}  # lower id -> body (with id, name, type)
        self.order = []  # lower ids, first PUT order
        self.requests = []

    def put(self, path, body):
        p = parse(path)
        if not p:
            return None
        sub, rg, ty, types, names = p
        rid = path
        body = dict(body or {})
        body["id"] = rid
        body["name"] = names[-1]
        body.setdefault("type", ty)
        props = body.setdefault("properties", {}) if isinstance(body.get("properties", {}), dict) else {}
        props["provisioningState"] = "Succeeded"
        key = rid.lower()
        # Inline children become resources of their own.
        for spec in CHILDREN.get(ty, []):
            child_ty, _, prop = spec.partition(":")
            prop = prop or child_ty
            items = props.pop(prop, None)
            if isinstance(items, list):
                for item in items:
                    if isinstance(item, dict) and item.get("name"):
                        self.put(f"{rid}/{child_ty}/{item['name']}", item)
        if key not in self.res:
            self.order.append(key)
        self.res[key] = body
        return self.get(rid)

    def get(self, path):
        key = path.rstrip("/").lower()
        body = self.res.get(key)
        if body is None:
            return None
        body = json.loads(json.dumps(body))
        ty = body.get("type", "").lower()
        props = body.setdefault("properties", {})
        if ty == "microsoft.network/expressroutecircuits":
            props.setdefault("serviceProviderProvisioningState", "Provisioned")
            props.setdefault("circuitProvisioningState", "Enabled")
            props.setdefault("serviceKey", str(uuid.uuid5(uuid.NAMESPACE_URL, key)))
        for spec in CHILDREN.get(ty, []):
            child_ty, _, prop = spec.partition(":")
            prop = prop or child_ty
            prefix = key + "/" + child_ty.lower() + "/"
            kids = [
                self.get(k)
                for k in self.order
                if k.startswith(prefix) and "/" not in k[len(prefix):]
            ]
            props[prop] = kids
        return body

    def top_level(self):
        out = []
        for k in self.order:
            p = parse(k)
            if p and len(p[4]) == 1:
                out.append(self.get(self.res[k]["id"]))
        return out


STORE = Store()


def escape_template_strings(v):
    """Strings that an ARM template would read as expressions are escaped (`[x]` -> `[[x]`)."""
    if isinstance(v, str):
        return "[" + v if v.startswith("[") else v
    if isinstance(v, list):
        return [escape_template_strings(x) for x in v]
    if isinstance(v, dict):
        return {k: escape_template_strings(x) for k, x in v.items()}
    return v


def deploy(rg_path, template, parameters):
    """Deploys the (literal) resources of a template; `[parameters('x')]` is the only expression."""
    params = {k: (v or {}).get("value") for k, v in (parameters or {}).items()}

    def ev(v):
        if isinstance(v, str):
            m = re.fullmatch(r"\[parameters\('([^']+)'\)\]", v)
            return params.get(m.group(1)) if m else v
        if isinstance(v, list):
            return [ev(x) for x in v]
        if isinstance(v, dict):
            return {k: ev(x) for k, x in v.items()}
        return v

    outputs = {}
    for r in template.get("resources", []):
        r = ev(r)
        ty = r.get("type", "")
        ns, _, rest = ty.partition("/")
        segs = rest.split("/")
        names = r.get("name", "").split("/")
        path = f"{rg_path}/providers/{ns}/" + "/".join(
            f"{t}/{n}" for t, n in zip(segs, names)
        )
        body = {k: v for k, v in r.items() if k not in ("apiVersion", "dependsOn", "name", "type")}
        got = STORE.put(path, body)
        outputs["resource"] = {"type": "Object", "value": got}
    return outputs


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *a):
        pass

    def reply(self, code, body):
        data = json.dumps(body).encode()
        self.send_response(code)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def body(self):
        n = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(n) if n else b""
        try:
            return json.loads(raw) if raw else None
        except ValueError:
            return raw.decode(errors="replace")

    def handle_any(self, method):
        # ARM reads an empty parent path (`providers/Microsoft.Network//expressRouteCircuits`,
        # as `az resource` sends it) as none.
        path = re.sub(r"/+", "/", self.path.split("?")[0]).rstrip("/")
        body = self.body() if method in ("PUT", "PATCH", "POST") else None
        with STORE.lock:
            STORE.requests.append({"method": method, "path": path, "body": body})
            low = path.lower()
            m = re.match(r"^/subscriptions/([^/]+)/resourcegroups/([^/]+)$", low)
            if m:
                self.reply(200, {"id": path, "name": path.split("/")[-1], "location": LOCATION,
                                 "properties": {"provisioningState": "Succeeded"}})
                return
            m = re.match(r"^(/subscriptions/[^/]+/resourcegroups/[^/]+)/providers/microsoft\.resources/deployments/([^/]+)(/operationstatuses/.*)?$", low)
            if m:
                if method == "PUT":
                    outputs = deploy(path[: len(m.group(1))], (body or {}).get("properties", {}).get("template", {}),
                                     (body or {}).get("properties", {}).get("parameters", {}))
                    DEPLOYMENTS[low] = outputs
                self.reply(200, {"id": path, "name": m.group(2),
                                 "properties": {"provisioningState": "Succeeded",
                                                "outputs": DEPLOYMENTS.get(low, {})}})
                return
            if method == "GET":
                if low.endswith("/peerings") or low.endswith("/subnets") or low.endswith("/authorizations") or low.endswith("/connections"):
                    parent = STORE.get(path.rsplit("/", 1)[0])
                    coll = path.rsplit("/", 1)[1]
                    self.reply(200, {"value": (parent or {}).get("properties", {}).get(coll, [])})
                    return
                got = STORE.get(path)
                if got is None:
                    self.reply(404, {"error": {"code": "ResourceNotFound",
                                               "message": f"The resource '{path}' was not found."}})
                else:
                    self.reply(200, got)
                return
            if method in ("PUT", "PATCH"):
                if method == "PATCH":
                    old = STORE.get(path) or {}
                    for k, v in (body or {}).items():
                        if isinstance(v, dict) and isinstance(old.get(k), dict):
                            old[k].update(v)
                        else:
                            old[k] = v
                    body = old
                got = STORE.put(path, body if isinstance(body, dict) else {})
                if got is None:
                    self.reply(400, {"error": {"code": "InvalidResourceId", "message": path}})
                else:
                    self.reply(200, got)
                return
            if method == "DELETE":
                STORE.res.pop(low, None)
                self.reply(200, {})
                return
            self.reply(404, {"error": {"code": "NotSupportedByFakeArm", "message": f"{method} {path}"}})

    def do_GET(self):
        self.handle_any("GET")

    def do_PUT(self):
        self.handle_any("PUT")

    def do_PATCH(self):
        self.handle_any("PATCH")

    def do_POST(self):
        self.handle_any("POST")

    def do_DELETE(self):
        self.handle_any("DELETE")


DEPLOYMENTS = {}
LOCATION = "westeurope"
# A script that waits on something the fake never gives is stopped, not waited on forever.
SCRIPT_TIMEOUT = 600


def self_signed(tmp):
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID
    import ipaddress

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = datetime.datetime.now(datetime.timezone.utc)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=2))
        .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), False)
        .sign(key, hashes.SHA256())
    )
    cf, kf = os.path.join(tmp, "cert.pem"), os.path.join(tmp, "key.pem")
    with open(cf, "wb") as f:
        f.write(cert.public_bytes(serialization.Encoding.PEM))
    with open(kf, "wb") as f:
        f.write(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                  serialization.NoEncryption()))
    return cf, kf


def configure(tmp, port, subscriptions):
    """A private az config dir: the FakeArm cloud on loopback and a profile for it."""
    cfg = os.path.join(tmp, "azconfig")
    os.makedirs(cfg)
    base = f"https://127.0.0.1:{port}/"
    with open(os.path.join(cfg, "clouds.config"), "w") as f:
        f.write("[FakeArm]\n")
        for k in ("endpoint_management", "endpoint_resource_manager", "endpoint_active_directory",
                  "endpoint_active_directory_resource_id", "endpoint_active_directory_graph_resource_id",
                  "endpoint_microsoft_graph_resource_id", "endpoint_gallery"):
            f.write(f"{k} = {base}\n")
        f.write("suffix_storage_endpoint = core.fake.invalid\n")
    with open(os.path.join(cfg, "config"), "w") as f:
        f.write("[cloud]\nname = FakeArm\n\n[core]\ncollect_telemetry = false\nno_color = true\n"
                "first_run = false\n\n[extension]\nuse_dynamic_install = no\n")
    subs = [{"id": s, "name": f"sub-{s[:8]}", "state": "Enabled", "isDefault": i == 0,
             "tenantId": TENANT, "environmentName": "FakeArm",
             "user": {"name": "tester@example.invalid", "type": "user"}}
            for i, s in enumerate(subscriptions)]
    with open(os.path.join(cfg, "azureProfile.json"), "w") as f:
        json.dump({"installationId": str(uuid.uuid4()), "subscriptions": subs}, f)
    return cfg


def patch_login():
    from azure.core.credentials import AccessToken
    from azure.cli.core import _profile

    class FakeCredential:
        def get_token(self, *scopes, **kwargs):
            return AccessToken("fake-token-for-loopback", int(time.time()) + 3600)

    def get_login_credentials(self, subscription_id=None, aux_subscriptions=None, aux_tenants=None,
                              sdk_credential=True, **kw):
        account = self.get_subscription(subscription_id)
        return FakeCredential(), account["id"], account["tenantId"]

    def get_raw_token(self, *a, **kw):
        raise RuntimeError("no real tokens in the fake ARM harness")

    _profile.Profile.get_login_credentials = get_login_credentials
    # az waits 0.5 s between looks at a finished long-running operation; ours finish at once.
    from azure.cli.core import commands

    commands.LongRunningOperation._delay = lambda self: time.sleep(0.01)
    _profile.Profile.get_raw_token = get_raw_token


SHIM = r'''#!/usr/bin/env bash
# Stand-in `az`: hands its arguments to the harness, which runs them in-process.
exec 3<>"/dev/tcp/127.0.0.1/$FAKE_ARM_AZ_PORT"
{ printf '%d\0' "$#"; for a in "$@"; do printf '%s\0' "$a"; done; } >&3
IFS=' ' read -r code errfile <&3
cat <&3
cat "$errfile" >&2
exit "$code"
'''


def recv_args(conn):
    """`N\0arg1\0...argN\0` from the stand-in `az`."""
    data = b""
    fields = []
    want = None
    while want is None or len(fields) < want + 1:
        chunk = conn.recv(65536)
        if not chunk:
            return None
        data += chunk
        *done, data = data.split(b"\0")
        fields.extend(done)
        if fields and want is None:
            want = int(fields[0])
    return [f.decode("utf-8", "surrogateescape") for f in fields[1:want + 1]]


def run_az(argv):
    import logging

    from azure.cli.core import get_default_cli


    out, err = io.StringIO(), io.StringIO()
    old_err = sys.stderr
    sys.stderr = err
    # az reports errors through logging; its console handlers may hold an earlier stderr.
    handler = logging.StreamHandler(err)
    handler.setLevel(logging.WARNING)
    logging.getLogger().addHandler(handler)
    try:
        cli = get_default_cli()
        code = cli.invoke(argv, out_file=out)
    except SystemExit as e:
        code = e.code if isinstance(e.code, int) else 1
    except Exception as e:  # noqa: BLE001 - reported as the call's failure
        err.write(f"harness: {type(e).__name__}: {e}\n")
        code = 1
    finally:
        logging.getLogger().removeHandler(handler)
        sys.stderr = old_err
    return code or 0, out.getvalue(), err.getvalue()


def main():
    global LOCATION
    args = sys.argv[1:]
    if len(args) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    script, out_path = args[0], args[1]
    subs = [SUBSCRIPTION]
    i = 2
    while i < len(args):
        if args[i] == "--subscription" and i + 1 < len(args):
            if args[i + 1] and args[i + 1] not in subs:
                subs.insert(0, args[i + 1])
            i += 2
        elif args[i] == "--location" and i + 1 < len(args):
            LOCATION = args[i + 1]
            i += 2
        else:
            print(f"unknown argument {args[i]}", file=sys.stderr)
            return 2
    tmp = tempfile.mkdtemp(prefix="fake-arm-")
    cert, key = self_signed(tmp)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(cert, key)
    server.socket = ctx.wrap_socket(server.socket, server_side=True)
    port = server.server_address[1]
    threading.Thread(target=server.serve_forever, daemon=True).start()

    cfg = configure(tmp, port, subs)
    os.environ["AZURE_CONFIG_DIR"] = cfg
    os.environ["AZURE_CORE_COLLECT_TELEMETRY"] = "false"
    os.environ["AZURE_CORE_ONLY_SHOW_ERRORS"] = "true"
    # The loopback server's own certificate is the only one trusted.
    os.environ["REQUESTS_CA_BUNDLE"] = cert
    os.environ["SSL_CERT_FILE"] = cert
    for k in ("HTTP_PROXY", "HTTPS_PROXY", "http_proxy", "https_proxy"):
        os.environ.pop(k, None)
    os.environ["NO_PROXY"] = "127.0.0.1"
    patch_login()

    bindir = os.path.join(tmp, "bin")
    os.makedirs(bindir)
    shim = os.path.join(bindir, "az")
    with open(shim, "w") as f:
        f.write(SHIM)
    os.chmod(shim, 0o755)
    lsock = socket.socket(socket.AF_INET)
    lsock.bind(("127.0.0.1", 0))
    lsock.listen(4)
    az_port = lsock.getsockname()[1]

    env = dict(os.environ)
    env["PATH"] = bindir + ":" + env.get("PATH", "")
    env["FAKE_ARM_AZ_PORT"] = str(az_port)
    proc = subprocess.Popen(["bash", script], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    done = threading.Event()
    outputs = {}

    def wait():
        try:
            o, e = proc.communicate(timeout=SCRIPT_TIMEOUT)
        except subprocess.TimeoutExpired:
            proc.kill()
            o, e = proc.communicate()
            e += f"\naz-fake-arm: the script did not finish in {SCRIPT_TIMEOUT} s and was stopped\n".encode()
        outputs["stdout"], outputs["stderr"] = o.decode(errors="replace"), e.decode(errors="replace")
        done.set()
        # Wake the accept() below.
        try:
            socket.create_connection(("127.0.0.1", az_port)).close()
        except OSError:
            pass

    threading.Thread(target=wait, daemon=True).start()
    calls = []
    while not done.is_set():
        conn, _ = lsock.accept()
        with conn:
            argv = recv_args(conn)
            if argv is None:
                continue
            first = len(STORE.requests)
            started = time.monotonic()
            code, out, err = run_az(argv)
            calls.append({"argv": argv, "code": code, "stderr": err,
                          "seconds": round(time.monotonic() - started, 2),
                          "requests": list(range(first, len(STORE.requests)))})
            errfile = os.path.join(tmp, f"stderr-{len(calls)}.txt")
            with open(errfile, "w") as f:
                f.write(err)
            conn.sendall(f"{code} {errfile}\n".encode() + out.encode())
    template = {
        "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
        "contentVersion": "1.0.0.0",
        "resources": [
            dict(escape_template_strings({k: v for k, v in r.items() if k != "id"}),
                 apiVersion="2024-05-01")
            for r in STORE.top_level()
        ],
    }
    with open(out_path, "w") as f:
        json.dump({"exit": proc.returncode, "stdout": outputs.get("stdout", ""),
                   "stderr": outputs.get("stderr", ""), "calls": calls,
                   "requests": STORE.requests, "template": template}, f, indent=1)
    server.shutdown()
    shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
