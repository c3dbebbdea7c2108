#!/usr/bin/env python3
"""Generates src/domain/catalog/data.rs from the project's reference data sets.

Input: the peering-location and Azure-region JSON files of the rule catalogue (paths given on the
command line, defaulting to ../shared/reference/data/), and the tables below (connectivity
providers as ARM names them, region updates), each with its source and date. The generated Rust
file is committed, so the project never reads those files at build, run or test time. Re-run
after the data changes:

    python3 scripts/gen-data.py [peering_locations.json azure_regions.json]
"""
import json
import os
import sys

here = os.path.dirname(os.path.abspath(__file__))
root = os.path.dirname(here)
default_dir = next(
    (d for d in (os.path.join(root, *[".."] * n, "shared", "reference", "data") for n in (1, 2)) if os.path.isdir(d)),
    os.path.join(root, "..", "shared", "reference", "data"),
)
loc_path = sys.argv[1] if len(sys.argv) > 1 else os.path.join(default_dir, "peering_locations.json")
reg_path = sys.argv[2] if len(sys.argv) > 2 else os.path.join(default_dir, "azure_regions.json")
locs = json.load(open(loc_path, encoding="utf-8"))
regs = json.load(open(reg_path, encoding="utf-8"))

# --- Connectivity providers as ARM names them -------------------------------------------------
#
# ARM's `serviceProviderName` takes the names the List ExpressRoute Service Providers API
# (GET /subscriptions/{id}/providers/Microsoft.Network/expressRouteServiceProviders, what
# `az network express-route list-service-providers` prints) returns. The locations page (the
# peering-location data above) shows display names, which are not always those names (catalogue
# §13 U19). The table below is a recorded response of that API: provider name -> the peering
# locations it lists. Every provider in it offers 50, 100, 200, 500, 1000, 2000, 5000 and
# 10000 Mbps.
API_SOURCE = (
    "Azure/azure-powershell src/Network/Network.Test/SessionRecords/"
    "Commands.Network.Test.ScenarioTests.ExpressRouteServiceProviderTests/"
    "TestExpressRouteServiceProviderList.json (commit 246e9f0ad3be3fe7b52e8f37f4ad6654ef577fd8): "
    "a recorded List ExpressRoute Service Providers response"
)
API_DATE = "2020-06-07"
API_BANDWIDTHS = [50, 100, 200, 500, 1000, 2000, 5000, 10000]
API_PROVIDERS = {
    "AARNet": ["Melbourne", "Sydney"],
    "Airtel": ["Chennai2", "Mumbai2"],
    "AIS": ["Bangkok"],
    "Aryaka Networks": ["Amsterdam", "Chicago", "Dallas", "Hong Kong", "Sao Paulo", "Seattle", "Silicon Valley", "Singapore", "Tokyo", "Washington DC"],
    "Ascenty": ["Sao Paulo"],
    "AT&T": ["Silicon Valley", "Washington DC"],
    "AT&T Netbond": ["Amsterdam", "Chicago", "Dallas", "Frankfurt", "London", "Silicon Valley", "Singapore", "Sydney", "Tokyo", "Toronto", "Washington DC"],
    "AtTokyo": ["Tokyo2"],
    "BBIX": ["Tokyo"],
    "BCX": ["Cape Town", "Johannesburg"],
    "Bell Canada": ["Montreal", "Toronto", "Quebec City"],
    "British Telecom": ["Amsterdam", "London", "Hong Kong", "Johannesburg", "Newport", "Silicon Valley", "Sao Paulo", "Singapore", "Sydney", "Tokyo", "Washington DC"],
    "BSNL": ["Chennai", "Mumbai"],
    "C3ntro": ["Miami"],
    "CDC": ["Canberra", "Canberra2"],
    "CenturyLink Cloud Connect": ["Amsterdam2", "Chicago", "Frankfurt", "Hong Kong", "Las Vegas", "London2", "Montreal", "New York", "Paris", "San Antonio", "Seattle", "Silicon Valley", "Tokyo", "Toronto", "Washington DC", "Washington DC2"],
    "Chief Telecom": ["Hong Kong", "Taipei"],
    "China Mobile International": ["Hong Kong", "Hong Kong2", "Singapore"],
    "China Telecom Global": ["Hong Kong", "Hong Kong2"],
    "China Unicom Global": ["Singapore2"],
    "Chunghwa Telecom": ["Taipei"],
    "Claro": ["Miami"],
    "Cologix": ["Chicago", "Dallas", "Minneapolis", "Montreal", "Toronto", "Vancouver", "Washington DC"],
    "Colt Ethernet": ["Amsterdam", "Amsterdam2", "Chicago", "Dublin", "Frankfurt", "London", "London2", "Newport", "Osaka", "Paris", "Silicon Valley", "Singapore2", "Tokyo", "Washington DC"],
    "Colt IPVPN": ["Amsterdam", "Amsterdam2", "Chicago", "Dublin", "Frankfurt", "London", "Newport", "Osaka", "Paris", "Silicon Valley", "Singapore2", "Tokyo", "Washington DC"],
    "Comcast": ["Chicago", "Silicon Valley", "Washington DC"],
    "Coresite": ["Chicago", "Denver", "Los Angeles", "New York", "Silicon Valley", "Silicon Valley2", "Washington DC", "Washington DC2"],
    "DE-CIX": ["Amsterdam2", "Dubai2", "Frankfurt", "Marseille", "Mumbai", "New York"],
    "Devoli": ["Auckland", "Melbourne", "Sydney"],
    "DISA SCCA": ["Dallas", "Washington DC"],
    "du datamena": ["Dubai2"],
    "eir": ["Dublin"],
    "Epsilon Global Communications": ["Singapore", "Singapore2"],
    "Equinix": ["Amsterdam", "Atlanta", "Chicago", "Dallas", "Dublin", "Frankfurt", "Geneva", "Hong Kong", "London", "London2", "Los Angeles", "Melbourne", "Miami", "New York", "Osaka", "Paris", "Sao Paulo", "Seattle", "Silicon Valley", "Singapore", "Stockholm", "Sydney", "Tokyo", "Toronto", "Washington DC"],
    "Etisalat UAE": ["Dubai"],
    "euNetworks": ["Amsterdam", "Amsterdam2", "Dublin", "Frankfurt", "London"],
    "FarEasTone": ["Taipei"],
    "GEANT": ["Amsterdam", "Frankfurt", "Marseille"],
    "GlobalcloudXchange": ["Chennai", "Mumbai"],
    "GlobalConnect": ["Oslo", "Stavanger"],
    "IIJ": ["Osaka", "Tokyo"],
    "Intelsat": ["London2", "Washington DC2"],
    "InterCloud": ["London", "Singapore", "Washington DC", "Amsterdam"],
    "InterCloud for Azure": ["Amsterdam", "Chicago", "Dallas", "Hong Kong", "London", "New York", "Paris", "Silicon Valley", "Sao Paulo", "Singapore", "Washington DC", "Zurich"],
    "Internet Solutions": ["Cape Town", "Johannesburg"],
    "Internet Solutions - Cloud Connect": ["London"],
    "Internet2": ["Chicago", "Dallas", "Silicon Valley", "Washington DC"],
    "Interxion": ["Amsterdam", "Amsterdam2", "Copenhagen", "Dublin", "Frankfurt", "London", "Marseille", "Paris", "Zurich"],
    "Iron Mountain": ["Washington DC"],
    "IX Reach": ["Amsterdam", "London2", "Silicon Valley", "Toronto", "Washington DC"],
    "Jaguar Network": ["Marseille"],
    "Jisc": ["London", "Newport"],
    "KINX": ["Seoul"],
    "Kordia": ["Auckland", "Sydney"],
    "KPN": ["Amsterdam"],
    "KT": ["Seoul"],
    "Level 3 Communications - Exchange": ["Amsterdam", "Chicago", "Dallas", "London", "Newport", "Sao Paulo", "Seattle", "Silicon Valley", "Singapore", "Washington DC"],
    "Level 3 Communications - IPVPN": ["Amsterdam", "Chicago", "Dallas", "London", "Newport", "Sao Paulo", "Seattle", "Silicon Valley", "Singapore", "Washington DC"],
    "LG CNS": ["Busan", "Seoul"],
    "Liquid Telecom": ["Cape Town", "Johannesburg"],
    "Megaport": ["Amsterdam", "Atlanta", "Auckland", "Chicago", "Dallas", "Denver", "Dubai2", "Dublin", "Frankfurt", "Geneva", "Hong Kong", "Hong Kong2", "Las Vegas", "London", "London2", "Los Angeles", "Melbourne", "Miami", "Montreal", "New York", "Osaka", "Oslo", "Perth", "Quebec City", "San Antonio", "Seattle", "Silicon Valley", "Singapore", "Singapore2", "Stavanger", "Stockholm", "Sydney", "Sydney2", "Tokyo", "Tokyo2", "Toronto", "Washington DC", "Washington DC2", "Zurich"],
    "MTN": ["London"],
    "Neutrona Networks": ["Dallas", "Los Angeles", "Miami", "Sao Paulo", "Washington DC"],
    "Next Generation Data": ["Newport"],
    "NEXTDC": ["Melbourne", "Perth", "Sydney", "Sydney2"],
    "NOS": ["Amsterdam2"],
    "NTT Communications": ["Amsterdam", "Hong Kong", "London", "Los Angeles", "Osaka", "Singapore", "Sydney", "Tokyo", "Washington DC"],
    "NTT Communications - Flexible InterConnect": ["Osaka", "Tokyo"],
    "NTT EAST": ["Tokyo"],
    "NTT Global DataCenters EMEA": ["Berlin"],
    "NTT SmartConnect": ["Osaka"],
    "Ooredoo Cloudconnect": ["Marseille"],
    "Optus": ["Melbourne", "Sydney"],
    "Oracle Cloud FastConnect": ["Amsterdam2", "London", "Tokyo", "Toronto", "Washington DC", "Washington DC2"],
    "Orange": ["Amsterdam", "Amsterdam2", "Dallas", "Dubai2", "Frankfurt", "Hong Kong", "Johannesburg", "London", "London2", "Melbourne", "Paris", "Sao Paulo", "Silicon Valley", "Singapore", "Sydney", "Tokyo", "Washington DC"],
    "Orixcom": ["Dubai2"],
    "Pacific Northwest Gigapop": ["Seattle"],
    "Packet": ["New York", "Silicon Valley"],
    "PacketFabric": ["Chicago", "Silicon Valley", "Washington DC"],
    "PCCW Global Limited": ["Chicago", "Hong Kong", "Hong Kong2", "London", "Singapore2"],
    "RedCLARA": ["Sao Paulo"],
    "Reliance Jio": ["Mumbai"],
    "Retelit": ["Milan"],
    "Sejong Telecom": ["Seoul"],
    "SES": ["London2", "Washington DC"],
    "SIFY": ["Chennai", "Mumbai2"],
    "SingTel Domestic": ["Singapore", "Singapore2"],
    "SingTel International": ["Singapore"],
    "SoftBank": ["Osaka", "Tokyo"],
    "Spark NZ": ["Auckland", "Sydney"],
    "Sprint": ["Chicago", "Silicon Valley", "Washington DC"],
    "Swisscom": ["Geneva", "Zurich"],
    "Tata Communications": ["Amsterdam", "Chennai", "Hong Kong", "London", "Mumbai", "Sao Paulo", "Silicon Valley", "Singapore", "Washington DC"],
    "Telefonica": ["Sao Paulo", "Amsterdam"],
    "Telehouse - KDDI": ["London", "London2"],
    "Telenor": ["Amsterdam", "London"],
    "Telenor Secure Cloud Connect": ["Oslo"],
    "Telia Carrier": ["Amsterdam", "Chicago", "Dallas", "Frankfurt", "Hong Kong", "London", "Oslo", "Paris", "Silicon Valley", "Stockholm", "Washington DC"],
    "Telmex": ["Dallas"],
    "Telstra Corporation": ["Melbourne", "Singapore", "Sydney"],
    "Telus": ["Montreal", "Quebec City", "Seattle", "Toronto"],
    "Teraco": ["Cape Town", "Johannesburg"],
    "Time dotCom": ["Kuala Lumpur"],
    "TPG Telecom": ["Melbourne", "Sydney"],
    "Transtelco": ["Dallas", "Queretaro"],
    "UIH": ["Bangkok"],
    "UOLDIVEO": ["Sao Paulo"],
    "Verizon": ["Amsterdam", "Chicago", "Dallas", "Hong Kong", "London", "Mumbai", "Silicon Valley", "Singapore", "Sydney", "Tokyo", "Toronto", "Washington DC"],
    "Viasat": ["Washington DC2"],
    "Vocus Group NZ": ["Auckland", "Sydney"],
    "Vodacom": ["Cape Town", "Johannesburg"],
    "Vodafone": ["Amsterdam2", "London", "Singapore"],
    "Vodafone Idea Limited": ["Mumbai2"],
    "Zayo": ["Amsterdam", "Chicago", "Dallas", "Denver", "Dublin", "Hong Kong", "London", "London2", "Los Angeles", "Montreal", "New York", "Paris", "Seattle", "Silicon Valley", "Toronto", "Washington DC", "Washington DC2"],
    "Zayo Group": ["Chicago", "Los Angeles", "New York", "Silicon Valley", "Washington DC"],
}
# Real configurations that use these API names where the locations page shows another name
# (public Terraform configurations): "Level 3 Communications - Exchange" at Chicago,
# "NTT Communications - Flexible InterConnect" at Tokyo2, "Telia Carrier" at Amsterdam.

