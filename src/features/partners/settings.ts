import { z } from 'zod';

/**
 * Operator-managed partner settings. Names follow the seeds (`enable_wholesale_delayed_billing`);
 * `package_quantity_max` is the largest quantity the partner may set on a package.
 */
export const PartnerSettingsSchema = z
  .object({
    enable_wholesale_delayed_billing: z.boolean().optional(),
    package_quantity_max: z.number().int().min(1).nullable().optional(),
    advanced_branding: z.object({
      logoUrl: z.url().max(2048).optional(),
      primaryColor: z.string().regex(/^#[0-9a-fA-F]{6}$/).optional(),
    }).strict().nullable().optional().describe('The partner\'s advanced branding, applied to its customer orgs (seed 003).'),
  })
  .strict()
  .meta({ id: 'PartnerSettings' });

export type PartnerSettings = {
  enable_wholesale_delayed_billing: boolean;
  package_quantity_max: number | null;
  advanced_branding: { logoUrl?: string; primaryColor?: string } | null;
};

export function readSettings(raw: Record<string, unknown>): PartnerSettings {
  return {
    enable_wholesale_delayed_billing: raw.enable_wholesale_delayed_billing === true,
    package_quantity_max: typeof raw.package_quantity_max === 'number' ? raw.package_quantity_max : null,
    advanced_branding: raw.advanced_branding && typeof raw.advanced_branding === 'object' ? (raw.advanced_branding as PartnerSettings['advanced_branding']) : null,
  };
}
