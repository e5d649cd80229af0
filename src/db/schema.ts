import { sql } from 'drizzle-orm';
import {
  bigserial,
  boolean,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });
const created = () => ts('created').notNull().defaultNow();

export type ErrorItem = { errorCode: number; description: string };

export const partners = pgTable('partners', {
  id: uuid('id').primaryKey(),
  orgId: uuid('org_id').notNull().unique(),
  name: text('name').notNull(),
  adminEmail: text('admin_email').notNull(),
  settings: jsonb('settings').$type<Record<string, unknown>>().notNull().default({}),
  created: created(),
});

export const partnerTokens = pgTable(
  'partner_tokens',
  {
    id: uuid('id').primaryKey(),
    partnerId: uuid('partner_id')
      .notNull()
      .references(() => partners.id, { onDelete: 'cascade' }),
    name: text('name'),
    tokenHash: text('token_hash').notNull().unique(),
    scopes: text('scopes').array().notNull(),
    created: created(),
    revokedAt: ts('revoked_at'),
  },
  (t) => [index('partner_tokens_partner_idx').on(t.partnerId)],
);

export type TemplateAuthentication = {
  method: 'webex' | 'partner_saml' | 'partner_oidc';
  idpEntityId?: string;
};

export const templates = pgTable(
  'templates',
  {
    id: uuid('id').primaryKey(),
    partnerId: uuid('partner_id')
      .notNull()
      .references(() => partners.id, { onDelete: 'cascade' }),
    provisioningId: text('provisioning_id').notNull().unique(),
    name: text('name').notNull(),
    serviceProviderAdminEmail: text('service_provider_admin_email').notNull(),
    country: text('country').notNull(),
    defaultEmailLanguage: text('default_email_language').notNull(),
    wholesaleSubscriptionId: text('wholesale_subscription_id').notNull(),
    pstnProvider: text('pstn_provider'),
    authentication: jsonb('authentication').$type<TemplateAuthentication>().notNull(),
    emailSettings: jsonb('email_settings')
      .$type<{ brandName?: string; allowAdminInviteEmailsOnAttach: boolean }>()
      .notNull(),
    callingSettings: jsonb('calling_settings')
      .$type<{ allowWebexToWebexCalls: boolean }>()
      .notNull(),
    created: created(),
    updated: ts('updated').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('templates_partner_name_uq').on(t.partnerId, t.name),
    index('templates_partner_created_idx').on(t.partnerId, t.created, t.id),
  ],
);

export type CustomerStatus =
  | 'provisioning'
  | 'provisioned'
  | 'provisioned_with_errors'
  | 'updating'
  | 'deleting'
  | 'error'
  | 'pending_rpl_review'
  // Extension: an attach to an existing organization waits for its administrator (seed 003).
  | 'pending_approval';

/** The partner's rights in a customer organization it attached to (seed 003). */
export type PartnerRights = 'full_admin' | 'provisioning_admin';

export const customers = pgTable(
  'customers',
  {
    id: uuid('id').primaryKey(),
    partnerId: uuid('partner_id')
      .notNull()
      .references(() => partners.id, { onDelete: 'cascade' }),
    templateId: uuid('template_id')
      .notNull()
      .references(() => templates.id, { onDelete: 'restrict' }),
    externalId: text('external_id').notNull(),
    // Chosen when the request is accepted so that retried workflow steps create the same org.
    orgId: uuid('org_id').notNull(),
    // True once a provisioning run finished with the org in place; `orgId` is shown from then on.
    orgReady: boolean('org_ready').notNull().default(false),
    status: text('status').$type<CustomerStatus>().notNull(),
    address: jsonb('address').$type<Record<string, string>>().notNull(),
    customerInfo: jsonb('customer_info').$type<Record<string, string>>(),
    provisioningParameters: jsonb('provisioning_parameters').$type<Record<string, unknown>>(),
    packages: text('packages').array().notNull(),
    // Null: an unlimited customer. Otherwise package → limit; see features/customers/quantities.ts.
    packageLimits: jsonb('package_limits').$type<Record<string, number>>(),
    billingStartDate: date('billing_start_date', { mode: 'string' }),
    subPartnerAdminEmail: text('sub_partner_admin_email'),
    migrating: boolean('migrating').notNull().default(false),
    rplReview: text('rpl_review').$type<'pending' | 'approved' | 'rejected'>(),
    /** True when the customer was attached to an organization that existed before (seed 003). */
    attached: boolean('attached').notNull().default(false),
    /** The partner's rights in the org: full admin for orgs it created; see features/orgs/attach.ts. */
    partnerRights: text('partner_rights').$type<PartnerRights>().notNull().default('full_admin'),
    /** The partner's own customer org, attached: further provisioning through the API only. */
    apiOnly: boolean('api_only').notNull().default(false),
    /** The partner set the org to keep its own basic branding instead of the partner's advanced one. */
    keepCustomerBranding: boolean('keep_customer_branding').notNull().default(false),
    errors: jsonb('errors').$type<ErrorItem[]>().notNull().default([]),
    // Incremented on every accepted POST/PUT/DELETE; workflow steps are recorded per run.
    run: integer('run').notNull().default(1),
    created: created(),
    lastStatusChange: ts('last_status_change').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('customers_partner_external_uq').on(t.partnerId, t.externalId),
    uniqueIndex('customers_org_uq').on(t.orgId),
    index('customers_partner_created_idx').on(t.partnerId, t.created, t.id),
  ],
);

