"""Checks that a Bicep file equals its ARM twin.

The Bicep file is parsed with the tree-sitter Bicep grammar (PyPI tree-sitter-bicep, the
grammar of the Bicep language); a syntax error fails the check. Both files are then brought to
one form: parameters (type, secure, default), resources by type and full name (API version,
location, sku, tags, properties) with references resolved to the resource they name (Bicep
symbols and `parent:`; ARM `resourceId(...)`, `parameters(...)`), dependencies (Bicep: parent,
references and `dependsOn`; ARM: `dependsOn`) and outputs. Any difference is reported.

Usage: python check-bicep.py FILE.bicep FILE.json [FILE.bicep FILE.json ...]
Prints {BICEP: [problem, ...]}; exit status 1 when a pair differs.
"""

import json
import re
import sys

import tree_sitter_bicep
from tree_sitter import Language, Parser

PARSER = Parser(Language(tree_sitter_bicep.language()))
ESCAPES = {"\\'": "'", "\\\\": "\\", "\\n": "\n", "\\r": "\r", "\\t": "\t", "\\$": "$"}


class BicepError(Exception):
    pass


def text(src, n):
    return src[n.start_byte : n.end_byte].decode("utf-8")


def first_error(n):
    if n.type == "ERROR" or n.is_missing:
        return n
    for c in n.children:
        e = first_error(c)
        if e is not None:
            return e
    return None


def bicep_string(src, n):
    """The value of a Bicep string literal (escapes decoded; the grammar hides some of them)."""
    if any(c.type == "interpolation" for c in n.named_children):
        raise BicepError(f"interpolation in a string: {text(src, n)}")
    raw = text(src, n)
    if raw.startswith("'''"):
        return raw[3:-3]
    out, i, body = [], 0, raw[1:-1]
    while i < len(body):
        c = body[i]
        if c != "\\":
            out.append(c)
            i += 1
            continue
        m = re.match(r"\\u\{([0-9a-fA-F]+)\}", body[i:])
        if m:
            out.append(chr(int(m.group(1), 16)))
            i += len(m.group(0))
            continue
        esc = body[i : i + 2]
        if esc not in ESCAPES:
            raise BicepError(f"unknown escape {esc!r} in {raw}")
        out.append(ESCAPES[esc])
        i += 2
    return "".join(out)


