// The yardstick for npm run bench: the same review written plainly, the way one would without this
// project. Reads a HubSpot contacts export and a rules JSON, runs every check (missing required
// fields, inactive and stale owners, exact and fuzzy duplicates, lifecycle, source and routing), and
// writes review.csv. No masking, no QA, no Issue-ID stability, no decision carry-over: it does less,
// not slower on purpose.
//   node scripts/naive-review.mjs <export.csv> <rules.json> <outDir>
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const [exportPath, rulesPath, outDir = 'out-naive'] = process.argv.slice(2);
if (!exportPath || !rulesPath) {
  console.error('usage: node scripts/naive-review.mjs <export.csv> <rules.json> [outDir]');
  process.exit(2);
}

function parseCsv(text) {
  const rows = [];
  let row = [];
  let field = '';
  let quoted = false;
  for (let i = text.charCodeAt(0) === 0xfeff ? 1 : 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += ch;
  }
  if (field !== '' || row.length) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

const csvField = (v) => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
const norm = (v) =>
  String(v ?? '')
    .trim()
    .toLowerCase();

function jaroWinkler(a, b) {
  if (a === b) return 1;
  if (!a || !b) return 0;
  const range = Math.max(0, Math.floor(Math.max(a.length, b.length) / 2) - 1);
  const aMatch = new Array(a.length).fill(false);
  const bMatch = new Array(b.length).fill(false);
  let matches = 0;
  for (let i = 0; i < a.length; i++) {
    for (let j = Math.max(0, i - range); j < Math.min(b.length, i + range + 1); j++) {
      if (!bMatch[j] && a[i] === b[j]) {
        aMatch[i] = bMatch[j] = true;
        matches++;
        break;
      }
    }
  }
  if (!matches) return 0;
  let t = 0;
  for (let i = 0, k = 0; i < a.length; i++) {
    if (!aMatch[i]) continue;
    while (!bMatch[k]) k++;
    if (a[i] !== b[k]) t++;
    k++;
  }
  const jaro = (matches / a.length + matches / b.length + (matches - t / 2) / matches) / 3;
  let prefix = 0;
  while (prefix < 4 && a[prefix] === b[prefix]) prefix++;
  return jaro + prefix * 0.1 * (1 - jaro);
}

const rules = JSON.parse(readFileSync(rulesPath, 'utf8'));
const [headers, ...data] = parseCsv(readFileSync(exportPath, 'utf8'));
const col = (name) => headers.findIndex((h) => norm(h) === norm(name));
const C = {
  id: col('Record ID'),
  first: col('First Name'),
  last: col('Last Name'),
  email: col('Email'),
  phone: col('Phone Number'),
  company: col('Company Name'),
  country: col('Country/Region'),
  owner: col('Contact owner'),
  stage: col('Lifecycle Stage'),
  status: col('Lead Status'),
  source: col('Lead Source'),
  campaign: col('Original Source Drill-Down 1'),
  activity: col('Last Activity Date'),
  customerDate: col('Became a Customer Date'),
};
const owners = new Map();
for (const o of rules.owners ?? []) {
  owners.set(norm(o.name), o);
  owners.set(norm(o.email), o);
}
const asOf = Date.parse(`${rules.asOf}T00:00:00Z`);
const openStages = new Set(['lead', 'marketing qualified lead', 'sales qualified lead', 'opportunity']);
const stages = ['subscriber', 'lead', 'marketing qualified lead', 'sales qualified lead', 'opportunity', 'customer', 'evangelist', 'other'];
const statusStages = {
  new: ['subscriber', 'lead'],
  open: ['lead', 'marketing qualified lead'],
  'in progress': ['marketing qualified lead', 'sales qualified lead', 'opportunity'],
  'open deal': ['sales qualified lead', 'opportunity', 'customer'],
  unqualified: ['other'],
  'attempted to contact': ['lead'],
  connected: ['marketing qualified lead', 'sales qualified lead'],
  'bad timing': ['other'],
};
const mapping = new Map((rules.sources?.mapping ?? []).map((m) => [norm(m.campaignSource), m.leadSource]));
const unclear = new Set((rules.sources?.unclear ?? []).map(norm));
const routeFor = (row) => (rules.routing ?? []).find((r) => Object.entries(r.when).every(([h, vs]) => vs.map(norm).includes(norm(row[col(h)]))));
const load = new Map();
const pickOwner = (team) => {
  const candidates = (rules.owners ?? [])
    .filter((o) => o.active && o.team === team)
    .sort((a, b) => (load.get(a.name) ?? 0) - (load.get(b.name) ?? 0) || a.name.localeCompare(b.name));
  const o = candidates[0];
  if (o) load.set(o.name, (load.get(o.name) ?? 0) + 1);
  return o ? o.email : '';
};

const out = [['Record ID', 'Check', 'Field', 'Current value', 'Proposed value', 'Evidence']];
const add = (row, check, field, current, proposed, evidence) => out.push([row[C.id], check, field, current, proposed, evidence]);

for (const row of data) {
  for (const [name, c] of [
    ['Email', C.email],
    ['Lead Source', C.source],
    ['Contact owner', C.owner],
    ['Lifecycle Stage', C.stage],
  ]) {
    if (norm(row[c]) === '') add(row, 'missing_required_field', name, '', name === 'Lead Source' ? (mapping.get(norm(row[C.campaign])) ?? '') : '', `${name} is empty`);
  }
  const owner = owners.get(norm(row[C.owner]));
  const route = routeFor(row);
  if (norm(row[C.owner]) !== '' && !owner?.active)
    add(row, 'inactive_owner', 'Contact owner', row[C.owner], route ? pickOwner(route.team) : '', `${row[C.owner]} is not an active owner`);
  const stage = norm(row[C.stage]);
  if (owner?.active && openStages.has(stage) && row[C.activity]) {
    const days = Math.floor((asOf - Date.parse(`${row[C.activity].slice(0, 10)}T00:00:00Z`)) / 86_400_000);
    if (days > rules.staleAfterDays) add(row, 'stale_owner', 'Contact owner', row[C.owner], pickOwner(route?.team ?? owner.team), `no activity for ${days} days`);
  }
  if (stage !== '') {
    const allowed = statusStages[norm(row[C.status])];
    if (!stages.includes(stage)) add(row, 'lifecycle_mismatch', 'Lifecycle Stage', row[C.stage], '', 'undefined stage');
    else if (allowed && !allowed.includes(stage)) add(row, 'lifecycle_mismatch', 'Lifecycle Stage', row[C.stage], allowed[0], `${row[C.status]} does not allow ${row[C.stage]}`);
    if (stage === 'customer' && norm(row[C.customerDate]) === '') add(row, 'lifecycle_mismatch', 'Became a Customer Date', '', '', 'customer without a date');
  }
  const source = norm(row[C.source]);
  const mapped = mapping.get(norm(row[C.campaign]));
  if (source !== '' && unclear.has(source)) add(row, 'source_mismatch', 'Lead Source', row[C.source], mapped ?? '', 'unclear source');
  else if (source !== '' && mapped && norm(mapped) !== source) add(row, 'source_mismatch', 'Lead Source', row[C.source], mapped, `campaign maps to ${mapped}`);
  if (owner?.active && (stage === '' || openStages.has(stage))) {
    if (!route) add(row, 'routing_exception', 'Contact owner', row[C.owner], '', 'no routing rule matches');
    else if (owner.team !== route.team) add(row, 'routing_exception', 'Contact owner', row[C.owner], pickOwner(route.team), `expected team ${route.team}`);
  }
}

// duplicates: exact on email and phone digits, fuzzy on names within blocks of last-name prefix and first initial
const parent = data.map((_, i) => i);
const find = (i) => (parent[i] === i ? i : (parent[i] = find(parent[i])));
const union = (a, b) => {
  parent[find(a)] = find(b);
};
const byKey = new Map();
data.forEach((row, i) => {
  const keys = [
    `e:${norm(row[C.email])}`,
    `p:${String(row[C.phone] ?? '')
      .replace(/\D/g, '')
      .slice(-9)}`,
  ];
  for (const k of keys) {
    if (k === 'e:' || k.length < 6) continue;
    if (byKey.has(k)) union(i, byKey.get(k));
    else byKey.set(k, i);
  }
});
const blocks = new Map();
data.forEach((row, i) => {
  const k = `${norm(row[C.last]).slice(0, 3)}|${norm(row[C.first]).slice(0, 1)}`;
  if (!blocks.has(k)) blocks.set(k, []);
  blocks.get(k).push(i);
});
for (const members of blocks.values()) {
  for (let x = 0; x < members.length; x++) {
    for (let y = x + 1; y < members.length && y < x + 50; y++) {
      const a = data[members[x]],
        b = data[members[y]];
      if (norm(a[C.company]) !== norm(b[C.company])) continue;
      const score = (jaroWinkler(norm(a[C.first]), norm(b[C.first])) + jaroWinkler(norm(a[C.last]), norm(b[C.last]))) / 2;
      if (score >= 0.93) union(members[x], members[y]);
    }
  }
}
const groups = new Map();
data.forEach((_, i) => {
  const g = find(i);
  if (!groups.has(g)) groups.set(g, []);
  groups.get(g).push(i);
});
for (const members of groups.values()) {
  if (members.length < 2) continue;
  const survivor = data[members[0]][C.id];
  for (const i of members)
    add(data[i], 'duplicate_record', 'Record ID', data[i][C.id], i === members[0] ? 'Keep as survivor' : `Merge into ${survivor}`, `duplicate group of ${members.length}`);
}

mkdirSync(outDir, { recursive: true });
writeFileSync(join(outDir, 'review.csv'), `${out.map((r) => r.map(csvField).join(',')).join('\r\n')}\r\n`);
console.log(`${data.length} records, ${out.length - 1} proposals`);
