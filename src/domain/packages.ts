/** Package names and the rules between them (reference facts §3.3–§3.4, seed 004). */
export const CUSTOMER_PACKAGES = [
  'common_area_calling',
  'webex_calling',
  'webex_meetings',
  'webex_suite',
  'webex_voice',
  'cx_essentials',
  'webex_calling_standard',
  'cisco_calling_plan',
  'attendant_console',
  'cx_premium_agent',
  'cx_standard_agent',
  'cx_voice_ports',
  'cx_ai_assistant',
  'webex_ai_agent',
] as const;
export type CustomerPackage = (typeof CUSTOMER_PACKAGES)[number];

export const SUBSCRIBER_PACKAGES = [
  'webex_calling',
  'webex_meetings',
  'webex_suite',
  'webex_voice',
  'cx_essentials',
  'webex_calling_standard',
  'attendant_console',
  'cx_premium_agent',
  'cx_standard_agent',
] as const satisfies readonly CustomerPackage[];

/** Packages that need a calling location on the customer (and a number on the subscriber). */
export const CALLING_PACKAGES: ReadonlySet<CustomerPackage> = new Set<CustomerPackage>([
  'common_area_calling',
  'webex_calling',
  'webex_suite',
  'webex_voice',
  'cx_essentials',
  'webex_calling_standard',
]);

/** Packages whose provisioning creates a Meetings site. */
export const MEETINGS_PACKAGES: ReadonlySet<CustomerPackage> = new Set<CustomerPackage>([
  'webex_meetings',
  'webex_suite',
]);

/**
 * Add-ons and the base packages they need; "dependent on" in the reference is read as "at
 * least one of", since a user holds exactly one base package.
 */
export const PACKAGE_DEPENDENCIES: Partial<Record<CustomerPackage, readonly CustomerPackage[]>> = {
  cisco_calling_plan: [
    'common_area_calling',
    'webex_calling',
    'webex_suite',
    'webex_voice',
    'cx_essentials',
    'webex_calling_standard',
  ],
  attendant_console: ['webex_calling', 'webex_suite', 'cx_essentials'],
};

/**
 * Packages that may carry a quantity limit: those assignable to a user or a workspace (seed 004:
 * "not available for packages and add-ons that are not assignable to a user or workspace, such
 * as Cisco Calling Plan"). These are the keys of the reference `limits` object plus the two
 * user-assignable contact-center packages added in 2026.
 */
export const QUANTITY_PACKAGES: ReadonlySet<CustomerPackage> = new Set<CustomerPackage>([
  'common_area_calling',
  ...SUBSCRIBER_PACKAGES,
]);

/** Licence SKU per package, used inside licence ids. */
export const PACKAGE_SKUS: Record<CustomerPackage, string> = {
  common_area_calling: 'WXCA',
  webex_calling: 'SLWCA',
  webex_meetings: 'SLWMT',
  webex_suite: 'SLWST',
  webex_voice: 'SLWVO',
  cx_essentials: 'SLCXE',
  webex_calling_standard: 'SLWCS',
  cisco_calling_plan: 'SLCCP',
  attendant_console: 'SLWAC',
  cx_premium_agent: 'SLCCP_PA',
  cx_standard_agent: 'SLCCP_SA',
  cx_voice_ports: 'SLCCVP',
  cx_ai_assistant: 'SLCCAI',
  webex_ai_agent: 'SLWAIA',
};

export const isCallingPackage = (p: string): boolean => CALLING_PACKAGES.has(p as CustomerPackage);
export const isMeetingsPackage = (p: string): boolean => MEETINGS_PACKAGES.has(p as CustomerPackage);

/** Missing dependencies, as `[addOn, neededOneOf]` pairs. */
export function missingDependencies(
  packages: readonly string[],
): Array<[CustomerPackage, readonly CustomerPackage[]]> {
  const have = new Set(packages);
  const out: Array<[CustomerPackage, readonly CustomerPackage[]]> = [];
  for (const [addOn, needs] of Object.entries(PACKAGE_DEPENDENCIES) as Array<
    [CustomerPackage, readonly CustomerPackage[]]
  >) {
    if (have.has(addOn) && !needs.some((n) => have.has(n))) out.push([addOn, needs]);
  }
  return out;
}