class Bicep:
    def __init__(self, path):
        with open(path, "rb") as f:
            self.src = f.read()
        tree = PARSER.parse(self.src)
        err = first_error(tree.root_node)
        if err is not None:
            line = err.start_point[0] + 1
            raise BicepError(f"syntax error at line {line}: {text(self.src, err)[:60]!r}")
        self.params, self.resources, self.outputs = {}, {}, {}
        decorated = []
        for n in tree.root_node.named_children:
            if n.type == "decorators":
                decorated = [text(self.src, d) for d in n.named_children]
                continue
            if n.type == "parameter_declaration":
                self.param(n, decorated)
            elif n.type == "resource_declaration":
                sym = text(self.src, n.named_children[0])
                ty, ver = bicep_string(self.src, n.named_children[1]).split("@")
                decl = n.named_children[2]
                condition = None
                if decl.type == "if_statement":
                    # `resource x '…' = if (cond) { … }`: ARM's `condition`.
                    condition = decl.named_children[0].named_children[0]
                    decl = decl.named_children[1]
                body = self.raw(decl)
                self.resources[sym] = {
                    "type": ty,
                    "apiVersion": ver,
                    "body": body,
                    "condition": condition,
                }
            elif n.type == "output_declaration":
                name = text(self.src, n.named_children[0])
                self.outputs[name] = n.named_children[-1]
            decorated = []

    def param(self, n, decorators):
        kids = n.named_children
        name = text(self.src, kids[0])
        ty = text(self.src, kids[1])
        secure = any(d.startswith("@secure") for d in decorators)
        p = {"type": "securestring" if secure else ty}
        if len(kids) > 2:
            p["default"] = kids[2]
        self.params[name] = p

    def raw(self, n):
        """Objects and arrays as Python values, other expressions kept as nodes."""
        if n.type == "object":
            out = {}
            for prop in n.named_children:
                if prop.type != "object_property":
                    continue
                k, v = prop.named_children[0], prop.named_children[-1]
                key = bicep_string(self.src, k) if k.type == "string" else text(self.src, k)
                out[key] = self.raw(v)
            return out
        if n.type == "array":
            return [self.raw(c) for c in n.named_children]
        return n

    def full_name(self, sym, guard=0):
        r = self.resources[sym]
        name = bicep_string(self.src, r["body"]["name"])
        parent = r["body"].get("parent")
        if parent is not None and guard < 8:
            return self.full_name(text(self.src, parent), guard + 1) + "/" + name
        return name

    def ident(self, sym):
        if sym not in self.resources:
            raise BicepError(f"unknown resource symbol {sym}")
        r = self.resources[sym]
        return [r["type"], self.full_name(sym)]

    def value(self, v, refs):
        """The canonical form of a value; resources referred to are added to `refs`."""
        if isinstance(v, dict):
            return {k: self.value(x, refs) for k, x in v.items()}
        if isinstance(v, list):
            return [self.value(x, refs) for x in v]
        t = v.type
        src = text(self.src, v)
        if t == "string":
            return bicep_string(self.src, v)
        if t == "number":
            return int(src)
        if t == "boolean":
            return src == "true"
        if t == "identifier":
            if src in self.params:
                return {"$param": src}
            if src in self.resources:
                refs.add(tuple(self.ident(src)))
                return {"$resource": self.ident(src)}
            raise BicepError(f"unknown symbol {src}")
        if src == "resourceGroup().location":
            return {"$rgLocation": True}
        m = re.fullmatch(r"(\w+)\.id", src)
        if m and m.group(1) in self.resources:
            refs.add(tuple(self.ident(m.group(1))))
            return {"$id": self.ident(m.group(1))}
        m = re.fullmatch(r"(\w+)\.properties\.subnets\[(\d+)\]\.id", src)
        if m and m.group(1) in self.resources:
            sym, k = m.group(1), int(m.group(2))
            refs.add(tuple(self.ident(sym)))
            sub = bicep_string(self.src, self.resources[sym]["body"]["properties"]["subnets"][k]["name"])
            ty, name = self.ident(sym)
            return {"$id": [ty + "/subnets", f"{name}/{sub}"]}
        m = re.fullmatch(r"(\w+)\.properties\.serviceKey", src)
        if m and m.group(1) in self.resources:
            refs.add(tuple(self.ident(m.group(1))))
            return {"$serviceKey": self.ident(m.group(1))}
        if t == "call_expression" and src.startswith("resourceId("):
            args = [self.value(a, refs) for a in v.named_children[1].named_children]
            return {"$id": [args[0], "/".join(args[1:])]}
        raise BicepError(f"expression not understood: {src}")

    def canonical(self):
        params = {}
        for name, p in self.params.items():
            c = {"type": p["type"]}
            if "default" in p:
                c["default"] = self.value(p["default"], set())
            params[name] = c
        resources = {}
        for sym, r in self.resources.items():
            refs = set()
            body = r["body"]
            out = {"apiVersion": r["apiVersion"]}
            if r["condition"] is not None:
                out["condition"] = self.value(r["condition"], refs)
            for k in ("location", "sku", "tags", "properties"):
                if k in body:
                    out[k] = self.value(body[k], refs)
            for d in body.get("dependsOn", []):
                refs.add(tuple(self.ident(text(self.src, d))))
            if "parent" in body:
                refs.add(tuple(self.ident(text(self.src, body["parent"]))))
            refs.discard(tuple(self.ident(sym)))
            out["dependsOn"] = sorted(list(x) for x in refs)
            resources[tuple(self.ident(sym))] = out
        outputs = {k: self.value(v, set()) for k, v in self.outputs.items()}
        return params, resources, outputs


def arm_args(s):
    """The top-level arguments of an ARM function call's argument text."""
    args, depth, cur, quoted = [], 0, "", False
    i = 0
    while i < len(s):
        c = s[i]
        if quoted:
            if c == "'" and s[i + 1 : i + 2] == "'":
                cur += "''"
                i += 2
                continue
            quoted = c != "'"
        elif c == "'":
            quoted = True
        elif c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
        elif c == "," and depth == 0:
            args.append(cur.strip())
            cur = ""
            i += 1
            continue
        cur += c
        i += 1
    if cur.strip():
        args.append(cur.strip())
    return args


