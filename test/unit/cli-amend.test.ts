// `unseal amend` keeps every field the operator does not give, so amending the reason cannot
// silently widen the unseal window or lower the severity.
import { describe, expect, it } from 'vitest';
import type { RequestInput } from '../../shared/api/contract.js';
import { amendRequest } from '../../cli/commands/request-flow.js';

const current: RequestInput = { ticket: 'INC-1', reason: 'IdP outage', severity: 'sev1', scope: ['a', 'b'], durationMinutes: 15, policyId: 'standard' };

describe('unseal amend request', () => {
  it('keeps fields that are not given', () => {
    expect(amendRequest(current, { reason: 'IdP outage, second region' })).toEqual({ ...current, reason: 'IdP outage, second region' });
  });

  it('replaces the fields that are given', () => {
    const amended = amendRequest(current, { scope: ['c'], duration: 30, severity: 'sev2' });
    expect(amended.scope).toEqual(['c']);
    expect(amended.durationMinutes).toBe(30);
    expect(amended.severity).toBe('sev2');
    expect(amended.ticket).toBe('INC-1');
  });
});
