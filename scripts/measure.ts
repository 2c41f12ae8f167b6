// Runs a Node script in this process and reports what the whole process used:
//   node build/measure.cjs OUT.json SCRIPT [ARGS...]  →  OUT.json { maxRssKb, cpuUs }
// npm run bench measures wall time around the process and reads peak memory and CPU from here
// (process.resourceUsage, the same figures /usr/bin/time -v prints), so it needs no system tool.
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const [out, script, ...args] = process.argv.slice(2);
if (!out || !script) {
  process.stderr.write('usage: node build/measure.cjs OUT.json SCRIPT [ARGS...]\n');
  process.exit(2);
}
process.argv = [process.argv[0]!, resolve(script), ...args];
process.on('exit', () => {
  const u = process.resourceUsage();
  writeFileSync(out, JSON.stringify({ maxRssKb: u.maxRSS, cpuUs: u.userCPUTime + u.systemCPUTime }));
});
import(pathToFileURL(resolve(script)).href).catch((error: unknown) => {
  process.stderr.write(`${String(error)}\n`);
  process.exitCode = 1;
});