def arm_expr(e):
    if e.startswith("'") and e.endswith("'"):
        return e[1:-1].replace("''", "'")
    if e == "resourceGroup().location":
        return {"$rgLocation": True}
    m = re.fullmatch(r"parameters\((.*)\)", e, re.S)
    if m:
        return {"$param": arm_expr(m.group(1))}
    m = re.fullmatch(r"resourceId\((.*)\)", e, re.S)
    if m:
        args = [arm_expr(a) for a in arm_args(m.group(1))]
        return {"$id": [args[0], "/".join(args[1:])]}
    m = re.fullmatch(r"reference\((resourceId\(.*\)), '[^']*'\)\.serviceKey", e, re.S)
    if m:
        return {"$serviceKey": arm_expr(m.group(1))["$id"]}
    raise ValueError(f"ARM expression not understood: {e}")


def arm_value(v):
    if isinstance(v, dict):
        return {k: arm_value(x) for k, x in v.items()}
    if isinstance(v, list):
        return [arm_value(x) for x in v]
    if isinstance(v, str) and v.startswith("[["):
        return v[1:]
    if isinstance(v, str) and v.startswith("[") and v.endswith("]"):
        return arm_expr(v[1:-1].strip())
    return v


def arm_canonical(path):
    with open(path, encoding="utf-8") as f:
        t = json.load(f)
    params = {}
    for name, p in t.get("parameters", {}).items():
        c = {"type": p["type"]}
        if "defaultValue" in p:
            c["default"] = arm_value(p["defaultValue"])
        params[name] = c
    resources = {}
    for r in t.get("resources", []):
        out = {"apiVersion": r["apiVersion"]}
        if "condition" in r:
            out["condition"] = arm_value(r["condition"])
        for k in ("location", "sku", "tags", "properties"):
            if k in r:
                out[k] = arm_value(r[k])
        out["dependsOn"] = sorted(arm_value(d)["$id"] for d in r.get("dependsOn", []))
        resources[(r["type"], r["name"][1:] if r["name"].startswith("[[") else r["name"])] = out
    outputs = {k: arm_value(o["value"]) for k, o in t.get("outputs", {}).items()}
    return params, resources, outputs


def compare(bicep_path, arm_path):
    problems = []
    try:
        bp, br, bo = Bicep(bicep_path).canonical()
    except (BicepError, KeyError, IndexError, ValueError, AttributeError) as e:
        return [f"Bicep not understood: {e}"]
    try:
        ap, ar, ao = arm_canonical(arm_path)
    except (KeyError, ValueError, TypeError) as e:
        return [f"ARM not understood: {e}"]
    if bp != ap:
        for k in sorted(set(bp) | set(ap)):
            if bp.get(k) != ap.get(k):
                problems.append(f"parameter {k}: Bicep {bp.get(k)} ≠ ARM {ap.get(k)}")
    for k in sorted(set(br) | set(ar)):
        b, a = br.get(k), ar.get(k)
        if b is None or a is None:
            problems.append(f"resource {k[0]} {k[1]}: only in {'ARM' if b is None else 'Bicep'}")
            continue
        for field in sorted(set(a) | set(b)):
            if a.get(field) != b.get(field):
                problems.append(
                    f"resource {k[0]} {k[1]} {field}: Bicep {json.dumps(b.get(field))} ≠ ARM {json.dumps(a.get(field))}"
                )
    if bo != ao:
        problems.append(f"outputs: Bicep {bo} ≠ ARM {ao}")
    return problems


def main(argv):
    if len(argv) % 2:
        print("usage: check-bicep.py FILE.bicep FILE.json ...", file=sys.stderr)
        return 2
    report, failed = {}, False
    for b, a in zip(argv[::2], argv[1::2]):
        report[b] = compare(b, a)
        failed = failed or bool(report[b])
    print(json.dumps(report, ensure_ascii=False))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
