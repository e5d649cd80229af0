import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ok, type ApiProblem, type Customer, type CustomerPackage, type Location } from '../api/client';
import { assignProblem } from '../api/errors';
import { ApiOnlyNotice, isApiOnly } from '../components/customer/Attachment';
import { FINAL } from '../components/customer/ProvisioningProgress';
import { CheckField, FieldErrors, TextField } from '../components/Field';
import { LocaleField, TimezoneField } from '../components/LocationFields';
import { Loading, Notice } from '../components/Notice';
import { Page } from '../components/Page';
import { PackageChecklist } from '../components/packages/PackageChecklist';
import { ProblemBanner } from '../components/ProblemBanner';
import { StatusBadge } from '../components/StatusBadge';
import { useFormat } from '../i18n/format';
import { formatAddress, type Problem } from '../lib/address';
import { defaultTimezoneForCountry, locationLocaleFor, takesQuantity } from '../lib/domain';
import { asProblem, useFocusInvalid, useLoad } from '../lib/hooks';
import { newKey } from '../lib/ids';
import {
  PACKAGES_RULES,
  checkPackagesForm,
  currentLimits,
  needsCallingLocation,
  packagesFormOf,
  quantityMode,
  toUpdateInput,
  type PackagesForm,
} from '../lib/packagesForm';
import { Link, navigate } from '../router';

/** Customer › Edit packages: the package list (a full replacement) and the quantities, then back to the customer. */
export function EditPackages({ customerId }: { customerId: string }) {
  const { t } = useTranslation();
  const ctx = useLoad(async () => {
    const { data: customer } = await ok(api.GET('/v1/wholesale/customers/{customerId}', { params: { path: { customerId } } }));
    const orgId = customer.orgId;
    const locations = orgId ? (await ok(api.GET('/v1/locations', { params: { query: { orgId, max: '100' } } }))).data.items : [];
    return { customer, locations };
  }, [customerId]);

  const crumbs = [{ label: t('nav.customers'), to: '/customers' }];
  const c = ctx.data?.customer;
  if (!c) {
    return (
      <Page title={t('packagesForm.title')} crumbs={crumbs}>
        {ctx.loading ? <Loading label={t('common.loading')} /> : <ProblemBanner problem={ctx.problem} />}
      </Page>
    );
  }
  const name = c.customerInfo?.name || c.externalId;
  const customerPath = `/customers/${encodeURIComponent(c.id)}`;
  const fullCrumbs = [...crumbs, { label: name, to: customerPath }, { label: t('packagesForm.title') }];
  if (isApiOnly(c)) {
    return (
      <Page title={t('packagesForm.title')} crumbs={fullCrumbs}>
        <ApiOnlyNotice customerPath={customerPath} />
      </Page>
    );
  }
  if (!FINAL.has(c.status)) {
    return (
      <Page title={t('packagesForm.title')} crumbs={fullCrumbs}>
        <Notice tone="warning">{t('packagesForm.notFinal', { status: t(`status.${c.status}`) })}</Notice>
        <Link to={customerPath}>{t('users.backToCustomer')}</Link>
      </Page>
    );
  }
  return (
    <Page title={t('packagesForm.title')} crumbs={fullCrumbs}>
      <EditPackagesForm customer={c} locations={ctx.data?.locations ?? []} customerPath={customerPath} />
    </Page>
  );
}

