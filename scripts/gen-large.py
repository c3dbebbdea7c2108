#!/usr/bin/env python3
"""Generates tests/fixtures/large.json: the largest design the budgets name (issue 4 and 5):
two circuits at different peering locations, both with private and Microsoft peering,
200 advertised public prefixes in all, four VNets with a gateway each side, Global Reach.
Built from tests/fixtures/two-circuits.json so it stays a realistic, mostly valid design."""
import json
import pathlib

root = pathlib.Path(__file__).resolve().parent.parent
d = json.loads((root / "tests/fixtures/two-circuits.json").read_text())
d["name"] = "Large benchmark design: 2 circuits, both peerings, 200 prefixes, 4 VNets"
d["routeFilters"] = [{
    "name": "rf-m365", "region": "uksouth", "ruleName": "allow-m365",
    "communities": ["12076:5010", "12076:5020", "12076:5050"],
}]
for i, c in enumerate(d["circuits"]):
    c["skuTier"] = "Premium"
    # 100 public /24s per circuit, 200 in all: 193.0.0.0/24 … 193.0.199.0/24.
    prefixes = [f"193.0.{n}.0/24" for n in range(i * 100, i * 100 + 100)]
    c["microsoftPeering"] = {
        "peerAsn": "12345",
        "primarySubnet": f"193.1.{i}.0/30",
        "secondarySubnet": f"193.1.{i}.4/30",
        "vlanId": "200",
        "advertisedPrefixes": prefixes,
        "routingRegistry": "RIPENCC",
        "routeFilter": "rf-m365",
    }
vnets = []
for n in range(4):
    vnets.append({
        "name": f"vnet-{n}",
        "region": "uksouth",
        "addressSpaces": [f"10.{n + 1}.0.0/16"],
        "subnets": [
            {"name": "GatewaySubnet", "addressPrefix": f"10.{n + 1}.255.0/27"},
            {"name": "workloads", "addressPrefix": f"10.{n + 1}.0.0/24"},
        ],
    })
d["virtualNetworks"] = vnets
d["gateways"] = [
    {"name": f"ergw-{n}", "region": "uksouth", "virtualNetwork": f"vnet-{n}", "sku": "ErGw1AZ"}
    for n in range(4)
]
d["connections"] = [
    {"name": f"cn-{n}-{c['name']}", "region": "uksouth", "gateway": f"ergw-{n}",
     "circuit": c["name"], "routingWeight": "100" if k == 0 else "0"}
    for n in range(4) for k, c in enumerate(d["circuits"])
]
(root / "tests/fixtures/large.json").write_text(json.dumps(d, indent=2) + "\n")
