import { missingRequiredField } from './missingRequiredField';
import type { Check, CheckId } from './types';

/** The checks the review runs, in the order their proposals are listed for a record. */
export const CHECKS: readonly { id: CheckId; run: Check }[] = [
  { id: 'missing_required_field', run: missingRequiredField },
];
