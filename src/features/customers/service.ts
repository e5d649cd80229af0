import { and, eq } from 'drizzle-orm';
import type { Db, DbOrTx, Tx } from '../../db/client.ts';
import { isForeignKeyViolation, isUniqueViolation } from '../../db/errors.ts';
import { customerPackages, customers, locations } from '../../db/schema.ts';
import { isCallingPackage } from '../../domain/packages.ts';
import { ErrorCodes, Problems, badRequest, conflict, notFound } from '../../http/errors.ts';
import { decodeId, newUuid } from '../../http/ids.ts';
import type { Page } from '../../http/pagination.ts';
import type { PartnerScope } from '../../http/auth.ts';
import { enqueue } from '../../jobs/queue.ts';
import { attachableOrg, decideAttach, factsFor, recordAttach } from '../orgs/attach.ts';
import { readSettings } from '../partners/settings.ts';
import { templateService } from '../templates/service.ts';
import { presentCustomer } from './present.ts';
import { resolveLimits } from './quantities.ts';
import { CUSTOMER_STATUSES, type CreateCustomerInput, type Customer, type PrecheckCustomerInput, type ProvisioningParameters, type UpdateCustomerInput } from './schemas.ts';
import * as store from './store.ts';
import {
  checkAddress,
  checkBillingStartDate,
  checkCustomerName,
  checkEmail,
  checkLanguage,
  checkPackages,
  checkProvisioningParameters,
} from './validation.ts';

export const JOB_PROVISION = 'customer.provision';
export const JOB_UPDATE = 'customer.update';
export const JOB_DELETE = 'customer.delete';

const FINAL = new Set(['provisioned', 'provisioned_with_errors', 'error']);

export async function enqueueWorkflow(tx: DbOrTx, type: string, customerId: string, run: number, maxAttempts: number, suffix = '') {
  await enqueue(tx, { type, payload: { customerId, run }, key: `customer:${customerId}:${run}${suffix}`, maxAttempts });
}

const externalIdConflict = (externalId: string) =>
  conflict(ErrorCodes.EXTERNAL_ID_EXISTS, `A customer with externalId "${externalId}" already exists.`);

function decodeCustomerId(id: string): string {
  const uuid = decodeId('ENTERPRISE', id);
  if (!uuid) throw notFound('Customer');
  return uuid;
}

function decodeOrgId(p: Problems, orgId: string | undefined): string | undefined {
  if (orgId === undefined) return undefined;
  const uuid = decodeId('ORGANIZATION', orgId.trim());
  if (!uuid) p.add(ErrorCodes.INVALID_PARAMETER, `orgId "${orgId}" is not an organization id.`);
  return uuid ?? undefined;
}

/** Everything POST checks before writing; shared with the precheck endpoint. */
function checkCreate(body: CreateCustomerInput, partner: PartnerScope, now: Date) {
  const p = new Problems();
  const settings = readSettings(partner.settings);
  const address = checkAddress(p, body.address, 'address');
  const orgUuid = decodeOrgId(p, body.orgId);
  let customerInfo: Record<string, string> | undefined;
  if (body.customerInfo) {
    const name = checkCustomerName(p, body.customerInfo.name, 'customerInfo.name');
    const primaryEmail = checkEmail(p, body.customerInfo.primaryEmail, 'customerInfo.primaryEmail');
    const language = checkLanguage(p, body.customerInfo.language, 'customerInfo.language');
    customerInfo = { name, primaryEmail, ...(language ? { language } : {}) };
  } else if (body.orgId === undefined) {
    p.add(ErrorCodes.CUSTOMER_INFO_REQUIRED, 'customerInfo is mandatory for a new customer (it is optional only with orgId).');
  }
  checkPackages(p, body.packages);
  const params = checkProvisioningParameters(p, body.packages, body.provisioningParameters, { locationRequired: true });
  const billingStartDate = checkBillingStartDate(p, body.billingStartDate, settings.enable_wholesale_delayed_billing, now);
  const subPartnerAdminEmail = body.subPartnerAdminEmail !== undefined ? checkEmail(p, body.subPartnerAdminEmail, 'subPartnerAdminEmail') : undefined;
  p.throwIfAny();
  const limits = resolveLimits({
    packages: body.packages,
    requested: body.provisioningParameters?.packages?.limits,
    partnerMax: settings.package_quantity_max,
    migrating: false,
  });
  return { address, orgUuid, customerInfo, params, billingStartDate, subPartnerAdminEmail, limits };
}

