"""Checks ARM templates against the Azure SDK's own generated models of Microsoft.Network.

The models are those of PyPI azure-mgmt-network 28.1.0, generated from the REST API
specification for api-version 2024-05-01 (the version the exports use). For every resource of a
template: its type must be one the SDK knows, every property name must be in the model (the
SDK's `_attribute_map`, flattened `properties.*` keys unfolded), no read-only property may be
written, every required property must be present (the SDK's `_validation`), every enum value
must be one of the SDK's enum members (matched case-insensitively, as the SDK does), and numbers
must lie within the model's minimum/maximum. Values that are template expressions (`[...]`)
are not evaluated.

Usage: python check-arm-models.py TEMPLATE.json...            prints {FILE: [problem, ...]}
       python check-arm-models.py --enum ENUM VALUE            exit 0 when VALUE is a member
       python check-arm-models.py --enums VALUES.json          [{where, enum, value}, ...]
Exit status 1 when a template has a problem.
"""

import enum
import inspect
import json
import re
import sys

from azure.mgmt.network import models as m
from azure.mgmt.network._version import VERSION

SDK = f"azure-mgmt-network {VERSION}"
API_VERSION = "2024-05-01"

RESOURCE_MODELS = {
    "Microsoft.Network/expressRouteCircuits": "ExpressRouteCircuit",
    "Microsoft.Network/expressRouteCircuits/peerings": "ExpressRouteCircuitPeering",
    "Microsoft.Network/expressRouteCircuits/authorizations": "ExpressRouteCircuitAuthorization",
    "Microsoft.Network/expressRouteCircuits/peerings/connections": "ExpressRouteCircuitConnection",
    "Microsoft.Network/expressRoutePorts": "ExpressRoutePort",
    "Microsoft.Network/routeFilters": "RouteFilter",
    "Microsoft.Network/virtualNetworks": "VirtualNetwork",
    "Microsoft.Network/publicIPAddresses": "PublicIPAddress",
    "Microsoft.Network/virtualNetworkGateways": "VirtualNetworkGateway",
    "Microsoft.Network/connections": "VirtualNetworkGatewayConnection",
}

# The REST specification marks `properties` of these definitions required; the SDK flattens it
# away, Bicep's types keep it (BCP035 when missing). Source: Azure/bicep-types-az
# generated/network/microsoft.network/2024-05-01/types.md (VirtualNetworkGateway: properties
# (Required)).
SPEC_REQUIRED = {"VirtualNetworkGateway": ["properties"]}

# Template keys that are not resource properties.
TEMPLATE_KEYS = {"type", "apiVersion", "name", "dependsOn", "comments", "condition", "copy"}


def is_expr(v):
    return isinstance(v, str) and v.startswith("[") and v.endswith("]") and not v.startswith("[[")


def enum_of(model, attr):
    """The SDK enum class of a model attribute, from the model's constructor annotation."""
    try:
        ann = inspect.signature(model.__init__).parameters[attr].annotation
    except (KeyError, ValueError, TypeError):
        return None
    for name in re.findall(r"_models\.(\w+)", str(ann)):
        cls = getattr(m, name, None)
        if inspect.isclass(cls) and issubclass(cls, enum.Enum):
            return cls
    return None


def tree(model):
    """The model's wire keys as a nested dict: key -> (attr, type) or a sub-dict."""
    root = {}
    for attr, info in model._attribute_map.items():
        parts = [p.replace("\\.", ".") for p in re.split(r"(?<!\\)\.", info["key"])]
        node = root
        for p in parts[:-1]:
            node = node.setdefault(p, {})
        node[parts[-1]] = (attr, info["type"])
    return root


def check_value(model, attr, ty, value, where, problems):
    rules = model._validation.get(attr, {})
    if rules.get("readonly"):
        problems.append(f"{where}: read-only property written")
        return
    if is_expr(value):
        return
    if ty.startswith("[") and ty.endswith("]"):
        if not isinstance(value, list):
            problems.append(f"{where}: expected a list")
            return
        inner = ty[1:-1]
        for i, v in enumerate(value):
            check_typed(inner, v, f"{where}[{i}]", problems, model, attr)
        return
    check_typed(ty, value, where, problems, model, attr)
    for bound, test in (("minimum", lambda a, b: a < b), ("maximum", lambda a, b: a > b)):
        if bound in rules and isinstance(value, (int, float)) and test(value, rules[bound]):
            problems.append(f"{where}: {value} beyond the {bound} {rules[bound]}")


