"""Checks customer-edge router configurations against Microsoft's router configuration samples
(learn.microsoft.com/azure/expressroute/expressroute-config-samples-routing): BGP to AS 12076,
BFD on every session (300 ms, multiplier 3), inbound and outbound prefix filtering, and each
neighbour in its own address family.

IOS-XE is read with ciscoconfparse2 (PyPI), one router section at a time. Junos `set` commands
are read as command paths (quoting as Junos does): no registry parser reads the `set` form
(ciscoconfparse2 and jnprsr read the brace form only).

Usage: python check-router.py ios|junos FILE...
Prints {FILE: [problem, ...]}; exit status 1 when a file has a problem.
"""

import ipaddress
import json
import re
import shlex
import sys

from ciscoconfparse2 import CiscoConfParse

BFD_MS, BFD_MULT = 300, 3


def sections(text, marker):
    """The router sections of a file (each starts at a `Circuit ...: ... router` comment)."""
    out, cur = [], None
    for line in text.splitlines():
        if re.match(rf"^{re.escape(marker)} Circuit .*: (PRIMARY|SECONDARY) router", line):
            cur = []
            out.append(cur)
        elif cur is not None:
            cur.append(line)
    return out


def is_v6(addr):
    try:
        return ipaddress.ip_address(addr).version == 6
    except ValueError:
        return None


def check_ios_section(lines, where, problems):
    if any(line.startswith("! No peering") for line in lines):
        return
    parse = CiscoConfParse(lines, syntax="ios")
    lists = {}
    for o in parse.find_objects(r"^(ip|ipv6) prefix-list "):
        parts = o.text.split()
        lists.setdefault(parts[2], []).append(parts)
    for intf in parse.find_objects(r"^interface "):
        kids = [c.text.strip() for c in intf.children]
        if f"bfd interval {BFD_MS} min_rx {BFD_MS} multiplier {BFD_MULT}" not in kids:
            problems.append(f"{where} {intf.text}: no BFD ({BFD_MS} ms, multiplier {BFD_MULT})")
        if not any(k.startswith("encapsulation dot1Q") for k in kids):
            problems.append(f"{where} {intf.text}: no 802.1Q encapsulation")
    bgp = parse.find_objects(r"^router bgp ")
    if len(bgp) != 1:
        problems.append(f"{where}: {len(bgp)} router bgp sections")
        return
    top = [c.text.strip() for c in bgp[0].children if not c.text.strip().startswith("!")]
    if "no bgp default ipv4-unicast" not in top:
        problems.append(f"{where}: IPv4 is activated for every neighbour (no 'no bgp default ipv4-unicast')")
    neighbours = {}
    for t in top:
        m = re.match(r"neighbor (\S+) (.*)", t)
        if m:
            neighbours.setdefault(m.group(1), []).append(m.group(2))
    families = {4: {}, 6: {}}
    for af in bgp[0].children:
        m = re.match(r"\s*address-family ipv(4|6)", af.text)
        if not m:
            continue
        fam = int(m.group(1))
        for c in af.children:
            n = re.match(r"\s*neighbor (\S+) (.*)", c.text)
            if n:
                families[fam].setdefault(n.group(1), []).append(n.group(2))
    for addr, stmts in neighbours.items():
        here = f"{where} neighbor {addr}"
        if "remote-as 12076" not in stmts:
            problems.append(f"{here}: remote-as is not 12076")
        if "fall-over bfd" not in stmts:
            problems.append(f"{here}: no fall-over bfd")
        fam = 6 if is_v6(addr) else 4
        other = 4 if fam == 6 else 6
        got = families[fam].get(addr, [])
        if "activate" not in got:
            problems.append(f"{here}: not activated in address-family ipv{fam}")
        if addr in families[other]:
            problems.append(f"{here}: configured in address-family ipv{other}")
        for direction in ("in", "out"):
            lst = [g.split()[1] for g in got if re.fullmatch(rf"prefix-list \S+ {direction}", g)]
            if not lst:
                problems.append(f"{here}: no {direction}bound prefix-list")
            for name in lst:
                kind = "ipv6" if fam == 6 else "ip"
                entries = lists.get(name, [])
                if not entries:
                    problems.append(f"{here}: prefix-list {name} not defined")
                elif any(e[0] != kind for e in entries):
                    problems.append(f"{here}: prefix-list {name} is not an {kind} list")


