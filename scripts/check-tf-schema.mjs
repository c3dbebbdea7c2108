// Checks Terraform files against the azurerm provider's own schema, as published in the npm
// CDK binding package @cdktf/provider-azurerm (its jsii assembly lists every resource, argument
// and block, with the Terraform names in each property's registry link, and which are optional).
// Each file is parsed with HashiCorp's HCL parser (@cdktf/hcl2json), then every resource type,
// argument and block is looked up: unknown ones, an argument written as a block (or the reverse)
// and missing required ones are reported.
// Usage: node scripts/check-tf-schema.mjs [--binding NPM-NAME] FILE...
// (`--binding @cdktf/provider-azurerm-4.36`: the npm alias of the binding of azurerm 4.36.0, the
// lowest version the exports admit; the default is the newest binding, azurerm 4.55.0.)
// Prints {"provider": "<bundled azurerm version>", "binding": "<package version>",
//         "files": {FILE: [problem, ...]}, "checked": {FILE: {constraint, additions}},
//         "enums": [{where, enum, value}]}; exit status 1 when any file has a problem.
import { parse } from '@cdktf/hcl2json';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const args = process.argv.slice(2);
// `--binding NAME`: another installed copy of the binding (an npm alias of an older version).
const at = args.indexOf('--binding');
const binding = at >= 0 ? args.splice(at, 2)[1] : '@cdktf/provider-azurerm';
const require = createRequire(import.meta.url);
const pkgDir = dirname(require.resolve(`${binding}/package.json`));
const pkg = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8'));
const jsii = JSON.parse(readFileSync(join(pkgDir, '.jsii'), 'utf8'));
const PREFIX = '@cdktf/provider-azurerm.';
const META = new Set(['count', 'for_each', 'depends_on', 'lifecycle', 'provider', 'connection', 'provisioner']);

