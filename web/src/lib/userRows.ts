import type { ApiProblem, Subscriber, SubscriberPackage } from '../api/client';
import type { FieldRule } from '../api/errors';
import { extensionProblem, isCalling, isEmail } from './domain';
import { newKey } from './ids';

/** One user of Set up customer › Add users, and what became of it. */
export type UserRow = {
  key: string;
  firstName: string;
  lastName: string;
  email: string;
  pkg: SubscriberPackage | '';
  locationId: string;
  phoneNumber: string;
  extension: string;
  state: 'new' | 'sending' | 'done' | 'failed';
  /** The portal's own check: a message key per field. */
  problems: Record<string, string>;
  problem: ApiProblem | null;
  result: Subscriber | null;
};

export const MAX_ROWS = 25;

export const newRow = (pkg: SubscriberPackage | '' = '', locationId = ''): UserRow => ({
  key: newKey(),
  firstName: '',
  lastName: '',
  email: '',
  pkg,
  locationId,
  phoneNumber: '',
  extension: '',
  state: 'new',
  problems: {},
  problem: null,
  result: null,
});

/** Checks a row against the API's rules and against the other rows (same email, number or extension twice). */
export function checkRow(row: UserRow, others: UserRow[], locationCount: number): Record<string, string> {
  const p: Record<string, string> = {};
  if (!row.firstName.trim()) p.firstName = 'validation.required';
  if (!row.lastName.trim()) p.lastName = 'validation.required';
  const email = row.email.trim().toLowerCase();
  if (!email) p.email = 'validation.required';
  else if (!isEmail(email)) p.email = 'validation.email';
  else if (others.some((o) => o.email.trim().toLowerCase() === email)) p.email = 'users.duplicateEmail';
  if (!row.pkg) p.pkg = 'validation.required';
  if (row.pkg && isCalling(row.pkg)) {
    if (locationCount > 1 && !row.locationId) p.locationId = 'validation.required';
    const ext = row.extension.trim();
    if (!row.phoneNumber && !ext) p.phoneNumber = 'users.numberOrExtension';
    if (row.phoneNumber && others.some((o) => o.phoneNumber === row.phoneNumber)) p.phoneNumber = 'users.duplicateNumber';
    if (ext) {
      const bad = extensionProblem(ext);
      if (bad === 'format') p.extension = 'users.extensionFormat';
      else if (bad === 'reserved') p.extension = 'users.extensionReserved';
      else if (others.some((o) => o.extension.trim() === ext)) p.extension = 'users.duplicateExtension';
    }
  }
  return p;
}

export function toSubscriberInput(customerId: string, row: UserRow) {
  const calling = row.pkg !== '' && isCalling(row.pkg);
  return {
    customerId,
    email: row.email.trim(),
    packages: [row.pkg as SubscriberPackage],
    provisioningParameters: {
      firstName: row.firstName.trim(),
      lastName: row.lastName.trim(),
      ...(calling && row.locationId ? { locationId: row.locationId } : {}),
      ...(calling && row.phoneNumber ? { primaryPhoneNumber: row.phoneNumber } : {}),
      ...(calling && row.extension.trim() ? { extension: row.extension.trim() } : {}),
    },
  };
}

const PP = 'provisioningParameters';
export const USER_RULES: FieldRule[] = [
  { field: 'firstName', paths: [`${PP}.firstName`, 'firstName'] },
  { field: 'firstName', codes: [5050] },
  { field: 'lastName', paths: [`${PP}.lastName`, 'lastName'] },
  { field: 'email', paths: ['email'] },
  { field: 'email', codes: [10022, 6004] },
  { field: 'pkg', paths: ['packages', 'package'], codes: [1001, 1002, 1003] },
  { field: 'pkg', codes: [5001, 5002, 5011, 5012, 5030, 5040, 5041, 5010] },
  { field: 'locationId', paths: [`${PP}.locationId`, 'locationId'] },
  { field: 'locationId', codes: [5025, 5026, 5027] },
  { field: 'phoneNumber', paths: [`${PP}.primaryPhoneNumber`, 'primaryPhoneNumber'] },
  { field: 'phoneNumber', codes: [5020, 5021, 7012, 7013, 7015] },
  { field: 'extension', paths: [`${PP}.extension`, 'extension'] },
  { field: 'extension', codes: [5022, 5023, 5024] },
];
