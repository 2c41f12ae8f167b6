/**
 * Company legal forms at the end of a company name, and the one spelling the standard keeps. The
 * abbreviations follow the ISO 20275 Entity Legal Forms (ELF) code list as GLEIF publishes it (e.g.
 * "GmbH", "B.V.", "S.p.A.", "Pty Ltd"); "Inc.", "Corp." and "Ltd" follow US and UK usage. Only spellings
 * of the same form are unified: "Incorporated" becomes "Inc." and "Limited" "Ltd", but "Corporation" and
 * "Company" are left alone (they are often part of the name), and a bare "Spa" is not read as S.p.A.
 * Where the dotted and the undotted abbreviation are both in use ("SA" in Switzerland and France, "S.A."
 * in Spain; "BV" and "B.V."), each keeps its own spelling: only its case is fixed.
 */
const LEGAL_FORMS: Record<string, string> = {
  'Inc.': 'inc|inc.|incorporated',
  'Corp.': 'corp|corp.',
  LLC: 'llc|llc.|l.l.c.|l.l.c',
  LLP: 'llp|llp.|l.l.p.|l.l.p',
  Ltd: 'ltd|ltd.|limited',
  'Co., Ltd.': 'co ltd|co. ltd|co. ltd.|co., ltd|co.,ltd|co.,ltd.|co ltd.',
  PLC: 'plc|plc.|p.l.c.|p.l.c',
  'Pty Ltd': 'pty ltd|pty. ltd.|pty ltd.|pty. ltd|pty limited|pty. limited|proprietary limited',
  GmbH: 'gmbh|gmbh.|g.m.b.h.|g.m.b.h',
  'GmbH & Co. KG': 'gmbh & co kg|gmbh & co. kg|gmbh & co.kg|gmbh und co. kg|gmbh und co kg',
  AG: 'ag|a.g.',
  SA: 'sa',
  'S.A.': 's.a|s.a.',
  SAS: 'sas|s.a.s.|s.a.s',
  SARL: 'sarl|s.a.r.l.|s.a.r.l|s.à r.l.|s.a r.l.|s.à.r.l.',
  BV: 'bv',
  'B.V.': 'b.v|b.v.',
  NV: 'nv',
  'N.V.': 'n.v|n.v.',
  SL: 'sl',
  'S.L.': 's.l|s.l.',
  'S.p.A.': 's.p.a.|s.p.a|spa.',
  'S.r.l.': 'srl|s.r.l|s.r.l.',
  AB: 'ab|a.b.',
  Oy: 'oy',
  'A/S': 'a/s',
};

let variants: [variant: string, canonical: string][] | undefined;

/**
 * The company name with its legal form spelled the standard way ("Acme incorporated" → "Acme Inc.",
 * "Acme, ltd." → "Acme, Ltd"), or undefined when the name ends with no known legal form.
 */
export function standardLegalForm(name: string): string | undefined {
  if (!variants) {
    variants = Object.entries(LEGAL_FORMS).flatMap(([canonical, list]) => list.split('|').map((v) => [v, canonical] as [string, string]));
    variants.sort((a, b) => b[0].length - a[0].length); // "gmbh & co. kg" before "kg"-like tails
  }
  const value = name.trim().replace(/\s+/g, ' ');
  const lower = value.toLowerCase();
  for (const [variant, canonical] of variants) {
    if (lower.length <= variant.length || !lower.endsWith(variant)) continue;
    const before = lower[lower.length - variant.length - 1];
    if (before !== ' ' && before !== ',') continue;
    return value.slice(0, value.length - variant.length) + canonical;
  }
  return undefined;
}