# Peering locations the API spells differently from the locations page (API -> page).
API_LOCATION_NAMES = {
    "Newport": "Newport(Wales)",
    "Queretaro": "Queretaro (Mexico)",
}

# Locations-page spellings -> the API name(s) of the same provider. Spellings equal to an API name
# or differing only in letter case need no entry. Several names: the page lists one provider
# where the API has one entry per product (the wizard offers each; the page's name is ambiguous).
PAGE_TO_API = {
    "Arelion (Telia Carrier)": ["Telia Carrier"],  # Telia Carrier renamed Arelion (2022)
    "AT TOKYO": ["AtTokyo"],
    "Colt": ["Colt Ethernet", "Colt IPVPN"],
    "Console Connect (PCCW Global Limited)": ["PCCW Global Limited"],
    "Digital Realty (Interxion)": ["Interxion"],
    "Interxion (Digital Realty)": ["Interxion"],
    "Global CloudXchange (GCX)": ["GlobalcloudXchange"],
    "GÉANT": ["GEANT"],
    "Internet Initiative Japan Inc. - IIJ": ["IIJ"],
    "Level 3 Communications": [
        "Level 3 Communications - Exchange",
        "Level 3 Communications - IPVPN",
    ],
    "NTT DOCOMO BUSINESS": ["NTT Communications"],  # NTT Communications renamed (2025)
    "NTT DOCOMO BUSINESS - Flexible Interconnect (NTT Communications - Flexible Interconnect)": [
        "NTT Communications - Flexible InterConnect"
    ],
    "Ooredoo Cloud Connect": ["Ooredoo Cloudconnect"],
    "SingTel": ["SingTel Domestic", "SingTel International"],
    "Telmex Uninet": ["Telmex"],
    "Vodafone Idea": ["Vodafone Idea Limited"],
    "VodafoneIdea": ["Vodafone Idea Limited"],
    "Ascenty Data Centers": ["Ascenty"],
}