export type PackageStatus = 'provisioning' | 'provisioned' | 'deleting' | 'error';

export const customerPackages = pgTable(
  'customer_packages',
  {
    customerId: uuid('customer_id')
      .notNull()
      .references(() => customers.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    status: text('status').$type<PackageStatus>().notNull(),
    warnings: jsonb('warnings').$type<ErrorItem[]>().notNull().default([]),
    errors: jsonb('errors').$type<ErrorItem[]>().notNull().default([]),
    quantityLimit: integer('quantity_limit'),
    assigned: integer('assigned').notNull().default(0),
    created: created(),
  },
  (t) => [primaryKey({ columns: [t.customerId, t.name] })],
);

export const workflowSteps = pgTable(
  'workflow_steps',
  {
    customerId: uuid('customer_id')
      .notNull()
      .references(() => customers.id, { onDelete: 'cascade' }),
    run: integer('run').notNull(),
    step: text('step').notNull(),
    result: jsonb('result').$type<Record<string, unknown>>().notNull().default({}),
    completedAt: ts('completed_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.customerId, t.run, t.step] })],
);

export type OrgAuthentication = { method: 'webex' | 'partner_saml' | 'partner_oidc' | 'customer_sso'; idpEntityId?: string };
export type OrgBranding = { basic: boolean; logoUrl?: string; primaryColor?: string };

/**
 * Organizations: those created for wholesale customers, and the directory of organizations that
 * existed before (`origin = 'directory'`, created or imported by the operator), which a partner
 * may attach wholesale services to.
 */
export const organizations = pgTable('organizations', {
  id: uuid('id').primaryKey(),
  /** The partner managing the org (for a directory org: the partner's own customer org, if any). */
  partnerId: uuid('partner_id').references(() => partners.id, { onDelete: 'cascade' }),
  name: text('name').notNull(),
  region: text('region').notNull(),
  language: text('language'),
  sipDomain: text('sip_domain').unique(),
  origin: text('origin').$type<'wholesale' | 'directory'>().notNull().default('wholesale'),
  trial: boolean('trial').notNull().default(false),
  verifiedDomains: text('verified_domains').array().notNull().default([]),
  claimedDomains: text('claimed_domains').array().notNull().default([]),
  authentication: jsonb('authentication').$type<OrgAuthentication>(),
  branding: jsonb('branding').$type<OrgBranding>().notNull().default({ basic: false }),
  /** "Restricted by partner" admin mode; switched off when a partner attaches (seed 003). */
  restrictedByPartner: boolean('restricted_by_partner').notNull().default(false),
  created: created(),
});

/** Partners that a customer's administrator added as external full administrators. */
export const orgExternalAdmins = pgTable(
  'org_external_admins',
  {
    orgId: uuid('org_id').notNull().references(() => organizations.id, { onDelete: 'cascade' }),
    partnerId: uuid('partner_id').notNull().references(() => partners.id, { onDelete: 'cascade' }),
    grantedBy: text('granted_by').notNull(),
    created: created(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.partnerId] })],
);

export type AttachRequestStatus = 'pending' | 'approved' | 'rejected' | 'expired';

/** An attach that needs the org administrator's approval (seed 003). */
export const attachRequests = pgTable(
  'attach_requests',
  {
    id: uuid('id').primaryKey(),
    customerId: uuid('customer_id').notNull().references(() => customers.id, { onDelete: 'cascade' }),
    orgId: uuid('org_id').notNull().references(() => organizations.id, { onDelete: 'cascade' }),
    partnerId: uuid('partner_id').notNull().references(() => partners.id, { onDelete: 'cascade' }),
    status: text('status').$type<AttachRequestStatus>().notNull(),
    /** Which approval criteria held: users_100_or_more, verified_domain, claimed_domain. */
    reasons: text('reasons').array().notNull(),
    requested: created(),
    expires: ts('expires').notNull(),
    decided: ts('decided'),
    decidedBy: text('decided_by'),
  },
  (t) => [index('attach_requests_org_idx').on(t.orgId, t.status), index('attach_requests_customer_idx').on(t.customerId)],
);

/** Who did what to whom: attach decisions, approvals, rights and consent moves. */
export const auditEvents = pgTable(
  'audit_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    orgId: uuid('org_id'),
    partnerId: uuid('partner_id'),
    customerId: uuid('customer_id'),
    actor: text('actor').notNull(),
    action: text('action').notNull(),
    before: jsonb('before').$type<Record<string, unknown> | null>(),
    after: jsonb('after').$type<Record<string, unknown> | null>(),
    created: created(),
  },
  (t) => [index('audit_events_org_idx').on(t.orgId, t.id), index('audit_events_created_idx').on(t.created, t.id)],
);

