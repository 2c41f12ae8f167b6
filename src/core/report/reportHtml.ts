/**
 * report.html: the Summary as one self-contained page a founder can forward. No scripts, no external
 * assets (styles inline, the trend an inline SVG). Every piece of text from data is HTML-escaped, so
 * a record value such as "<script>" shows as text and never runs.
 */
import type { ReviewRow } from '../review/rows';
import { BREAKDOWN_KEYS } from './breakdowns';
import { percent, type TrendPoint } from './history';
import type { Report } from './report';
import { formatRate, type SummaryFigures } from './summary';
import { BREAKDOWN_COLUMNS, BREAKDOWN_TITLES, lineCells, lineLabel, SUMMARY_METRICS } from './summaryGrid';

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export function escapeHtml(value: string | number): string {
  return String(value).replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

const cell = (v: string | number, tag = 'td'): string => `<${tag}${typeof v === 'number' ? ' class="n"' : ''}>${escapeHtml(v)}</${tag}>`;
const table = (head: readonly (string | number)[], body: readonly (readonly (string | number)[])[], id?: string): string =>
  `<table${id ? ` id="${id}"` : ''}><thead><tr>${head.map((h) => cell(h, 'th')).join('')}</tr></thead><tbody>${body.map((r) => `<tr>${r.map((v) => cell(v)).join('')}</tr>`).join('')}</tbody></table>`;

/** An inline SVG line chart of the routing exception rate per batch; one point per batch. */
export function trendSvg(points: readonly TrendPoint[]): string {
  const W = 640,
    H = 240,
    L = 48,
    R = 48,
    T = 16,
    B = 48;
  if (points.length === 0) return '';
  const max = Math.max(0.05, ...points.map((p) => p.routingExceptionRate)) * 1.1;
  const x = (i: number): number => (points.length === 1 ? L + (W - L - R) / 2 : L + (i * (W - L - R)) / (points.length - 1));
  const y = (r: number): number => T + (H - T - B) * (1 - r / max);
  const ticks = [0, max / 2, max]
    .map(
      (r) =>
        `<line x1="${L}" x2="${W - R}" y1="${y(r).toFixed(1)}" y2="${y(r).toFixed(1)}" stroke="#ddd"/><text x="${L - 6}" y="${(y(r) + 4).toFixed(1)}" text-anchor="end" font-size="11">${escapeHtml(`${(r * 100).toFixed(0)}%`)}</text>`,
    )
    .join('');
  const path = points.map((p, i) => `${i === 0 ? 'M' : 'L'}${x(i).toFixed(1)},${y(p.routingExceptionRate).toFixed(1)}`).join(' ');
  const dots = points
    .map(
      (p, i) =>
        `<circle class="point" cx="${x(i).toFixed(1)}" cy="${y(p.routingExceptionRate).toFixed(1)}" r="4" fill="${p.closed ? '#1a73e8' : '#fff'}" stroke="#1a73e8" stroke-width="2"><title>${escapeHtml(`${p.batchId} (${p.asOf}${p.closed ? '' : ', open'}): ${formatRate(p.routingExceptionRate)}`)}</title></circle>`,
    )
    .join('');
  const labels = points.map((p, i) => `<text x="${x(i).toFixed(1)}" y="${H - B + 18}" text-anchor="middle" font-size="11">${escapeHtml(p.asOf)}</text>`).join('');
  return (
    `<svg id="trend" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" role="img" aria-label="Routing exception rate per batch">` +
    `<title>Routing exception rate per batch</title>${ticks}<path d="${path}" fill="none" stroke="#1a73e8" stroke-width="2"/>${dots}${labels}` +
    `<text x="${(L + W - R) / 2}" y="${H - 6}" text-anchor="middle" font-size="11">review date (hollow point: the open batch)</text></svg>`
  );
}

/** Proposals listed on the page (High severity first); the Review tab / review.csv has them all. */
export const REPORT_FINDINGS = 200;
/** Severity ranks; any other text ranks last (a Map: a name such as "constructor" is not a rank). */
const SEVERITY = new Map<string, number>([
  ['High', 0],
  ['Medium', 1],
  ['Low', 2],
]);

/**
 * The first n rows of the rows stably sorted by severity, picked severity by severity, each pass ending
 * when n are found (issue 12: no copy and sort of 40,000 rows for 200).
 */
export function firstBySeverity(rows: readonly ReviewRow[], n: number): ReviewRow[] {
  const out: ReviewRow[] = [];
  for (let rank = 0; rank <= 3; rank++) {
    for (const r of rows) {
      if (out.length === n) return out;
      if ((SEVERITY.get(r.severity) ?? 3) === rank) out.push(r);
    }
  }
  return out;
}

export function reportHtml(s: SummaryFigures & { preset?: string }, report: Report, rows: readonly ReviewRow[] = []): string {
  const listed = firstBySeverity(rows, REPORT_FINDINGS).map((r) => [
    r.issueId,
    r.recordId,
    r.check,
    r.severity,
    r.field,
    r.currentValue,
    r.proposedValue,
    r.decision,
    r.rule ?? '',
  ]);
  const metrics = SUMMARY_METRICS.map(([label, pick]) => [label, pick(s)] as [string, string | number]);
  metrics.push(
    ['Batch status', report.batchStatus === 'closed' ? `closed ${report.closedAt}` : 'open'],
    ['Records flagged again after a correction', report.recordsFlaggedAgain],
    ['Closed-stage routing exceptions', report.closedStageRouting.proposals],
  );
  const patterns = report.patterns.length
    ? `<ul id="patterns">${report.patterns.map((p) => `<li><span class="kind">${escapeHtml(p.kind)}</span> ${escapeHtml(p.text)}</li>`).join('')}</ul>`
    : '<p id="patterns">No pattern crosses its threshold in this batch.</p>';
  const perCheck = Object.entries(s.perCheck).map(([id, c]) => [id, c.proposals, c.approved, c.rejected, c.escalated, c.pending, formatRate(c.rejectionShare)]);
  const breakdowns = BREAKDOWN_KEYS.filter((k) => k !== 'byCheck')
    .map((k) => {
      const lines = report.breakdowns[k];
      return `<h3>${escapeHtml(BREAKDOWN_TITLES[k])}</h3>${
        lines.length
          ? table(
              ['', ...BREAKDOWN_COLUMNS],
              lines.map((l) => [lineLabel(l), ...lineCells(l)]),
              k,
            )
          : '<p>No data for this breakdown in the export.</p>'
      }`;
    })
    .join('');
  const history = report.history.map((h) => [
    h.batchId,
    h.asOf,
    h.closedAt,
    h.recordsReviewed,
    h.recordsFlagged,
    h.recordsCorrected,
    h.recordsFlaggedAgain,
    `${percent(h.routingExceptionRate)}%`,
  ]);
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>CRM Review Gate report: ${escapeHtml(s.batchId)}</title>
<style>
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;color:#202124;max-width:1040px;margin:24px auto;padding:0 16px}
h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:28px 0 8px;border-bottom:1px solid #dadce0;padding-bottom:4px}h3{font-size:14px;margin:18px 0 6px}
table{border-collapse:collapse;margin:6px 0;font-size:13px;display:block;overflow-x:auto;max-width:100%}svg{max-width:100%;height:auto}th,td{border:1px solid #dadce0;padding:3px 8px;text-align:left;vertical-align:top}th{background:#f1f3f4}td.n{text-align:right}
.rate{font-size:28px;font-weight:600}.note{background:#fef7e0;padding:8px 12px;border-radius:4px}.kind{display:inline-block;min-width:64px;font-weight:600;text-transform:uppercase;font-size:11px;color:#5f6368}
#patterns li{margin:4px 0}.muted{color:#5f6368}
</style></head><body>
<h1>CRM Review Gate: routing and hygiene review</h1>
<p class="muted">${escapeHtml(`${s.preset ? `${s.preset}, ` : ''}batch ${s.batchId}, review date ${s.asOf}, pulled ${s.pulledAt}`)}</p>
<p><span class="rate" id="rate">${escapeHtml(formatRate(s.routingExceptionRate))}</span> routing exception rate (${escapeHtml(s.recordsCorrected)} of ${escapeHtml(s.recordsReviewed)} records needed a correction)</p>
<p id="trend-text">${escapeHtml(report.trendText)}</p>
${report.message ? `<p class="note" id="message">${escapeHtml(report.message)}</p>` : ''}
<h2>Summary</h2>
${table(['Metric', 'Value'], metrics, 'summary')}
<h2>Patterns: what to change</h2>
${patterns}
<h2>Trend</h2>
${trendSvg(report.trend)}
<h2>Breakdowns</h2>
<h3>By check</h3>
${table(['Check', 'Proposals', 'Approved', 'Rejected', 'Escalated', 'Pending', 'Rejection share'], perCheck, 'byCheck')}
${s.checksSkipped?.length ? `<p class="note" id="skipped">${escapeHtml(`Checks skipped (the routing exception rate is partial): ${s.checksSkipped.map((k) => `${k.check} (${k.reason})`).join('; ')}.`)}</p>` : ''}
${breakdowns}
<h2>Findings</h2>
${listed.length ? `<p class="muted">${escapeHtml(rows.length > listed.length ? `The first ${listed.length} of ${rows.length} proposals, High severity first; the Review tab (review.csv) lists them all.` : `All ${rows.length} proposals.`)}</p>${table(['Issue ID', 'Record ID', 'Check', 'Severity', 'Field', 'Current value', 'Proposed value', 'Decision', 'Rules'], listed, 'findings')}` : '<p id="findings">No proposals in this batch.</p>'}
<h2>Batch history</h2>
${history.length ? table(['Batch', 'Review date', 'Closed at', 'Records reviewed', 'Records flagged', 'Records corrected', 'Flagged again after a correction', 'Routing exception rate'], history, 'history') : '<p>No batch has been closed yet.</p>'}
</body></html>
`;
}
