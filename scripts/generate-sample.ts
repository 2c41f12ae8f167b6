// Writes samples/hubspot-contacts.csv and samples/rules.json from the fixed seed (npm run sample).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { toCsv } from '../src/core/intake/csv';
import { generateContacts, sampleRules } from '../src/sample/generator';

const dir = join(process.cwd(), 'samples');
mkdirSync(dir, { recursive: true });
const { headers, rows } = generateContacts(600, 42);
writeFileSync(join(dir, 'hubspot-contacts.csv'), toCsv([headers, ...rows], { raw: true })); // as HubSpot exports it
writeFileSync(join(dir, 'rules.json'), `${JSON.stringify(sampleRules(), null, 2)}\n`);
console.log(`samples/hubspot-contacts.csv: ${rows.length} records; samples/rules.json written`);
