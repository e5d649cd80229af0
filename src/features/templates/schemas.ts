import { z } from 'zod';
import { ErrorItemSchema, emailString, text } from '../../http/common-schemas.ts';

const AuthenticationSchema = z.object({
  method: z
    .enum(['webex', 'partner_saml', 'partner_oidc'])
    .default('webex')
    .describe(
      'webex: Webex Common Identity (default); partner_saml: the partner SAML IdP; partner_oidc: the partner OpenID Connect IdP.',
    ),
  idpEntityId: text(1024)
    .optional()
    .describe('SAML: the EntityID from the IdP metadata XML. OIDC: the IdP name. Required for partner methods.'),
});

export const TemplateInputSchema = z
  .object({
    name: text(100).describe('Template name, unique per partner.'),
    serviceProviderAdminEmail: emailString.describe('Service provider administrator.'),
    country: z.string().describe('Country or region, ISO 3166-1 alpha-2.'),
    defaultEmailLanguage: z.string().describe('Default email language: a supported locale (xx or xx_YY).'),
    wholesaleSubscriptionId: text(100).describe('Wholesale subscription.'),
    pstnProvider: text(200)
      .nullable()
      .optional()
      .describe('Optional cloud-connected PSTN provider. Not recommended: see the warning in the response.'),
    authentication: AuthenticationSchema.default({ method: 'webex' }),
    emailSettings: z
      .object({
        brandName: text(100).optional().describe('Brand name used in all onboarding emails.'),
        allowAdminInviteEmailsOnAttach: z
          .boolean()
          .default(false)
          .describe('Allow admin invite emails when attaching to existing organizations (off by default).'),
      })
      .default({ allowAdminInviteEmailsOnAttach: false }),
    callingSettings: z
      .object({
        allowWebexToWebexCalls: z
          .boolean()
          .default(false)
          .describe('Allow Webex to Webex (non-PSTN) calls (off by default, as seed 004 says).'),
      })
      .default({ allowWebexToWebexCalls: false }),
  })
  .meta({ id: 'TemplateInput' });
export type TemplateInput = z.infer<typeof TemplateInputSchema>;

export const TemplateSchema = z
  .object({
    id: z.string(),
    provisioningId: z.string().describe('Use as provisioningId when provisioning a customer.'),
    name: z.string(),
    serviceProviderAdminEmail: z.string(),
    country: z.string(),
    defaultEmailLanguage: z.string(),
    wholesaleSubscriptionId: z.string(),
    pstnProvider: z.string().optional(),
    authentication: z.object({ method: z.enum(['webex', 'partner_saml', 'partner_oidc']), idpEntityId: z.string().optional() }),
    emailSettings: z.object({ brandName: z.string().optional(), allowAdminInviteEmailsOnAttach: z.boolean() }),
    callingSettings: z.object({ allowWebexToWebexCalls: z.boolean() }),
    warnings: z.array(ErrorItemSchema).optional(),
    customerCount: z.number().int().describe('Customers provisioned with this template.'),
    created: z.string(),
    updated: z.string(),
  })
  .meta({ id: 'OnboardingTemplate' });
export type Template = z.infer<typeof TemplateSchema>;

export const TemplateListSchema = z.object({ items: z.array(TemplateSchema) }).meta({ id: 'OnboardingTemplateList' });
