import { placeKey } from './countries';

/**
 * US states, the District of Columbia and the inhabited territories with their two-letter codes, as
 * listed by USPS Publication 28 (Appendix B, State and Possession Abbreviations). Armed-forces codes
 * (AA, AE, AP) are left out: they are not states a CRM record sits in.
 */
const US_STATES =
  'AL Alabama|AK Alaska|AZ Arizona|AR Arkansas|CA California|CO Colorado|CT Connecticut|DE Delaware|' +
  'DC District of Columbia|FL Florida|GA Georgia|HI Hawaii|ID Idaho|IL Illinois|IN Indiana|IA Iowa|KS Kansas|KY Kentucky|' +
  'LA Louisiana|ME Maine|MD Maryland|MA Massachusetts|MI Michigan|MN Minnesota|MS Mississippi|MO Missouri|MT Montana|' +
  'NE Nebraska|NV Nevada|NH New Hampshire|NJ New Jersey|NM New Mexico|NY New York|NC North Carolina|ND North Dakota|' +
  'OH Ohio|OK Oklahoma|OR Oregon|PA Pennsylvania|RI Rhode Island|SC South Carolina|SD South Dakota|TN Tennessee|' +
  'TX Texas|UT Utah|VT Vermont|VA Virginia|WA Washington|WV West Virginia|WI Wisconsin|WY Wyoming|' +
  'AS American Samoa|GU Guam|MP Northern Mariana Islands|PR Puerto Rico|VI U.S. Virgin Islands|UM U.S. Minor Outlying Islands';

export interface UsState {
  code: string;
  name: string;
}
export type UsStateForm = (typeof US_STATE_FORMS)[number];
export const US_STATE_FORMS = ['code', 'name'] as const;

let index: Map<string, UsState> | undefined;

export function findUsState(value: string): UsState | undefined {
  if (!index) {
    index = new Map();
    for (const entry of US_STATES.split('|')) {
      const state = { code: entry.slice(0, 2), name: entry.slice(3) };
      index.set(placeKey(state.code), state);
      index.set(placeKey(state.name), state);
    }
    index.set('washington dc', index.get('dc')!);
    index.set('virgin islands', index.get('vi')!);
  }
  return index.get(placeKey(value));
}

export function usStateIn(state: UsState, form: UsStateForm): string {
  return form === 'name' ? state.name : state.code;
}