# Locations-page spellings of one provider whose API name is not recorded: the first is the name
# shown and written; the others are accepted as aliases.
PAGE_SAME = [
    ["SK Telecom", "SKT"],
    ["Vorboss Limited", "Vorboss"],
]

# --- Azure regions: updates over the regions file -----------------------------------------------
REGIONS_AS_OF = (
    "Azure regions list (learn.microsoft.com/azure/reliability/regions-list; MicrosoftDocs/azure-docs "
    "articles/reliability/regions-list.md ms.date 04/15/2025, commit 38aa843f54a042c7cbad5a64a2504f928126ab8c, "
    "and the later published page with programmatic names) as of 2025-11"
)
REGION_UPDATES = {
    # Generally available with availability zones (regions-list 04/15/2025: Indonesia Central,
    # Malaysia West; the later page: Austria East, Belgium Central, Chile Central).
    "austriaeast": {"access": "general", "availabilityZones": True, "physicalLocation": "Vienna"},
    "belgiumcentral": {"access": "general", "availabilityZones": True, "geography": "Belgium", "physicalLocation": "Brussels"},
    "indonesiacentral": {"access": "general", "availabilityZones": True, "physicalLocation": "Jakarta"},
    "malaysiawest": {"access": "general", "availabilityZones": True, "geography": "Malaysia"},
}
REGION_ADDITIONS = [
    {
        "name": "chilecentral",
        "displayName": "Chile Central",
        "availabilityZones": True,
        "pairedRegion": None,
        "physicalLocation": "Santiago",
        "geography": "Chile",
        "access": "general",
        # Not in the geopolitical-region include (04/05/2024); South America, as Brazil South.
        "erGeopoliticalRegion": "South America",
        "geoInferred": True,
    },
]