/** Control Hub sign-in of a customer's administrators; activated from the invitation mail. */
export const customerAdminAccounts = pgTable(
  'customer_admin_accounts',
  {
    id: uuid('id').primaryKey(),
    orgId: uuid('org_id').notNull().references(() => organizations.id, { onDelete: 'cascade' }),
    email: text('email').notNull().unique(),
    passwordHash: text('password_hash'),
    activationTokenHash: text('activation_token_hash').unique(),
    activationExpires: ts('activation_expires'),
    failedAttempts: integer('failed_attempts').notNull().default(0),
    lockedUntil: ts('locked_until'),
    created: created(),
  },
  (t) => [index('customer_admin_accounts_org_idx').on(t.orgId)],
);

export const controlHubSessions = pgTable(
  'control_hub_sessions',
  {
    tokenHash: text('token_hash').primaryKey(),
    accountId: uuid('account_id').notNull().references(() => customerAdminAccounts.id, { onDelete: 'cascade' }),
    csrfToken: text('csrf_token').notNull(),
    created: created(),
    expires: ts('expires').notNull(),
  },
  (t) => [index('control_hub_sessions_account_idx').on(t.accountId)],
);

export const licenses = pgTable(
  'licenses',
  {
    id: uuid('id').primaryKey(),
    orgId: uuid('org_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    package: text('package').notNull(),
    sku: text('sku').notNull(),
    /** Licences of a directory org can be suspended or cancelled; wholesale ones are active. */
    state: text('state').$type<'active' | 'suspended' | 'cancelled'>().notNull().default('active'),
    /** False for the licences an existing org had before a partner attached to it. */
    wholesale: boolean('wholesale').notNull().default(true),
    created: created(),
  },
  (t) => [index('licenses_org_idx').on(t.orgId, t.package)],
);

export const locations = pgTable(
  'locations',
  {
    id: uuid('id').primaryKey(),
    orgId: uuid('org_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    address: jsonb('address').$type<Record<string, string>>().notNull(),
    timezone: text('timezone').notNull(),
    language: text('language').notNull(),
    emergencyLocationIdentifier: text('emergency_location_identifier'),
    isHeadquarters: boolean('is_headquarters').notNull().default(false),
    e911: jsonb('e911').$type<{ provider: string; status: string; registered: string }>(),
    created: created(),
  },
  (t) => [
    index('locations_org_idx').on(t.orgId),
    uniqueIndex('locations_org_hq_uq').on(t.orgId).where(sql`is_headquarters`),
  ],
);

export const meetingSites = pgTable('meeting_sites', {
  id: uuid('id').primaryKey(),
  orgId: uuid('org_id')
    .notNull()
    .unique()
    .references(() => organizations.id, { onDelete: 'cascade' }),
  siteUrl: text('site_url').notNull().unique(),
  timezone: text('timezone').notNull(),
  defaultDialIn: text('default_dial_in').notNull(),
  created: created(),
});

export const orgAdmins = pgTable(
  'org_admins',
  {
    orgId: uuid('org_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    email: text('email').notNull(),
    role: text('role').notNull(),
    created: created(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.email] })],
);

export const jobs = pgTable(
  'jobs',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    type: text('type').notNull(),
    payload: jsonb('payload').$type<Record<string, unknown>>().notNull(),
    // At most one pending job per key (e.g. one workflow job per customer).
    key: text('key').unique(),
    runAt: ts('run_at').notNull().defaultNow(),
    attempts: integer('attempts').notNull().default(0),
    maxAttempts: integer('max_attempts').notNull(),
    lockedAt: ts('locked_at'),
    lockedBy: text('locked_by'),
    lastError: text('last_error'),
    // Set when the last attempt failed: the job stays for inspection and is never claimed again.
    failedAt: ts('failed_at'),
    created: created(),
  },
  // The claim query orders by (run_at, id) over live jobs: the index must match it.
  (t) => [index('jobs_claim_idx').on(t.runAt, t.id).where(sql`failed_at IS NULL`)],
);