def check_typed(ty, value, where, problems, model, attr):
    if is_expr(value):
        return
    if ty == "str":
        if not isinstance(value, str):
            problems.append(f"{where}: expected a string, got {json.dumps(value)}")
            return
        e = enum_of(model, attr)
        if e is not None and value.lower() not in {x.value.lower() for x in e}:
            allowed = ", ".join(x.value for x in e)
            problems.append(f"{where}: {value!r} is not a {e.__name__} ({allowed})")
    elif ty in ("int", "float"):
        if not isinstance(value, (int, float)) or isinstance(value, bool):
            problems.append(f"{where}: expected a number, got {json.dumps(value)}")
    elif ty == "bool":
        if not isinstance(value, bool):
            problems.append(f"{where}: expected true or false, got {json.dumps(value)}")
    elif ty == "{str}":
        if not isinstance(value, dict) or not all(isinstance(v, str) for v in value.values()):
            problems.append(f"{where}: expected a map of strings")
    elif hasattr(m, ty):
        if not isinstance(value, dict):
            problems.append(f"{where}: expected an object of {ty}")
        else:
            check_model(getattr(m, ty), value, where, problems)


def check_model(model, body, where, problems, skip=()):
    check_node(model, tree(model), body, where, problems, skip)
    for attr, rules in model._validation.items():
        if rules.get("required"):
            key = model._attribute_map[attr]["key"].replace("\\.", ".")
            node = body
            for p in key.split("."):
                node = node.get(p) if isinstance(node, dict) else None
            if node is None:
                problems.append(f"{where}: required {key} missing")
    for key in SPEC_REQUIRED.get(model.__name__, []):
        if key not in body:
            problems.append(f"{where}: required {key} missing (REST spec; Bicep BCP035)")


def check_node(model, node, body, where, problems, skip):
    for key, value in body.items():
        if key in skip:
            continue
        here = f"{where}.{key}"
        known = node.get(key)
        if known is None:
            problems.append(f"{here}: unknown property of {model.__name__}")
        elif isinstance(known, dict):
            if isinstance(value, dict):
                check_node(model, known, value, here, problems, ())
            elif not is_expr(value):
                problems.append(f"{here}: expected an object")
        else:
            attr, ty = known
            check_value(model, attr, ty, value, here, problems)


def check_template(path):
    problems = []
    with open(path, encoding="utf-8") as f:
        template = json.load(f)
    for i, r in enumerate(template.get("resources", [])):
        where = f"resources[{i}] {r.get('type')} {r.get('name')}"
        model = RESOURCE_MODELS.get(r.get("type"))
        if model is None:
            problems.append(f"{where}: resource type unknown to this check")
            continue
        if r.get("apiVersion") != API_VERSION:
            problems.append(f"{where}: apiVersion {r.get('apiVersion')} is not {API_VERSION}")
        check_model(getattr(m, model), r, where, problems, skip=TEMPLATE_KEYS)
    return problems


def main(argv):
    if len(argv) == 2 and argv[0] == "--enums":
        with open(argv[1], encoding="utf-8") as f:
            values = json.load(f)
        problems = []
        for v in values:
            e = getattr(m, v["enum"], None)
            if not (inspect.isclass(e) and issubclass(e, enum.Enum)):
                problems.append(f"{v['where']}: {v['enum']} is not an enum of {SDK}")
            elif v["value"].lower() not in {x.value.lower() for x in e}:
                allowed = ", ".join(x.value for x in e)
                problems.append(f"{v['where']}: {v['value']!r} is not a {v['enum']} ({allowed})")
        print(json.dumps({"sdk": SDK, "checked": len(values), "problems": problems}))
        return 1 if problems else 0
    if len(argv) == 3 and argv[0] == "--enum":
        e = getattr(m, argv[1], None)
        ok = inspect.isclass(e) and issubclass(e, enum.Enum)
        ok = ok and argv[2].lower() in {x.value.lower() for x in e}
        print(json.dumps({"sdk": SDK, "member": bool(ok)}))
        return 0 if ok else 1
    report = {"sdk": SDK, "apiVersion": API_VERSION, "files": {}}
    failed = False
    for path in argv:
        report["files"][path] = check_template(path)
        failed = failed or bool(report["files"][path])
    print(json.dumps(report))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