def s(x):
    return json.dumps(x, ensure_ascii=False)


def arr(xs):
    return "&[" + ", ".join(s(x) for x in xs) + "]"


def lower(x):
    return x.lower()


# Resolve every locations-page spelling to its provider key(s).
page_names = []
for l in locs["locations"]:
    for p in l["providers"]:
        if p not in page_names:
            page_names.append(p)
api_lower = {lower(k): k for k in API_PROVIDERS}
same_of = {}
for group in PAGE_SAME:
    for n in group:
        same_of[n] = group[0]
for page, targets in PAGE_TO_API.items():
    for t in targets:
        assert t in API_PROVIDERS, t


def resolve(p):
    if p in API_PROVIDERS:
        return [p]
    if p in PAGE_TO_API:
        return PAGE_TO_API[p]
    if lower(p) in api_lower:
        return [api_lower[lower(p)]]
    if p in same_of:
        return [same_of[p]]
    return [p]


# Provider keys: API names, and page names of providers with no recorded API name (merging
# spellings that differ only in letter case: the spelling most locations use wins).
uses = {}
for l in locs["locations"]:
    for p in l["providers"]:
        uses[p] = uses.get(p, 0) + 1
keys = {}  # lower(key) -> key
for k in API_PROVIDERS:
    keys[lower(k)] = k