export const idempotencyKeys = pgTable(
  'idempotency_keys',
  {
    partnerId: uuid('partner_id')
      .notNull()
      .references(() => partners.id, { onDelete: 'cascade' }),
    key: text('key').notNull(),
    requestHash: text('request_hash').notNull(),
    statusCode: integer('status_code').notNull(),
    headers: jsonb('headers').$type<Record<string, string>>().notNull(),
    body: jsonb('body'),
    created: created(),
  },
  (t) => [primaryKey({ columns: [t.partnerId, t.key] })],
);

export const platformServices = pgTable('platform_services', {
  name: text('name').primaryKey(),
  maintenance: boolean('maintenance').notNull().default(false),
  updated: ts('updated').notNull().defaultNow(),
});

export const restrictedParties = pgTable('restricted_parties', {
  id: uuid('id').primaryKey(),
  name: text('name').notNull(),
  normalized: text('normalized').notNull().unique(),
  created: created(),
});

/** Users of customer organizations (what the People API shows). Emails are unique platform-wide. */
export const people = pgTable(
  'people',
  {
    id: uuid('id').primaryKey(),
    orgId: uuid('org_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    email: text('email').notNull().unique(),
    firstName: text('first_name'),
    lastName: text('last_name'),
    roles: text('roles').array().notNull().default([]),
    locationId: uuid('location_id').references(() => locations.id, { onDelete: 'set null' }),
    extension: text('extension'),
    /** A free (consumer) account: provisioning it for a customer needs the user's consent to move. */
    freeAccount: boolean('free_account').notNull().default(false),
    /** Licences the user held in a directory org before any wholesale provisioning. */
    licenses: text('licenses').array().notNull().default([]),
    created: created(),
    updated: ts('updated').notNull().defaultNow(),
  },
  (t) => [
    index('people_org_idx').on(t.orgId, t.created, t.id),
    // Extensions are unique within a customer organization.
    uniqueIndex('people_org_extension_uq').on(t.orgId, t.extension).where(sql`extension IS NOT NULL`),
  ],
);

export type SubscriberStatus = 'provisioned' | 'pending_user_migration';

/** The wholesale mapping of a person to a customer and one package. */
export const subscribers = pgTable(
  'subscribers',
  {
    id: uuid('id').primaryKey(),
    partnerId: uuid('partner_id')
      .notNull()
      .references(() => partners.id, { onDelete: 'cascade' }),
    customerId: uuid('customer_id')
      .notNull()
      .references(() => customers.id, { onDelete: 'cascade' }),
    personId: uuid('person_id')
      .notNull()
      .unique()
      .references(() => people.id, { onDelete: 'cascade' }),
    email: text('email').notNull(),
    /** The one base package. */
    package: text('package').notNull(),
    /** Add-ons held on top of the base package (attendant_console). */
    addOns: text('add_ons').array().notNull().default([]),
    status: text('status').$type<SubscriberStatus>().notNull(),
    errors: jsonb('errors').$type<ErrorItem[]>().notNull().default([]),
    /** pending_user_migration: hash of the consent link's token, and the calling set-up to apply on the move. */
    consentTokenHash: text('consent_token_hash').unique(),
    pendingCalling: jsonb('pending_calling').$type<{ phone?: string; extension?: string; locationId?: string }>(),
    created: created(),
    lastStatusChange: ts('last_status_change').notNull().defaultNow(),
  },
  // One index per list shape: partner-wide or per customer, by created or by lastStatusChange.
  (t) => [
    index('subscribers_partner_created_idx').on(t.partnerId, t.created, t.id),
    index('subscribers_partner_changed_idx').on(t.partnerId, t.lastStatusChange, t.id),
    index('subscribers_customer_created_idx').on(t.customerId, t.created, t.id),
    index('subscribers_partner_email_idx').on(t.partnerId, t.email),
  ],
);

/** A location's number inventory; `personId` is the owner once assigned. */
export const phoneNumbers = pgTable(
  'phone_numbers',
  {
    number: text('number').primaryKey(),
    orgId: uuid('org_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    locationId: uuid('location_id')
      .notNull()
      .references(() => locations.id, { onDelete: 'cascade' }),
    personId: uuid('person_id').references(() => people.id, { onDelete: 'set null' }),
    created: created(),
  },
  (t) => [
    index('phone_numbers_location_idx').on(t.locationId, t.number),
    index('phone_numbers_org_idx').on(t.orgId, t.number),
    uniqueIndex('phone_numbers_person_uq').on(t.personId),
  ],
);

export type MailKind = 'welcome' | 'admin_invitation' | 'emergency_notification' | 'attach_approval' | 'consent_move';

/**
 * Mail waiting to go out, written in the transaction of the change that causes it. Sent by the
 * `mail.send` job through SMTP_URL, or kept here as the dev outbox when no SMTP server is set.
 */
export const mailOutbox = pgTable(
  'mail_outbox',
  {
    id: uuid('id').primaryKey(),
    partnerId: uuid('partner_id').references(() => partners.id, { onDelete: 'cascade' }),
    kind: text('kind').$type<MailKind>().notNull(),
    fromName: text('from_name').notNull(),
    to: text('to').notNull(),
    language: text('language').notNull(),
    subject: text('subject').notNull(),
    text: text('text').notNull(),
    html: text('html'),
    status: text('status').$type<'pending' | 'sent' | 'stored' | 'failed'>().notNull(),
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
    created: created(),
    sentAt: ts('sent_at'),
  },
  (t) => [index('mail_outbox_created_idx').on(t.created, t.id)],
);

/** People of a partner who sign in to Partner Hub with email and password. */
export const partnerAdmins = pgTable('partner_admins', {
  id: uuid('id').primaryKey(),
  partnerId: uuid('partner_id')
    .notNull()
    .references(() => partners.id, { onDelete: 'cascade' }),
  email: text('email').notNull().unique(),
  /** `scrypt$N$r$p$salt$hash` (base64url parts). */
  passwordHash: text('password_hash').notNull(),
  failedAttempts: integer('failed_attempts').notNull().default(0),
  lockedUntil: ts('locked_until'),
  created: created(),
});

/** Partner Hub sessions: the cookie carries a random token; only its hash is stored. */
export const portalSessions = pgTable(
  'portal_sessions',
  {
    tokenHash: text('token_hash').primaryKey(),
    adminId: uuid('admin_id')
      .notNull()
      .references(() => partnerAdmins.id, { onDelete: 'cascade' }),
    csrfToken: text('csrf_token').notNull(),
    created: created(),
    expires: ts('expires').notNull(),
  },
  (t) => [index('portal_sessions_admin_idx').on(t.adminId)],
);

/** Wholesale Setup Assist requests (the seeds' optional service), stored for the operator. */
export const setupAssistRequests = pgTable(
  'setup_assist_requests',
  {
    id: uuid('id').primaryKey(),
    partnerId: uuid('partner_id')
      .notNull()
      .references(() => partners.id, { onDelete: 'cascade' }),
    customerId: uuid('customer_id').references(() => customers.id, { onDelete: 'set null' }),
    customerName: text('customer_name').notNull(),
    contactName: text('contact_name').notNull(),
    contactEmail: text('contact_email').notNull(),
    contactPhone: text('contact_phone'),
    services: text('services').array().notNull(),
    details: text('details'),
    preferredDate: date('preferred_date', { mode: 'string' }).notNull(),
    created: created(),
  },
  (t) => [index('setup_assist_partner_idx').on(t.partnerId, t.created)],
);
