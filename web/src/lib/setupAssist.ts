import type { Customer, Schemas } from '../api/client';
import type { FieldRule } from '../api/errors';
import type { Problem } from './address';
import { isEmail } from './domain';

/**
 * The Wholesale Setup Assist request form (seeds 000/002/004, "What to do next": optional): who
 * to contact, the customer (one of the partner's, or a name), the help wanted, details and a
 * preferred date.
 */
export type SetupAssistRequest = Schemas['SetupAssistRequest'];
export type SetupAssistService = SetupAssistRequest['services'][number];

export const SERVICES: readonly SetupAssistService[] = [
  'customer_onboarding', 'number_porting', 'device_setup', 'user_training', 'calling_configuration', 'other',
];

export type SetupAssistForm = {
  contactName: string;
  contactEmail: string;
  contactPhone: string;
  /** One of the partner's customers; empty: the typed `customerName`. */
  customerId: string;
  customerName: string;
  services: SetupAssistService[];
  details: string;
  preferredDate: string;
};

export const emptySetupAssist = (customerId = ''): SetupAssistForm => ({
  contactName: '',
  contactEmail: '',
  contactPhone: '',
  customerId,
  customerName: '',
  services: [],
  details: '',
  preferredDate: '',
});

const ymd = (d: Date, utc: boolean) =>
  utc
    ? d.toISOString().slice(0, 10)
    : `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;

/** The earliest date the API takes: today, where both the user and the server (UTC) agree it is not past. */
export function earliestDate(now = new Date()): string {
  const local = ymd(now, false);
  const utc = ymd(now, true);
  return local > utc ? local : utc;
}

export const customerLabel = (c: Customer): string => c.customerInfo?.name || c.externalId;

export function checkSetupAssist(f: SetupAssistForm, earliest: string): Record<string, Problem> {
  const p: Record<string, Problem> = {};
  const text = (field: 'contactName' | 'customerName' | 'contactPhone' | 'details', max: number, required: boolean) => {
    const v = f[field].trim();
    if (required && !v) p[field] = { key: 'validation.required' };
    else if (v.length > max) p[field] = { key: 'validation.tooLong', values: { max } };
  };
  text('contactName', 255, true);
  const email = f.contactEmail.trim();
  if (!email) p.contactEmail = { key: 'validation.required' };
  else if (!isEmail(email)) p.contactEmail = { key: 'validation.email' };
  text('contactPhone', 40, false);
  if (!f.customerId) text('customerName', 255, true);
  if (f.services.length === 0) p.services = { key: 'setupAssist.chooseService' };
  text('details', 4000, false);
  if (!f.preferredDate) p.preferredDate = { key: 'validation.required' };
  else if (!/^\d{4}-\d{2}-\d{2}$/.test(f.preferredDate)) p.preferredDate = { key: 'setupAssist.dateFormat' };
  else if (f.preferredDate < earliest) p.preferredDate = { key: 'setupAssist.datePast' };
  return p;
}

export type SetupAssistInput = Omit<SetupAssistRequest, 'id' | 'created' | 'partnerName'>;

export function toSetupAssistInput(f: SetupAssistForm, customers: readonly Customer[]): SetupAssistInput {
  const customer = f.customerId ? customers.find((c) => c.id === f.customerId) : undefined;
  const phone = f.contactPhone.trim();
  const details = f.details.trim();
  return {
    ...(f.customerId ? { customerId: f.customerId } : {}),
    customerName: customer ? customerLabel(customer) : f.customerName.trim(),
    contactName: f.contactName.trim(),
    contactEmail: f.contactEmail.trim(),
    ...(phone ? { contactPhone: phone } : {}),
    services: SERVICES.filter((s) => f.services.includes(s)),
    ...(details ? { details } : {}),
    preferredDate: f.preferredDate,
  };
}

export const SETUP_ASSIST_RULES: FieldRule[] = [
  { field: 'contactName', paths: ['contactName'] },
  { field: 'contactEmail', paths: ['contactEmail'] },
  { field: 'contactPhone', paths: ['contactPhone'] },
  { field: 'customerName', paths: ['customerName'] },
  { field: 'customerId', paths: ['customerId'] },
  // The only 404 of this request: the chosen customer is gone.
  { field: 'customerId', codes: [4004] },
  { field: 'services', paths: ['services'] },
  { field: 'details', paths: ['details'] },
  { field: 'preferredDate', paths: ['preferredDate'] },
];