for p in page_names:
    for k in resolve(p):
        lk = lower(k)
        if lk not in keys:
            keys[lk] = k
        elif keys[lk] not in API_PROVIDERS and keys[lk] != k:
            a, b = keys[lk], k
            if (uses.get(b, 0), -ord(b[0])) > (uses.get(a, 0), -ord(a[0])):
                keys[lk] = b


def key_of(k):
    return keys[lower(k)]


# Per provider: display name (the page's most used single-target spelling), aliases.
display = {}
aliases = {}
ambiguous = {}
for p in page_names:
    ks = sorted({key_of(k) for k in resolve(p)})
    if len(ks) > 1:
        ambiguous[p] = ks
        continue
    k = ks[0]
    best = display.get(k)
    if best is None or uses.get(p, 0) > uses.get(best, 0):
        display[k] = p
    if p != k:
        aliases.setdefault(k, []).append(p)
for k in keys.values():
    display.setdefault(k, k)
    al = [a for a in aliases.get(k, []) if a != display[k]]
    if display[k] != k:
        al.append(display[k])
    aliases[k] = sorted(set(al), key=lower)

providers = sorted(keys.values(), key=lambda k: (lower(display[k]), display[k]))
assert len(providers) <= 256, "provider indices are u8"
index = {k: i for i, k in enumerate(providers)}
page_locations = {l["name"] for l in locs["locations"]}
for k, ls in API_PROVIDERS.items():
    for x in ls:
        assert API_LOCATION_NAMES.get(x, x) in page_locations, (k, x)

regions = [dict(r) for r in regs["regions"]]
for r in regions:
    r.update(REGION_UPDATES.get(r["name"], {}))
names = {r["name"] for r in regions}
for r in REGION_ADDITIONS:
    assert r["name"] not in names
    regions.append(dict(r))

