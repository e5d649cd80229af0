import { describe, expect, it } from 'vitest';
import { APPROVAL_REASONS, NEW_ORG, checkChoice, chosenOrg, defaultChoice, suggestedFirst, unavailableReason, type OrgMatch } from './attach';
import { STEP, checkCustomerStep, emptyCustomer, stepOfField, toCustomerInput } from './customerForm';
import en from '../i18n/en.json';

const match = (over: Partial<OrgMatch>): OrgMatch => ({
  orgId: 'org-a', name: 'Acme', suggested: false, match: 'domain', approvalRequired: false, approvalReasons: [],
  partnerRights: 'provisioning_admin', trial: false, alreadyYourCustomer: false, ...over,
});

describe('Customer email screen (seed 003)', () => {
  it('puts the suggested organization first and chooses it when it can be attached', () => {
    const items = suggestedFirst([match({ orgId: 'b', name: 'Beta' }), match({ orgId: 'a', suggested: true, match: 'admin' })]);
    expect(items.map((m) => m.orgId)).toEqual(['a', 'b']);
    expect(defaultChoice(items)).toBe('a');
  });

  it('continues as a new organization when nothing matches', () => {
    expect(defaultChoice([])).toBe(NEW_ORG);
  });

  it('never chooses a trial organization or one that is already the partner\'s customer', () => {
    const trial = match({ orgId: 't', suggested: true, trial: true });
    const mine = match({ orgId: 'm', alreadyYourCustomer: true });
    expect(unavailableReason(trial)).toBe('attach.trial');
    expect(unavailableReason(mine)).toBe('attach.alreadyYours');
    expect(defaultChoice([trial, mine])).toBe('');
    expect(chosenOrg([trial, mine], 't')).toBeUndefined();
    expect(checkChoice([trial, mine], 'm')?.key).toBe('attach.chooseOne');
    expect(checkChoice([trial, mine], '')?.key).toBe('attach.chooseOne');
    expect(checkChoice([trial, mine], NEW_ORG)).toBeNull();
    expect(checkChoice([match({})], 'org-a')).toBeNull();
  });

  it('names every approval reason and both rights in English', () => {
    const attach = en.attach as { reason: Record<string, string>; rightsLine: Record<string, string>; rightsName: Record<string, string> };
    for (const r of APPROVAL_REASONS) expect(attach.reason[r], r).toBeTruthy();
    for (const r of ['full_admin', 'provisioning_admin']) {
      expect(attach.rightsLine[r], r).toBeTruthy();
      expect(attach.rightsName[r], r).toBeTruthy();
    }
  });
});

describe('Create wholesale customer request', () => {
  const filled = {
    ...emptyCustomer(), provisioningId: 'P1', name: 'Acme', primaryEmail: ' boss@acme.example ', externalId: 'acme-1', country: 'US',
    packages: ['webex_meetings' as const],
    address: { addressLine1: '1 Main St', addressLine2: '', city: 'Milpitas', stateOrProvince: 'CA', zipOrPostalCode: '95035' },
  };

  it('sends orgId with the customer information when attaching to an existing organization', () => {
    const body = toCustomerInput({ ...filled, orgChoice: 'org-a' });
    expect(body.orgId).toBe('org-a');
    expect(body.customerInfo).toEqual({ name: 'Acme', primaryEmail: 'boss@acme.example' });
  });

  it('sends no orgId for a new organization', () => {
    expect(toCustomerInput({ ...filled, orgChoice: NEW_ORG })).not.toHaveProperty('orgId');
    expect(toCustomerInput({ ...filled, orgChoice: '' })).not.toHaveProperty('orgId');
  });

  it('checks the email first and the supported-location confirmation on the headquarters screen', () => {
    expect(Object.keys(checkCustomerStep(STEP.email, { ...filled, primaryEmail: 'nope' }))).toEqual(['primaryEmail']);
    expect(checkCustomerStep(STEP.info, filled)).toEqual({});
    expect(checkCustomerStep(STEP.headquarters, filled).verified?.key).toBe('customerForm.verifyRequired');
    expect(checkCustomerStep(STEP.headquarters, { ...filled, verified: true })).toEqual({});
    expect(stepOfField('primaryEmail')).toBe(STEP.email);
    expect(stepOfField('orgChoice')).toBe(STEP.email);
    expect(stepOfField('name')).toBe(STEP.info);
    expect(stepOfField('verified')).toBe(STEP.headquarters);
  });
});
