import type { Rules } from './rules';

/**
 * The data boundary. Only approved headers cross; a header that matches a blocked pattern never
 * does, even when approved. Everything downstream (checks, tabs, logs, exports, messages) sees only
 * what this module lets through, so the boundary holds by construction rather than by care.
 */

/** Built-in blocked header patterns: free text, secrets and personal identifiers. */
export const BUILTIN_BLOCKED_PATTERNS: readonly { pattern: RegExp; reason: string }[] = [
  { pattern: /\bnotes?\b|\bdescription\b|\bcomments?\b|\bremarks?\b/, reason: 'free-text notes' },
  { pattern: /transcript|recording|\bcall (body|summary|notes?)\b|\bmeeting (body|notes?|summary)\b|\bemail (body|content|text)\b|\bmessage (body|content)\b/, reason: 'conversation content' },
  { pattern: /\bssn\b|social security|national (id|insurance|identity)|\bnin\b|\bpassport\b|tax ?(id|number|file)|\btin\b|\bvat (id|number)\b/, reason: 'government identifier' },
  { pattern: /date of birth|\bdob\b|birth ?date|\bbirthday\b/, reason: 'date of birth' },
  { pattern: /password|passcode|\bpin\b|\btoken\b|\bsecret\b|api ?key|access ?key|private ?key|credential/, reason: 'secret or credential' },
  { pattern: /card ?(number|no)|credit ?card|\bcvv\b|\bcvc\b|\biban\b|\bbank\b|account number|sort code|routing number|\bswift\b|\bbic\b/, reason: 'payment or bank detail' },
  { pattern: /salary|compensation|\bwage\b|\bincome\b/, reason: 'compensation' },
  { pattern: /private|confidential|strategy|negotiation/, reason: 'confidential business content' },
];

/** Header text as patterns see it: lower case, punctuation and camel case split into words. */
export function headerWords(header: string): string {
  return header
    .replace(/__c$/i, '')
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/[_\-./]+/g, ' ')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}

export type ColumnDecision = { header: string; index: number; kept: true } | { header: string; index: number; kept: false; reason: string };

function matchesTeamPattern(words: string, raw: string, pattern: string): boolean {
  const p = pattern.trim().toLowerCase();
  if (!p) return false;
  if (p.includes('*')) {
    const re = new RegExp(`^${p.split('*').map((s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
    return re.test(raw.toLowerCase()) || re.test(words);
  }
  return raw.toLowerCase() === p || words.includes(headerWords(p));
}

/** Decide, for each header, whether it crosses the boundary and, if not, why. */
export function decideColumns(headers: readonly string[], rules: Pick<Rules, 'approvedFields' | 'blockedFields'>): ColumnDecision[] {
  const approved = new Set(rules.approvedFields.map((h) => h.trim().toLowerCase()));
  return headers.map((header, index) => {
    const words = headerWords(header);
    const builtin = BUILTIN_BLOCKED_PATTERNS.find((b) => b.pattern.test(words));
    if (builtin) return { header, index, kept: false, reason: `blocked: ${builtin.reason}` };
    const team = rules.blockedFields.find((p) => matchesTeamPattern(words, header, p));
    if (team !== undefined) return { header, index, kept: false, reason: `blocked by the team's pattern "${team}"` };
    if (!approved.has(header.trim().toLowerCase())) return { header, index, kept: false, reason: 'not an approved field' };
    return { header, index, kept: true };
  });
}

/** Whether a header may be written by a proposal: approved and not blocked. */
export function isHeaderAllowed(header: string, rules: Pick<Rules, 'approvedFields' | 'blockedFields'>): boolean {
  const decision = decideColumns([header], rules)[0];
  return decision !== undefined && decision.kept;
}