function EditPackagesForm({ customer: c, locations, customerPath }: { customer: Customer; locations: Location[]; customerPath: string }) {
  const { t } = useTranslation();
  const f = useFormat();
  const [form, setForm] = useState<PackagesForm>(() => packagesFormOf(c));
  const [problems, setProblems] = useState<Record<string, Problem>>({});
  const [problem, setProblem] = useState<ApiProblem | null>(null);
  const [busy, setBusy] = useState(false);
  // One key per form: a double submit cannot send the update twice.
  const [idempotencyKey] = useState(newKey);
  const { banner, focusInvalid } = useFocusInvalid();

  const mode = quantityMode(c);
  const limits = currentLimits(c);
  const needsLocation = needsCallingLocation(form.packages, c, locations) || Boolean(problem?.codes().includes(6010));
  const context = { mode, limits, needsLocation };
  const assigned = assignProblem(problem, PACKAGES_RULES);
  const translated = Object.fromEntries(Object.entries(problems).map(([k, v]) => [k, t(v.key, v.values)]));
  const detail = (p: CustomerPackage) => c.resourceDetails.packages.find((d) => d.name === p);
  const withQuantities = mode === 'limited' || (mode === 'unknown' && form.quantityOn);
  const removedInUse = c.resourceDetails.packages.filter((d) => !form.packages.includes(d.name) && d.quantity.assigned > 0);

  const set = (change: (x: PackagesForm) => PackagesForm) => setForm(change);
  const toggle = (p: CustomerPackage, on: boolean) =>
    set((x) => {
      const packages = on ? [...x.packages, p] : x.packages.filter((q) => q !== p);
      // Calling for the first time: sensible defaults for the headquarters calling location.
      if (on && needsCallingLocation(packages, c, locations) && !x.timezone) {
        return {
          ...x,
          packages,
          locationName: x.locationName || t('customerForm.defaultLocationName'),
          timezone: defaultTimezoneForCountry(c.address.country),
          locationLanguage: x.locationLanguage || locationLocaleFor(c.customerInfo?.language, c.address.country),
        };
      }
      return { ...x, packages };
    });

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const found = checkPackagesForm(form, context);
    setProblems(found);
    if (Object.keys(found).length) {
      focusInvalid.current = true;
      return;
    }
    setBusy(true);
    setProblem(null);
    try {
      await ok(
        api.PUT('/v1/wholesale/customers/{customerId}', {
          params: { path: { customerId: c.id }, header: { 'idempotency-key': idempotencyKey } },
          body: toUpdateInput(form, c, context),
        }),
      );
      navigate(`${customerPath}?updated=1`);
    } catch (err) {
      setProblem(asProblem(err));
      focusInvalid.current = true;
    } finally {
      setBusy(false);
    }
  };

  const quantityErrors = { problem: translated.quantityOn, apiErrors: assigned.byField.quantityOn };
  return (
    <>
      <p className="muted">{t('packagesForm.intro')}</p>
      <ProblemBanner ref={banner} problem={problem} rest={assigned.rest} fieldCount={Object.keys(assigned.byField).length} />
      <form onSubmit={(e) => void submit(e)} noValidate className="form">
        <fieldset aria-describedby={mode !== 'unknown' && (quantityErrors.problem || quantityErrors.apiErrors?.length) ? 'quantities-error' : undefined}>
          <legend>{t('customerForm.quantities')}</legend>
          {mode === 'limited' && (
            <>
              <Notice tone="info">
                <p>{t('packagesForm.limited')}</p>
              </Notice>
              <FieldErrors id="quantities-error" {...quantityErrors} />
            </>
          )}
          {mode === 'unlimited' && (
            <>
              <Notice tone="info">
                <p>{t('packagesForm.unlimited')}</p>
              </Notice>
              <FieldErrors id="quantities-error" {...quantityErrors} />
            </>
          )}
          {mode === 'unknown' && (
            <CheckField id="qty-on" label={t('customerForm.enableQuantity')} hint={t('packagesForm.unknown')}
              checked={form.quantityOn} onChecked={(v) => set((x) => ({ ...x, quantityOn: v }))} {...quantityErrors} />
          )}
        </fieldset>
        {removedInUse.length > 0 && (
          <Notice tone="warning" live>
            <ul>
              {removedInUse.map((d) => (
                <li key={d.name}>{t('packagesForm.removeInUse', { pkg: t(`packages.${d.name}`), n: d.quantity.assigned })}</li>
              ))}
            </ul>
          </Notice>
        )}
        <PackageChecklist
          legend={t('customerForm.packages')}
          selected={form.packages}
          onToggle={toggle}
          withQuantities={withQuantities}
          quantities={form.quantities}
          onQuantity={(p, v) => set((x) => ({ ...x, quantities: { ...x.quantities, [p]: v } }))}
          problems={translated}
          apiErrors={assigned.byField}
          details={(p) => {
            const d = detail(p);
            if (!d) return null;
            const used = d.quantity.limit === null
              ? t('customer.usedUnlimited', { used: f.number(d.quantity.assigned) })
              : t('customer.usedOf', { used: f.number(d.quantity.assigned), limit: f.number(d.quantity.limit) });
            return (
              <p className="hint">
                <StatusBadge status={d.status} /> {t('customer.quantity')}: {used}
              </p>
            );
          }}
          quantityHint={(p) => {
            if (!takesQuantity(p)) return undefined;
            const limit = limits[p];
            return limit !== undefined ? t('packagesForm.currentLimit', { limit: f.number(limit) }) : t('packagesForm.newQuantity');
          }}
        />
        {needsLocation && (
          <fieldset>
            <legend>{t('customerForm.callingLocation')}</legend>
            <p className="hint">{t('packagesForm.callingLocationHint', { address: formatAddress(c.address, f.country) })}</p>
            <TextField id="hq-name" label={t('customerForm.locationName')} required maxLength={255} value={form.locationName}
              onValue={(v) => set((x) => ({ ...x, locationName: v }))} problem={translated.locationName} apiErrors={assigned.byField.locationName} />
            <div className="grid-2">
              <TimezoneField id="hq-timezone" value={form.timezone} onValue={(v) => set((x) => ({ ...x, timezone: v }))}
                problem={translated.timezone} apiErrors={assigned.byField.timezone} />
              <LocaleField id="hq-language" value={form.locationLanguage} onValue={(v) => set((x) => ({ ...x, locationLanguage: v }))}
                problem={translated.locationLanguage} apiErrors={assigned.byField.locationLanguage} />
            </div>
          </fieldset>
        )}
        <div className="wizard-buttons">
          <Link className="button secondary" to={customerPath}>
            {t('common.cancel')}
          </Link>
          <span className="spacer" />
          <button type="submit" className="primary" disabled={busy} aria-busy={busy || undefined}>
            {busy && <span className="spinner small" aria-hidden="true" />}
            {t('packagesForm.submit')}
          </button>
        </div>
      </form>
    </>
  );
}
