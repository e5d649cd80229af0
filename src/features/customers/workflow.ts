import { and, eq, inArray } from 'drizzle-orm';
import type { Db, Tx } from '../../db/client.ts';
import { customerPackages, customers, workflowSteps } from '../../db/schema.ts';
import { isMeetingsPackage } from '../../domain/packages.ts';
import { ErrorCodes } from '../../http/errors.ts';
import type { JobRow } from '../../jobs/queue.ts';
import type { JobHandler } from '../../jobs/runner.ts';
import { matchesRestrictedParty } from '../compliance/restricted-parties.ts';
import { JOB_DELETE, JOB_PROVISION, JOB_UPDATE } from './service.ts';
import * as steps from './steps.ts';
import { lockCustomer, packagesOf, setStatus, type CustomerRow } from './store.ts';

export interface WorkflowOptions {
  sipDomainSuffix: string;
  meetingsDomainSuffix: string;
  /** Simulated latency of each step against the collaboration platform (0 in production of this build). */
  stepDelayMs: number;
  /** Base of links in mail. */
  publicUrl: string;
}

type Payload = { customerId: string; run: number };
type StepFn = (tx: Tx, c: CustomerRow) => Promise<Record<string, unknown> | void>;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * A workflow run is a list of named steps. A step runs in one transaction with the row that
 * records it, so after a crash the job starts again and skips what is already recorded.
 */
class Run {
  private constructor(
    private readonly db: Db,
    readonly customer: CustomerRow,
    private readonly done: Set<string>,
    private readonly delayMs: number,
  ) {}

  /** The customer if this job is still the current run for it in the expected status. */
  static async open(db: Db, payload: Payload, status: CustomerRow['status'], delayMs: number): Promise<Run | null> {
    const [c] = await db.select().from(customers).where(eq(customers.id, payload.customerId));
    if (!c || c.run !== payload.run || c.status !== status) return null;
    const rows = await db.select({ step: workflowSteps.step }).from(workflowSteps)
      .where(and(eq(workflowSteps.customerId, c.id), eq(workflowSteps.run, c.run)));
    return new Run(db, c, new Set(rows.map((r) => r.step)), delayMs);
  }

  has(name: string): boolean {
    return this.done.has(name);
  }

  async step(name: string, fn: StepFn): Promise<void> {
    if (this.done.has(name)) return;
    if (this.delayMs > 0) await sleep(this.delayMs);
    await this.db.transaction(async (tx) => {
      const result = (await fn(tx, this.customer)) ?? {};
      await tx.insert(workflowSteps).values({ customerId: this.customer.id, run: this.customer.run, step: name, result });
    });
    this.done.add(name);
  }

  /** Final status from the packages: all failed → error; some → provisioned_with_errors. */
  async finish(): Promise<void> {
    await this.db.transaction(async (tx) => {
      const c = await lockCustomer(tx, this.customer.id);
      if (!c || c.run !== this.customer.run) return;
      const pkgs = await packagesOf(tx, c.id);
      const failed = pkgs.filter((p) => p.status === 'error').length;
      const status = failed === 0 ? 'provisioned' : failed === pkgs.length ? 'error' : 'provisioned_with_errors';
      await setStatus(tx, c.id, status, { orgReady: c.orgReady || status !== 'error' });
    });
  }
}

