import type { FieldRule } from '../api/errors';
import type { Template, TemplateInput } from '../api/client';
import { isEmail } from './domain';

/** The Create template wizard's values (seeds 002/004), and their mapping to the API. */
export type TemplateForm = {
  name: string;
  serviceProviderAdminEmail: string;
  country: string;
  defaultEmailLanguage: string;
  wholesaleSubscriptionId: string;
  pstnProvider: string;
  authMethod: 'webex' | 'partner_saml' | 'partner_oidc';
  idpEntityId: string;
  brandName: string;
  allowAdminInviteEmailsOnAttach: boolean;
  allowWebexToWebexCalls: boolean;
};

export const emptyTemplate = (): TemplateForm => ({
  name: '',
  serviceProviderAdminEmail: '',
  country: '',
  defaultEmailLanguage: '',
  wholesaleSubscriptionId: '',
  pstnProvider: '',
  authMethod: 'webex',
  idpEntityId: '',
  brandName: '',
  allowAdminInviteEmailsOnAttach: false,
  // Seed 004: "Par défaut, cette option est désactivée" (README: choices).
  allowWebexToWebexCalls: false,
});

export const fromTemplate = (t: Template): TemplateForm => ({
  name: t.name,
  serviceProviderAdminEmail: t.serviceProviderAdminEmail,
  country: t.country,
  defaultEmailLanguage: t.defaultEmailLanguage,
  wholesaleSubscriptionId: t.wholesaleSubscriptionId,
  pstnProvider: t.pstnProvider ?? '',
  authMethod: t.authentication.method,
  idpEntityId: t.authentication.idpEntityId ?? '',
  brandName: t.emailSettings.brandName ?? '',
  allowAdminInviteEmailsOnAttach: t.emailSettings.allowAdminInviteEmailsOnAttach,
  allowWebexToWebexCalls: t.callingSettings.allowWebexToWebexCalls,
});

export function toInput(f: TemplateForm): TemplateInput {
  const brandName = f.brandName.trim();
  return {
    name: f.name.trim(),
    serviceProviderAdminEmail: f.serviceProviderAdminEmail.trim(),
    country: f.country,
    defaultEmailLanguage: f.defaultEmailLanguage,
    wholesaleSubscriptionId: f.wholesaleSubscriptionId.trim(),
    pstnProvider: f.pstnProvider.trim() || null,
    authentication: f.authMethod === 'webex' ? { method: 'webex' } : { method: f.authMethod, idpEntityId: f.idpEntityId.trim() },
    emailSettings: { ...(brandName ? { brandName } : {}), allowAdminInviteEmailsOnAttach: f.allowAdminInviteEmailsOnAttach },
    callingSettings: { allowWebexToWebexCalls: f.allowWebexToWebexCalls },
  };
}

/** Which field an API error belongs to (the step is found from the field). */
export const TEMPLATE_RULES: FieldRule[] = [
  { field: 'name', paths: ['name'], codes: [1001, 1002, 1003] },
  { field: 'name', codes: [8001] },
  { field: 'serviceProviderAdminEmail', paths: ['serviceProviderAdminEmail'] },
  { field: 'country', paths: ['country'] },
  { field: 'defaultEmailLanguage', paths: ['defaultEmailLanguage'] },
  { field: 'wholesaleSubscriptionId', paths: ['wholesaleSubscriptionId'] },
  { field: 'pstnProvider', paths: ['pstnProvider'] },
  { field: 'idpEntityId', paths: ['authentication.idpEntityId', 'idpEntityId'] },
  { field: 'idpEntityId', codes: [8003] },
  { field: 'authMethod', paths: ['authentication.method', 'authentication'] },
  { field: 'brandName', paths: ['emailSettings.brandName'] },
];

export const TEMPLATE_STEP_FIELDS: Record<string, number> = {
  name: 1, serviceProviderAdminEmail: 1, country: 1, defaultEmailLanguage: 1, wholesaleSubscriptionId: 1, pstnProvider: 1,
  authMethod: 2, idpEntityId: 2,
  brandName: 3, allowAdminInviteEmailsOnAttach: 3, allowWebexToWebexCalls: 3,
};

/** The portal's own checks per step: the key of a message per field. */
export function checkTemplateStep(step: number, f: TemplateForm): Record<string, string> {
  const p: Record<string, string> = {};
  if (step === 1) {
    if (!f.name.trim()) p.name = 'validation.required';
    else if (f.name.trim().length > 100) p.name = 'validation.tooLong100';
    if (!f.serviceProviderAdminEmail.trim()) p.serviceProviderAdminEmail = 'validation.required';
    else if (!isEmail(f.serviceProviderAdminEmail.trim())) p.serviceProviderAdminEmail = 'validation.email';
    if (!f.country) p.country = 'validation.required';
    if (!f.defaultEmailLanguage) p.defaultEmailLanguage = 'validation.required';
    if (!f.wholesaleSubscriptionId.trim()) p.wholesaleSubscriptionId = 'validation.required';
  }
  if (step === 2 && f.authMethod !== 'webex' && !f.idpEntityId.trim()) p.idpEntityId = 'validation.required';
  return p;
}