/// The Terraform name in a property's registry link (`...#ip_configuration VirtualNetworkGateway#...`).
function tfName(p) {
  const text = `${p.docs?.summary ?? ''} ${p.docs?.remarks ?? ''}`;
  const m = text.match(/\/docs\/resources\/([a-z0-9_]+)#([a-z0-9_]+) /);
  return m ? { resource: `azurerm_${m[1]}`, name: m[2] } : null;
}

/// The struct a property's type refers to (a block), and whether it repeats.
function blockOf(type) {
  const kinds = type.union ? type.union.types : [type];
  for (const t of kinds) {
    if (t.fqn?.startsWith(PREFIX)) return { fqn: t.fqn, list: false };
    const el = t.collection?.elementtype;
    if (t.collection?.kind === 'array' && el?.fqn?.startsWith(PREFIX)) return { fqn: el.fqn, list: true };
  }
  return null;
}

/// The schema of a struct: Terraform name -> {required, block: schema|null, primitive}.
const structs = new Map();
function schemaOf(fqn) {
  if (structs.has(fqn)) return structs.get(fqn);
  const out = { resource: null, fields: new Map() };
  structs.set(fqn, out);
  const t = jsii.types[fqn];
  for (const p of t?.properties ?? []) {
    const tf = tfName(p);
    if (!tf) continue; // meta-arguments inherited from cdktf
    out.resource ??= tf.resource;
    const block = blockOf(p.type);
    out.fields.set(tf.name, {
      required: !p.optional,
      block: block ? schemaOf(block.fqn) : null,
      primitive: p.type.primitive ?? p.type.union?.types?.find((x) => x.primitive)?.primitive ?? null,
    });
  }
  return out;
}

// Every resource: the `<Name>Config` interface of each submodule.
const resources = new Map();
for (const [fqn, t] of Object.entries(jsii.types)) {
  if (t.kind !== 'interface' || !fqn.endsWith('Config')) continue;
  if (!(t.interfaces ?? []).includes('cdktf.TerraformMetaArguments')) continue;
  const s = schemaOf(fqn);
  if (s.resource && !resources.has(s.resource)) resources.set(s.resource, s);
}

/// Problems of one block body against its schema.
function check(body, schema, where, problems) {
  for (const [key, value] of Object.entries(body)) {
    if (META.has(key)) continue;
    const f = schema.fields.get(key);
    if (!f) {
      problems.push(`${where}: unknown argument or block "${key}"`);
      continue;
    }
    const isBlock = Array.isArray(value) && value.length > 0 && value.every((v) => v && typeof v === 'object' && !Array.isArray(v));
    if (f.block && !isBlock) problems.push(`${where}: "${key}" is a block, written as an argument`);
    else if (!f.block && isBlock && f.primitive !== 'any' && f.primitive !== 'json')
      // `tags = { ... }` parses as an object, a block as a list of objects
      problems.push(`${where}: "${key}" is an argument, written as a block`);
    else if (f.block) value.forEach((b, i) => check(b, f.block, `${where}.${key}[${i}]`, problems));
    else if (f.primitive === 'number' && typeof value === 'string' && !value.startsWith('${'))
      problems.push(`${where}: "${key}" takes a number, not "${value}"`);
    else if (f.primitive === 'boolean' && typeof value !== 'boolean' && !(typeof value === 'string' && value.startsWith('${')))
      problems.push(`${where}: "${key}" takes true or false, not ${JSON.stringify(value)}`);
  }
  for (const [key, f] of schema.fields) {
    if (f.required && !(key in body)) problems.push(`${where}: required "${key}" missing`);
  }
}

// What changed in azurerm after the bundled schema, or is refused at plan rather than in the
// schema, with the version it changed in (provider changelog and source: scale units PR #32647,
// ErGwScale SKU #31082; public_ip_address_id optional from 4.36, refused for ExpressRoute
// gateways from 4.59). A file may use an addition only when its version constraint excludes
// every version before it.
const ADDITIONS = [
  { resource: 'azurerm_virtual_network_gateway', name: 'minimum_scale_unit', since: '4.79.0', primitive: 'number' },
  { resource: 'azurerm_virtual_network_gateway', name: 'maximum_scale_unit', since: '4.79.0', primitive: 'number' },
];
const VALUES_SINCE = [{ resource: 'azurerm_virtual_network_gateway', name: 'sku', value: 'ErGwScale', since: '4.56.0' }];
const ER_GATEWAY_PUBLIC_IP = { optionalSince: '4.36.0', refusedSince: '4.59.0' };

// Arguments whose values are ARM enums: checked against the Azure SDK's enum members by
// scripts/check-arm-models.py --enums (the provider schema does not carry allowed values).
const ENUMS = {
  'azurerm_express_route_circuit.sku.tier': 'ExpressRouteCircuitSkuTier',
  'azurerm_express_route_circuit.sku.family': 'ExpressRouteCircuitSkuFamily',
  'azurerm_express_route_circuit_peering.peering_type': 'ExpressRoutePeeringType',
  'azurerm_express_route_port.encapsulation': 'ExpressRoutePortsEncapsulation',
  'azurerm_virtual_network_gateway.type': 'VirtualNetworkGatewayType',
  'azurerm_virtual_network_gateway.sku': 'VirtualNetworkGatewaySkuName',
  'azurerm_virtual_network_gateway.ip_configuration.private_ip_address_allocation': 'IPAllocationMethod',
  'azurerm_virtual_network_gateway_connection.type': 'VirtualNetworkGatewayConnectionType',
  'azurerm_route_filter.rule.access': 'Access',
  'azurerm_route_filter.rule.rule_type': 'RouteFilterRuleType',
};

/// `[major, minor, patch]` of a version text.
const ver = (t) => t.split('.').map((x) => Number.parseInt(x, 10) || 0).concat([0, 0, 0]).slice(0, 3);
const cmp = (a, b) => { for (let i = 0; i < 3; i++) if (a[i] !== b[i]) return a[i] - b[i]; return 0; };

/// The [lowest, first excluded] versions a constraint allows (`>= 4.36, < 5.0`, `~> 4.0`).
function range(constraint) {
  let lo = [0, 0, 0];
  let hi = [Infinity, 0, 0];
  for (const part of constraint.split(',').map((x) => x.trim())) {
    const m = part.match(/^(>=|>|<=|<|=|~>)?\s*([0-9.]+)$/);
    if (!m) return null;
    const v = ver(m[2]);
    const op = m[1] ?? '=';
    if (op === '>=' || op === '=') lo = cmp(v, lo) > 0 ? v : lo;
    if (op === '<') hi = cmp(v, hi) < 0 ? v : hi;
    if (op === '~>') {
      lo = v;
      const n = m[2].split('.').length;
      hi = n <= 2 ? [v[0] + 1, 0, 0] : [v[0], v[1] + 1, 0];
    }
  }
  return { lo, hi };
}

/// The literal values of enum arguments in a block body (recursively through blocks).
function collectEnums(body, path, where, out) {
  for (const [key, value] of Object.entries(body)) {
    const p = `${path}.${key}`;
    if (Array.isArray(value) && value.every((v) => v && typeof v === 'object')) {
      value.forEach((v, i) => collectEnums(v, p, `${where}.${key}[${i}]`, out));
    } else if (ENUMS[p] && typeof value === 'string' && !value.includes('${')) {
      out.push({ where: `${where}.${key}`, enum: ENUMS[p], value });
    }
  }
}

const report = { provider: pkg.cdktf?.provider?.version ?? null, binding: pkg.version, files: {}, enums: [] };
let failed = false;
for (const file of args) {
  const problems = [];
  try {
    const doc = await parse(file, readFileSync(file, 'utf8'));
    const constraint = doc.terraform?.[0]?.required_providers?.[0]?.azurerm?.version ?? null;
    const r = constraint === null ? null : range(constraint);
    if (!r) problems.push(`azurerm version constraint ${JSON.stringify(constraint)} not understood`);
    const allows = (since) => r && cmp(r.lo, ver(since)) >= 0;
    const bundled = ver(report.provider ?? '0');
    const usesAdditions = [];
    for (const [type, named] of Object.entries(doc.resource ?? {})) {
      const base = resources.get(type);
      if (!base) {
        problems.push(`unknown resource type ${type}`);
        continue;
      }
      // The bundled schema, plus the additions the file's constraint admits.
      const schema = { resource: base.resource, fields: new Map(base.fields) };
      for (const a of ADDITIONS.filter((a) => a.resource === type && allows(a.since))) {
        schema.fields.set(a.name, { required: false, block: null, primitive: a.primitive });
      }
      for (const [name, bodies] of Object.entries(named)) {
        bodies.forEach((b, k) => {
          const where = `${type}.${name}`;
          check(b, schema, where, problems);
          for (const a of ADDITIONS.filter((a) => a.resource === type && a.name in b)) {
            if (allows(a.since)) usesAdditions.push(a.name);
            else problems.push(`${where}: "${a.name}" needs azurerm >= ${a.since}, the constraint allows older`);
          }
          for (const v of VALUES_SINCE.filter((v) => v.resource === type && b[v.name] === v.value)) {
            if (allows(v.since)) usesAdditions.push(`${v.name} = ${v.value}`);
            else problems.push(`${where}: ${v.name} = "${v.value}" needs azurerm >= ${v.since}, the constraint allows older`);
          }
          if (type === 'azurerm_virtual_network_gateway' && b.type === 'ExpressRoute' && r) {
            const withIp = (b.ip_configuration ?? []).some((c) => 'public_ip_address_id' in c);
            if (withIp && cmp(r.hi, ver(ER_GATEWAY_PUBLIC_IP.refusedSince)) > 0)
              problems.push(`${where}: public_ip_address_id on an ExpressRoute gateway is refused from azurerm ${ER_GATEWAY_PUBLIC_IP.refusedSince}, which ${constraint} admits`);
            if (!withIp && !allows(ER_GATEWAY_PUBLIC_IP.optionalSince))
              problems.push(`${where}: public_ip_address_id is required before azurerm ${ER_GATEWAY_PUBLIC_IP.optionalSince}, which ${constraint} admits`);
          }
          collectEnums(b, type, where, report.enums);
        });
      }
    }
    // The bundled schema is the one checked: it must lie in the range, unless the file needs
    // arguments newer than it (then the additions above stand in for the newer schema).
    if (r && usesAdditions.length === 0 && !(cmp(r.lo, bundled) <= 0 && cmp(bundled, r.hi) < 0))
      problems.push(`the bundled azurerm ${report.provider} schema is outside the constraint ${constraint}`);
    report.checked = report.checked ?? {};
    report.checked[file] = { constraint, additions: usesAdditions };
  } catch (e) {
    problems.push(`does not parse: ${e instanceof Error ? e.message : String(e)}`);
  }
  if (problems.length) failed = true;
  report.files[file] = problems;
}
console.log(JSON.stringify(report));
process.exit(failed ? 1 : 0);
