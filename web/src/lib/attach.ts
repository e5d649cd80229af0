import type { Schemas } from '../api/client';
import type { Problem } from './address';

/**
 * Seed 003: "Create wholesale customer" starts from the customer administrator's email. The
 * existing organizations that match it (suggested first) can take the wholesale services; or the
 * partner chooses a new organization.
 */
export type OrgMatch = Schemas['ExistingOrganizationMatch'];

/** The choice on the Customer email screen: an existing org's id, or a new organization. */
export const NEW_ORG = 'new';

/** Why an organization cannot be chosen (an i18n key), or null when it can. */
export function unavailableReason(m: OrgMatch): string | null {
  if (m.trial) return 'attach.trial';
  if (m.alreadyYourCustomer) return 'attach.alreadyYours';
  return null;
}

/** The suggested organization when it can be chosen; otherwise nothing is chosen for the partner. */
export function defaultChoice(items: OrgMatch[]): string {
  if (items.length === 0) return NEW_ORG;
  const suggested = items.find((m) => m.suggested);
  return suggested && !unavailableReason(suggested) ? suggested.orgId : '';
}

/** The chosen existing organization, or undefined for a new one (or no valid choice). */
export function chosenOrg(items: OrgMatch[], choice: string): OrgMatch | undefined {
  const m = items.find((x) => x.orgId === choice);
  return m && !unavailableReason(m) ? m : undefined;
}

/** The choice must be a new organization or one that can be attached. */
export function checkChoice(items: OrgMatch[], choice: string): Problem | null {
  if (choice === NEW_ORG || chosenOrg(items, choice)) return null;
  return { key: 'attach.chooseOne' };
}

/** The suggested organization first, then as the API ordered them. */
export function suggestedFirst(items: OrgMatch[]): OrgMatch[] {
  return [...items.filter((m) => m.suggested), ...items.filter((m) => !m.suggested)];
}

export const APPROVAL_REASONS = ['users_100_or_more', 'verified_domain', 'claimed_domain'] as const;
