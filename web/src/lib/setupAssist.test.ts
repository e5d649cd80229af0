import { describe, expect, it } from 'vitest';
import type { Customer } from '../api/client';
import { checkSetupAssist, earliestDate, emptySetupAssist, toSetupAssistInput } from './setupAssist';

describe('Wholesale Setup Assist request', () => {
  it('needs a contact, a customer, some help and a date not in the past', () => {
    const p = checkSetupAssist(emptySetupAssist(), '2026-05-01');
    expect(Object.keys(p).sort()).toEqual(['contactEmail', 'contactName', 'customerName', 'preferredDate', 'services']);
    const ok = { ...emptySetupAssist(), contactName: 'Pat', contactEmail: 'pat@partner.example', customerName: 'New Co', services: ['other' as const], preferredDate: '2026-05-01' };
    expect(checkSetupAssist(ok, '2026-05-01')).toEqual({});
    expect(checkSetupAssist({ ...ok, preferredDate: '2026-04-30' }, '2026-05-01').preferredDate?.key).toBe('setupAssist.datePast');
    expect(checkSetupAssist({ ...ok, contactEmail: 'pat' }, '2026-05-01').contactEmail?.key).toBe('validation.email');
    expect(checkSetupAssist({ ...ok, customerName: '', customerId: 'c1' }, '2026-05-01')).toEqual({});
  });

  it('takes the later of the local and the UTC date as today', () => {
    // 23:30 UTC on 1 May is 2 May in Tokyo and still 1 May in UTC: either way, not before the server's today.
    expect(earliestDate(new Date('2026-05-01T23:30:00Z')) >= '2026-05-01').toBe(true);
  });

  it('sends the chosen customer by id and name, the services in order, and leaves out empty options', () => {
    const acme = { id: 'c1', externalId: 'acme-1', customerInfo: { name: 'Acme' } } as Customer;
    const body = toSetupAssistInput(
      { ...emptySetupAssist('c1'), contactName: ' Pat ', contactEmail: 'pat@partner.example', services: ['other', 'number_porting'], preferredDate: '2026-05-01' },
      [acme],
    );
    expect(body).toEqual({
      customerId: 'c1', customerName: 'Acme', contactName: 'Pat', contactEmail: 'pat@partner.example',
      services: ['number_porting', 'other'], preferredDate: '2026-05-01',
    });
  });
});