out = []
out.append("// @generated by scripts/gen-data.py: do not edit by hand.")
out.append("//")
out.append("// Peering locations: " + locs["source"].replace("\n", " "))
out.append("// Provider API names: " + API_SOURCE + ", " + API_DATE)
out.append("// Regions: " + regs["completeness"].replace("\n", " "))
out.append("// Region updates: " + REGIONS_AS_OF)
out.append("")
out.append("use super::{PeeringLocation, Provider, Region};")
out.append("")
out.append("/// Where the providers' API names come from.")
out.append(f"pub const PROVIDERS_SOURCE: &str = {s(API_SOURCE)};")
out.append("/// Date of the recorded List ExpressRoute Service Providers response.")
out.append(f"pub const PROVIDERS_DATE: &str = {s(API_DATE)};")
out.append("/// The date of the Azure regions list the region data follows.")
out.append(f"pub const REGIONS_SOURCE: &str = {s(REGIONS_AS_OF)};")
out.append("")
out.append("/// Bandwidths (Mbps) the recorded API response lists for every provider.")
out.append(f"pub static API_BANDWIDTHS: &[u32] = &[{', '.join(str(b) for b in API_BANDWIDTHS)}];")
out.append("")
out.append("/// Every connectivity provider once, sorted by display name case-insensitively;")
out.append("/// `PeeringLocation::provider_ids` indexes it.")
out.append("pub static PROVIDERS: &[Provider] = &[")
for k in providers:
    rec = k in API_PROVIDERS
    out.append("    Provider {")
    out.append(f"        name: {s(k)},")
    out.append(f"        display: {s(display[k])},")
    out.append(f"        aliases: {arr(aliases[k])},")
    out.append(f"        api_recorded: {'true' if rec else 'false'},")
    out.append(f"        api_locations: {arr(API_PROVIDERS.get(k, []))},")
    out.append(f"        bandwidths: {'API_BANDWIDTHS' if rec else '&[]'},")
    out.append("    },")
out.append("];")
out.append("")
out.append("/// Locations-page names that stand for several API names (one entry per product).")
out.append("pub static AMBIGUOUS_PROVIDER_NAMES: &[(&str, &[u8])] = &[")
for p in sorted(ambiguous, key=lower):
    out.append(f"    ({s(p)}, &[{', '.join(str(index[k]) for k in ambiguous[p])}]),")
out.append("];")
out.append("")
out.append("/// Every global-commercial ExpressRoute peering location, sorted by name.")
out.append("pub static PEERING_LOCATIONS: &[PeeringLocation] = &[")
for l in sorted(locs["locations"], key=lambda l: l["name"].lower()):
    ids = []
    for p in l["providers"]:
        for k in resolve(p):
            i = index[key_of(k)]
            if i not in ids:
                ids.append(i)
    api_names = sorted(a for a, n in API_LOCATION_NAMES.items() if n == l["name"])
    out.append("    PeeringLocation {")
    out.append(f"        name: {s(l['name'])},")
    out.append(f"        api_names: {arr(api_names)},")
    out.append(f"        zone: {int(l['zone'])},")
    out.append(f"        local_regions: {arr(l['localRegions'])},")
    out.append(f"        er_direct: {'true' if l['erDirect'] else 'false'},")
    out.append(f"        provider_ids: &[{', '.join(str(i) for i in ids)}],")
    out.append(f"        geopolitical_region: {s(l['geopoliticalRegion'])},")
    out.append(f"        geo_inferred: {'true' if l['geoInferred'] else 'false'},")
    out.append("    },")
out.append("];")
out.append("")
out.append("/// Azure public-cloud regions, sorted by display name.")
out.append("pub static REGIONS: &[Region] = &[")
for r in sorted(regions, key=lambda r: r["displayName"].lower()):
    out.append("    Region {")
    out.append(f"        name: {s(r['name'])},")
    out.append(f"        display_name: {s(r['displayName'])},")
    out.append(f"        availability_zones: {'true' if r['availabilityZones'] else 'false'},")
    out.append(f"        paired_region: {s(r.get('pairedRegion') or '')},")
    out.append(f"        geography: {s(r.get('geography') or '')},")
    out.append(f"        access: {s(r['access'])},")
    out.append(f"        geopolitical_region: {s(r['erGeopoliticalRegion'])},")
    out.append("    },")
out.append("];")
path = os.path.join(root, "src", "domain", "catalog", "data.rs")
os.makedirs(os.path.dirname(path), exist_ok=True)
open(path, "w", encoding="utf-8").write("\n".join(out) + "\n")
print(
    f"wrote {path}: {len(locs['locations'])} locations, {len(providers)} providers "
    f"({len(API_PROVIDERS)} with API names), {len(regions)} regions"
)