async function hasHeadquarters(db: DbOrTx, orgId: string): Promise<boolean> {
  const rows = await db.select({ id: locations.id }).from(locations)
    .where(and(eq(locations.orgId, orgId), eq(locations.isHeadquarters, true))).limit(1);
  return rows.length > 0;
}

export function customerService(opts: { maxAttempts: number; publicUrl: string }) {
  return {
    /**
     * POST: validate, then write the customer, its packages and the job in the caller's
     * transaction. With `orgId` the customer is attached to an existing organization (seed 003):
     * it may wait for the org administrator's approval (`pending_approval`).
     */
    async create(db: Db, partner: PartnerScope, body: CreateCustomerInput, actor = `partner:${partner.name}`) {
      const checked = checkCreate(body, partner, new Date());
      const template = await templateService.byProvisioningId(db, partner.id, body.provisioningId);
      const org = checked.orgUuid ? await attachableOrg(db, checked.orgUuid, partner.id) : undefined;
      const decision = org ? decideAttach(await factsFor(db, org, partner.id)) : undefined;
      return async (tx: Tx): Promise<{ id: string }> => {
        if (await store.externalIdTaken(tx, partner.id, body.externalId)) throw externalIdConflict(body.externalId);
        if (checked.orgUuid && (await store.orgTaken(tx, checked.orgUuid))) {
          throw conflict(ErrorCodes.ORG_ALREADY_CUSTOMER, 'The organization is already a wholesale customer.');
        }
        const id = newUuid();
        const waiting = decision?.approvalRequired === true;
        try {
          await tx.insert(customers).values({
            id,
            partnerId: partner.id,
            templateId: template.id,
            externalId: body.externalId,
            orgId: checked.orgUuid ?? newUuid(),
            status: waiting ? 'pending_approval' : 'provisioning',
            attached: org !== undefined,
            partnerRights: decision?.rights ?? 'full_admin',
            apiOnly: org !== undefined && org.partnerId === partner.id,
            address: checked.address,
            customerInfo: checked.customerInfo ?? null,
            provisioningParameters: checked.params ?? null,
            packages: body.packages,
            packageLimits: checked.limits,
            billingStartDate: checked.billingStartDate ?? null,
            subPartnerAdminEmail: checked.subPartnerAdminEmail ?? null,
          });
          await tx.insert(customerPackages).values(body.packages.map((name) => ({
            customerId: id, name, status: 'provisioning' as const, quantityLimit: checked.limits?.[name] ?? null,
          })));
        } catch (err) {
          if (isUniqueViolation(err)) {
            if (/customers_org_uq/.test(`${(err as { constraint?: string }).constraint ?? ''} ${(err as Error).message}`)) {
              throw conflict(ErrorCodes.ORG_ALREADY_CUSTOMER, 'The organization is already a wholesale customer.');
            }
            throw externalIdConflict(body.externalId);
          }
          if (isForeignKeyViolation(err)) throw notFound('Onboarding template');
          throw err;
        }
        if (org && decision) {
          await recordAttach(tx, { customerId: id, org, partnerId: partner.id, templateId: template.id, decision, actor, publicUrl: opts.publicUrl });
        }
        if (!waiting) await enqueueWorkflow(tx, JOB_PROVISION, id, 1, opts.maxAttempts);
        return { id };
      };
    },

    /** PUT: the package list is a full replacement; missing packages are deprovisioned. */
    async update(db: Db, partner: PartnerScope, customerId: string, body: UpdateCustomerInput) {
      const id = decodeCustomerId(customerId);
      const current = await store.findCustomer(db, partner.id, id);
      if (!current) throw notFound('Customer');
      const p = new Problems();
      const address = body.address ? checkAddress(p, body.address, 'address') : undefined;
      checkPackages(p, body.packages);
      // The location sent when the customer was created (kept even if calling failed then) still counts.
      const known = Boolean((current.provisioningParameters as ProvisioningParameters | null)?.calling?.location);
      const addsCalling = body.packages.some(isCallingPackage) && !known && !(await hasHeadquarters(db, current.orgId));
      const params = checkProvisioningParameters(p, body.packages, body.provisioningParameters, { locationRequired: addsCalling });
      const subPartnerAdminEmail = body.subPartnerAdminEmail !== undefined ? checkEmail(p, body.subPartnerAdminEmail, 'subPartnerAdminEmail') : undefined;
      p.throwIfAny();

      return async (tx: Tx): Promise<{ id: string }> => {
        const c = await store.lockCustomer(tx, id);
        if (!c || c.partnerId !== partner.id) throw notFound('Customer');
        if (!FINAL.has(c.status)) {
          throw conflict(ErrorCodes.CUSTOMER_BUSY, `The customer is ${c.status}; try again when it has finished.`);
        }
        const limits = resolveLimits({
          packages: body.packages,
          requested: body.provisioningParameters?.packages?.limits,
          current: c.packageLimits,
          partnerMax: readSettings(partner.settings).package_quantity_max,
          migrating: c.migrating,
        });
        const externalId = body.externalId ?? c.externalId;
        if (externalId !== c.externalId && (await store.externalIdTaken(tx, partner.id, externalId, c.id))) {
          throw externalIdConflict(externalId);
        }
        const run = c.run + 1;
        try {
          await tx.update(customers).set({
            externalId,
            address: address ?? c.address,
            packages: body.packages,
            packageLimits: limits,
            provisioningParameters: params ? { ...(c.provisioningParameters ?? {}), ...params } : c.provisioningParameters,
            subPartnerAdminEmail: subPartnerAdminEmail ?? c.subPartnerAdminEmail,
            status: 'updating',
            errors: [],
            run,
            lastStatusChange: new Date(),
          }).where(eq(customers.id, c.id));
        } catch (err) {
          if (isUniqueViolation(err)) throw externalIdConflict(externalId);
          throw err;
        }
        const existing = await store.packagesOf(tx, c.id);
        const wanted = new Set<string>(body.packages);
        for (const row of existing) {
          if (!wanted.has(row.name)) {
            await store.setPackage(tx, c.id, row.name, { status: 'deleting' });
          } else {
            await tx.update(customerPackages).set({
              quantityLimit: limits?.[row.name] ?? null,
              // A package that failed before is tried again.
              ...(row.status === 'error' ? { status: 'provisioning' as const, errors: [], warnings: [] } : {}),
            }).where(and(eq(customerPackages.customerId, c.id), eq(customerPackages.name, row.name)));
          }
        }
        const added = body.packages.filter((n) => !existing.some((r) => r.name === n));
        if (added.length) {
          await tx.insert(customerPackages).values(added.map((name) => ({
            customerId: c.id, name, status: 'provisioning' as const, quantityLimit: limits?.[name] ?? null,
          })));
        }
        await enqueueWorkflow(tx, JOB_UPDATE, c.id, run, opts.maxAttempts);
        return { id: c.id };
      };
    },

    /** DELETE: deprovision everything, then the customer is gone. */
    async remove(db: Db, partner: PartnerScope, customerId: string) {
      const id = decodeCustomerId(customerId);
      if (!(await store.findCustomer(db, partner.id, id))) throw notFound('Customer');
      return async (tx: Tx): Promise<void> => {
        const c = await store.lockCustomer(tx, id);
        if (!c || c.partnerId !== partner.id) throw notFound('Customer');
        if (c.status === 'deleting') return;
        if (c.status === 'provisioning' || c.status === 'updating') {
          throw conflict(ErrorCodes.CUSTOMER_BUSY, `The customer is ${c.status}; try again when it has finished.`);
        }
        const run = c.run + 1;
        await tx.update(customers).set({ status: 'deleting', run, lastStatusChange: new Date() }).where(eq(customers.id, c.id));
        await tx.update(customerPackages).set({ status: 'deleting' }).where(eq(customerPackages.customerId, c.id));
        await enqueueWorkflow(tx, JOB_DELETE, c.id, run, opts.maxAttempts);
      };
    },

    async get(db: Db, partner: PartnerScope, customerId: string, withLicenses: boolean): Promise<Customer> {
      const id = decodeCustomerId(customerId);
      const row = await store.findCustomer(db, partner.id, id);
      if (!row) throw notFound('Customer');
      const [agg] = await store.loadAggregates(db, [row], withLicenses);
      return presentCustomer(agg!);
    },

    async list(db: Db, partner: PartnerScope, f: { externalId?: string; orgId?: string; status?: string | string[]; search?: string }, page: Page) {
      const statuses = (Array.isArray(f.status) ? f.status : f.status !== undefined ? [f.status] : [])
        .flatMap((s) => s.split(','))
        .map((s) => s.trim())
        .filter(Boolean);
      const unknown = statuses.filter((s) => !(CUSTOMER_STATUSES as readonly string[]).includes(s));
      if (unknown.length) {
        throw badRequest([{ errorCode: ErrorCodes.INVALID_PARAMETER, description: `Invalid value for status: ${unknown.join(', ')} (one of ${CUSTOMER_STATUSES.join(', ')}).` }]);
      }
      let orgId: string | undefined;
      if (f.orgId !== undefined) {
        // An id that cannot be an organization matches nothing (a filter is not an error).
        orgId = decodeId('ORGANIZATION', f.orgId) ?? '00000000-0000-0000-0000-000000000000';
      }
      const search = f.search?.trim() || undefined;
      const rows = await store.listCustomers(db, partner.id, { externalId: f.externalId, orgId, statuses, search }, page);
      const aggs = await store.loadAggregates(db, rows.slice(0, page.max), false);
      return { items: aggs.map(presentCustomer), hasMore: rows.length > page.max };
    },

    /** POST /validate: the same rules as provisioning, without writing anything. */
    async precheck(db: Db, partner: PartnerScope, body: PrecheckCustomerInput): Promise<void> {
      const p = new Problems();
      const settings = readSettings(partner.settings);
      checkAddress(p, body.address, 'address');
      if (body.customerInfo) {
        if (body.customerInfo.name !== undefined) checkCustomerName(p, body.customerInfo.name, 'customerInfo.name');
        checkEmail(p, body.customerInfo.primaryEmail, 'customerInfo.primaryEmail');
        checkLanguage(p, body.customerInfo.language, 'customerInfo.language');
      }
      const orgUuid = decodeOrgId(p, body.orgId);
      if (body.packages) {
        checkPackages(p, body.packages);
        checkProvisioningParameters(p, body.packages, body.provisioningParameters, { locationRequired: true });
      }
      checkBillingStartDate(p, body.billingStartDate, settings.enable_wholesale_delayed_billing, new Date());
      if (body.subPartnerAdminEmail !== undefined) checkEmail(p, body.subPartnerAdminEmail, 'subPartnerAdminEmail');
      if (!p.empty) throw badRequest(p.items);
      if (body.packages) {
        resolveLimits({ packages: body.packages, requested: body.provisioningParameters?.packages?.limits, partnerMax: settings.package_quantity_max, migrating: false });
      }
      if (body.provisioningId !== undefined) await templateService.byProvisioningId(db, partner.id, body.provisioningId);
      if (body.externalId !== undefined && (await store.externalIdTaken(db, partner.id, body.externalId))) {
        throw externalIdConflict(body.externalId);
      }
      if (orgUuid) await attachableOrg(db, orgUuid, partner.id);
    },
  };
}

export type CustomerService = ReturnType<typeof customerService>;