def check_junos_section(lines, where, problems):
    if any(line.startswith("# No peering") for line in lines):
        return
    cmds = []
    for line in lines:
        if line.startswith("set "):
            try:
                cmds.append(shlex.split(line)[1:])
            except ValueError as e:
                problems.append(f"{where}: not a command ({e}): {line}")

    def having(*prefix):
        return [c[len(prefix) :] for c in cmds if tuple(c[: len(prefix)]) == prefix]

    asn = having("routing-options", "autonomous-system")
    if len(asn) != 1:
        problems.append(f"{where}: {len(asn)} routing-options autonomous-system statements")
    asn = asn[0][0] if asn else None
    policies = {c[0] for c in having("policy-options", "policy-statement")}
    prefix_lists = {c[0] for c in having("policy-options", "prefix-list")}
    for c in having("policy-options", "policy-statement"):
        if len(c) >= 5 and c[1] == "term" and c[3] == "from" and c[4] in ("prefix-list", "prefix-list-filter"):
            if c[5] not in prefix_lists:
                problems.append(f"{where}: policy {c[0]} uses undefined prefix-list {c[5]}")
    groups = {c[0] for c in having("protocols", "bgp", "group")}
    if not groups:
        problems.append(f"{where}: no BGP group")
    for g in sorted(groups):
        here = f"{where} group {g}"
        stmts = having("protocols", "bgp", "group", g)
        if ["type", "external"] not in stmts:
            problems.append(f"{here}: not type external")
        if ["peer-as", "12076"] not in stmts:
            problems.append(f"{here}: peer-as is not 12076")
        for s in (["bfd-liveness-detection", "minimum-interval", str(BFD_MS)],
                  ["bfd-liveness-detection", "multiplier", str(BFD_MULT)]):
            if s not in stmts:
                problems.append(f"{here}: no {' '.join(s)}")
        local = [s[1] for s in stmts if s[0] == "local-as"]
        if local and asn is None:
            problems.append(f"{here}: local-as without routing-options autonomous-system")
        if local and local[0] == asn:
            problems.append(f"{here}: local-as equals the router's own AS")
        for direction in ("import", "export"):
            used = [s[1] for s in stmts if s[0] == direction]
            if not used:
                problems.append(f"{here}: no {direction} policy")
            for p in used:
                if p not in policies:
                    problems.append(f"{here}: {direction} policy {p} not defined")
        for n in sorted({s[1] for s in stmts if s[0] == "neighbor"}):
            fam = "inet6" if is_v6(n) else "inet"
            fams = [s[3] for s in stmts if s[:3] == ["neighbor", n, "family"]]
            if fams != [fam]:
                problems.append(f"{here} neighbor {n}: families {fams}, expected [{fam!r}] unicast")


def main(argv):
    if len(argv) < 2 or argv[0] not in ("ios", "junos"):
        print("usage: check-router.py ios|junos FILE...", file=sys.stderr)
        return 2
    kind, report, failed = argv[0], {}, False
    for path in argv[1:]:
        problems = []
        with open(path, encoding="utf-8") as f:
            text = f.read()
        marker = "!" if kind == "ios" else "#"
        parts = sections(text, marker)
        if not parts and ("Circuit" in text):
            problems.append("no router section found")
        for k, lines in enumerate(parts):
            where = f"router {k + 1}"
            if kind == "ios":
                check_ios_section(lines, where, problems)
            else:
                check_junos_section(lines, where, problems)
        report[path] = problems
        failed = failed or bool(problems)
    print(json.dumps(report))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