export function customerJobHandlers(db: Db, opts: WorkflowOptions): Record<string, JobHandler> {
  /** Calling location, E911, Meetings site and licences for the packages still `provisioning`. */
  async function provisionPackages(run: Run): Promise<void> {
    const c = run.customer;
    let pending = (await packagesOf(db, c.id)).filter((p) => p.status === 'provisioning').map((p) => p.name);
    if (pending.some((p) => steps.CALLING_DEPENDENT.has(p)) && !run.has('calling')) {
      await run.step('calling', async (tx) =>
        (await steps.callingInMaintenance(tx)) ? steps.failCallingPackages(tx, c) : steps.createHeadquarters(tx, c));
      pending = (await packagesOf(db, c.id)).filter((p) => p.status === 'provisioning').map((p) => p.name);
    }
    if (pending.some((p) => steps.CALLING_DEPENDENT.has(p))) {
      await run.step('e911', (tx) => steps.registerEmergencyServices(tx, c));
    }
    if (pending.some(isMeetingsPackage)) {
      await run.step('meetings_site', (tx) => steps.createMeetingsSite(tx, c, opts.meetingsDomainSuffix));
    }
    for (const pkg of pending) {
      await run.step(`licenses:${pkg}`, (tx) => steps.allocateLicenses(tx, c, pkg));
    }
  }

  const provision: JobHandler = {
    async run(job) {
      const run = await Run.open(db, job.payload as Payload, 'provisioning', opts.stepDelayMs);
      if (!run) return;
      if (!run.has('compliance')) {
        const held = await db.transaction(async (tx) => {
          const c = await lockCustomer(tx, run.customer.id);
          const name = c?.customerInfo?.name;
          if (c && c.rplReview !== 'approved' && name && (await matchesRestrictedParty(tx, name))) {
            await setStatus(tx, c.id, 'pending_rpl_review', { rplReview: 'pending' });
            return true;
          }
          await tx.insert(workflowSteps).values({ customerId: run.customer.id, run: run.customer.run, step: 'compliance', result: {} });
          return false;
        });
        // Held for the operator's review; approving it enqueues the run again.
        if (held) return;
      }
      await run.step('create_org', (tx, c) => steps.createOrg(tx, c));
      await run.step('sip_domain', (tx, c) => steps.assignSipDomain(tx, c, opts.sipDomainSuffix));
      await provisionPackages(run);
      await run.step('administrator', (tx, c) => steps.createAdministrator(tx, c, opts.publicUrl));
      await run.finish();
    },
    onExhausted: (tx, job, err) => failRun(tx, job, err),
  };

  const update: JobHandler = {
    async run(job) {
      const run = await Run.open(db, job.payload as Payload, 'updating', opts.stepDelayMs);
      if (!run) return;
      const c = run.customer;
      // A customer whose first run failed before its org existed gets it now.
      await run.step('create_org', (tx) => steps.createOrg(tx, c));
      await run.step('sip_domain', (tx) => steps.assignSipDomain(tx, c, opts.sipDomainSuffix));
      for (const p of (await packagesOf(db, c.id)).filter((x) => x.status === 'deleting')) {
        await run.step(`deprovision:${p.name}`, (tx) => steps.deprovisionPackage(tx, c, p.name));
      }
      if (!c.packages.some(isMeetingsPackage)) {
        await run.step('meetings_site_removed', (tx) => steps.removeMeetingsSite(tx, c));
      }
      await provisionPackages(run);
      await run.finish();
    },
    onExhausted: (tx, job, err) => failRun(tx, job, err),
  };

  const remove: JobHandler = {
    async run(job) {
      const payload = job.payload as Payload;
      if (opts.stepDelayMs > 0) await sleep(opts.stepDelayMs);
      await db.transaction(async (tx) => {
        const c = await lockCustomer(tx, payload.customerId);
        if (!c || c.run !== payload.run || c.status !== 'deleting') return;
        await steps.deleteOrganization(tx, c);
        await tx.delete(customers).where(eq(customers.id, c.id));
      });
    },
    onExhausted: (tx, job, err) => failRun(tx, job, err),
  };

  return { [JOB_PROVISION]: provision, [JOB_UPDATE]: update, [JOB_DELETE]: remove };
}

/** The last attempt failed: the customer ends in `error` with a reason a person can act on. */
async function failRun(tx: Tx, job: JobRow, err: Error): Promise<void> {
  const payload = job.payload as Payload;
  const c = await lockCustomer(tx, payload.customerId);
  if (!c || c.run !== payload.run) return;
  const item = {
    errorCode: ErrorCodes.PROVISIONING_FAILED,
    description: `Provisioning did not complete after ${job.attempts} attempt(s): ${err.message}. Update the customer to try again.`,
  };
  await tx.update(customerPackages)
    .set({ status: 'error', errors: [item] })
    .where(and(eq(customerPackages.customerId, c.id), inArray(customerPackages.status, ['provisioning', 'deleting'])));
  await setStatus(tx, c.id, 'error', { errors: [...c.errors, item] });
}
