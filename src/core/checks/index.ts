import { duplicateRecord } from './duplicateRecord';
import { lifecycleMismatch } from './lifecycleMismatch';
import { missingRequiredField } from './missingRequiredField';
import { inactiveOwner } from './inactiveOwner';
import { routingException } from './routingException';
import { staleOwner } from './staleOwner';
import { sourceMismatch } from './sourceMismatch';
import { recordRuleViolation } from './recordRuleViolation';
import type { Check, CheckId } from './types';

/** The checks the review runs, in the order their proposals are listed for a record. */
export const CHECKS: readonly { id: CheckId; run: Check }[] = [
  { id: 'missing_required_field', run: missingRequiredField },
  { id: 'inactive_owner', run: inactiveOwner },
  { id: 'stale_owner', run: staleOwner },
  { id: 'duplicate_record', run: duplicateRecord },
  { id: 'lifecycle_mismatch', run: lifecycleMismatch },
  { id: 'source_mismatch', run: sourceMismatch },
  { id: 'routing_exception', run: routingException },
  { id: 'record_rule_violation', run: recordRuleViolation },
];
