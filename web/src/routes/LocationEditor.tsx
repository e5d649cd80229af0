import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ok, type ApiProblem, type Customer, type Location } from '../api/client';
import { assignProblem } from '../api/errors';
import { AddressFields, useCountries } from '../components/AddressFields';
import { SelectField, TextField } from '../components/Field';
import { LocaleField, TimezoneField } from '../components/LocationFields';
import { Loading, Notice } from '../components/Notice';
import { ApiOnlyNotice, isApiOnly } from '../components/customer/Attachment';
import { Page } from '../components/Page';
import { ProblemBanner } from '../components/ProblemBanner';
import type { Problem } from '../lib/address';
import { asProblem, useFocusInvalid, useLoad } from '../lib/hooks';
import {
  LOCATION_RULES,
  changeCountry,
  checkLocationForm,
  locationFormOf,
  newLocationForm,
  toLocationInput,
  type LocationForm,
} from '../lib/locationForm';
import { Link, navigate } from '../router';

/**
 * Customer › Add location (POST /v1/locations) or a location › Edit (PUT, a full update):
 * name, address with the country's rules, time zone, language and the emergency location
 * identifier. Then the location's page, where its numbers are.
 */
export function LocationEditor({ customerId, locationId }: { customerId: string; locationId?: string }) {
  const { t } = useTranslation();
  const ctx = useLoad(async () => {
    const { data: customer } = await ok(api.GET('/v1/wholesale/customers/{customerId}', { params: { path: { customerId } } }));
    const orgId = customer.orgId;
    if (!orgId) return { customer, locations: [] as Location[], location: undefined };
    const [locations, location] = await Promise.all([
      ok(api.GET('/v1/locations', { params: { query: { orgId, max: '100' } } })).then((r) => r.data.items),
      locationId
        ? ok(api.GET('/v1/locations/{locationId}', { params: { path: { locationId }, query: { orgId } } })).then((r) => r.data)
        : Promise.resolve(undefined),
    ]);
    return { customer, locations, location };
  }, [customerId, locationId]);

  const title = locationId ? t('locations.edit') : t('locations.add');
  const crumbs = [{ label: t('nav.customers'), to: '/customers' }];
  const c = ctx.data?.customer;
  if (!c) {
    return (
      <Page title={title} crumbs={crumbs}>
        {ctx.loading ? <Loading label={t('common.loading')} /> : <ProblemBanner problem={ctx.problem} />}
      </Page>
    );
  }
  const name = c.customerInfo?.name || c.externalId;
  const customerPath = `/customers/${encodeURIComponent(c.id)}`;
  const location = ctx.data?.location;
  const fullCrumbs = [
    ...crumbs,
    { label: name, to: customerPath },
    ...(location ? [{ label: location.name, to: `${customerPath}/locations/${encodeURIComponent(location.id)}` }] : []),
    { label: title },
  ];
  if (isApiOnly(c)) {
    return (
      <Page title={title} crumbs={fullCrumbs}>
        <ApiOnlyNotice customerPath={customerPath} />
      </Page>
    );
  }
  if (!c.orgId) {
    return (
      <Page title={title} crumbs={fullCrumbs}>
        <Notice tone="warning">{t('customer.orgPending')}</Notice>
        <Link to={customerPath}>{t('users.backToCustomer')}</Link>
      </Page>
    );
  }
  return (
    <Page title={location ? t('locations.editNamed', { name: location.name }) : title} crumbs={fullCrumbs}>
      <LocationFormView
        key={location?.id ?? 'new'}
        customer={c}
        orgId={c.orgId}
        location={location}
        locations={ctx.data?.locations ?? []}
        cancelTo={location ? `${customerPath}/locations/${encodeURIComponent(location.id)}` : customerPath}
      />
    </Page>
  );
}

function LocationFormView({
  customer,
  orgId,
  location,
  locations,
  cancelTo,
}: {
  customer: Customer;
  orgId: string;
  location?: Location;
  locations: Location[];
  cancelTo: string;
}) {
  const { t } = useTranslation();
  const countries = useCountries();
  const [form, setForm] = useState<LocationForm>(() => (location ? locationFormOf(location) : newLocationForm(customer, locations)));
  const [problems, setProblems] = useState<Record<string, Problem>>({});
  const [problem, setProblem] = useState<ApiProblem | null>(null);
  const [busy, setBusy] = useState(false);
  const { banner, focusInvalid } = useFocusInvalid();

  const assigned = assignProblem(problem, LOCATION_RULES);
  const msg = (k: string) => (problems[k] ? t(problems[k].key, problems[k].values) : undefined);
  const translated = Object.fromEntries(Object.keys(problems).map((k) => [k, msg(k)]));

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const found = checkLocationForm(form);
    setProblems(found);
    if (Object.keys(found).length) {
      focusInvalid.current = true;
      return;
    }
    setBusy(true);
    setProblem(null);
    try {
      const body = toLocationInput(form);
      const { data } = location
        ? await ok(api.PUT('/v1/locations/{locationId}', { params: { path: { locationId: location.id }, query: { orgId } }, body }))
        : await ok(api.POST('/v1/locations', { params: { query: { orgId } }, body }));
      navigate(`/customers/${encodeURIComponent(customer.id)}/locations/${encodeURIComponent(data.id)}?${location ? 'saved' : 'created'}=1`);
    } catch (err) {
      setProblem(asProblem(err));
      focusInvalid.current = true;
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <ProblemBanner ref={banner} problem={problem} rest={assigned.rest} fieldCount={Object.keys(assigned.byField).length} />
      <form onSubmit={(e) => void submit(e)} noValidate className="form">
        <fieldset>
          <legend>{t('locations.details')}</legend>
          <TextField id="loc-name" label={t('customerForm.locationName')} hint={t('locations.nameHint')} required maxLength={255}
            autoComplete="off" value={form.name} onValue={(v) => setForm((x) => ({ ...x, name: v }))}
            problem={translated.name} apiErrors={assigned.byField.name} />
          <div className="grid-2">
            <TimezoneField id="loc-timezone" value={form.timezone} onValue={(v) => setForm((x) => ({ ...x, timezone: v }))}
              problem={translated.timezone} apiErrors={assigned.byField.timezone} />
            <LocaleField id="loc-language" value={form.language} onValue={(v) => setForm((x) => ({ ...x, language: v }))}
              problem={translated.language} apiErrors={assigned.byField.language} />
          </div>
        </fieldset>
        <fieldset>
          <legend>{t('address.title')}</legend>
          <SelectField id="loc-country" label={t('customerForm.country')} hint={t('locations.countryHint')} required value={form.country}
            onValue={(v) => setForm((x) => changeCountry(x, v))} problem={translated.country} apiErrors={assigned.byField.country}>
            <option value="">{t('common.choose')}</option>
            {countries.map(([code, label]) => (
              <option key={code} value={code}>{label}</option>
            ))}
          </SelectField>
          <AddressFields idPrefix="loc" country={form.country} address={form.address}
            onChange={(k, v) => setForm((x) => ({ ...x, address: { ...x.address, [k]: v } }))}
            problems={translated} apiErrors={assigned.byField} />
        </fieldset>
        <fieldset>
          <legend>{t('customer.emergency')}</legend>
          <TextField id="loc-eli" label={t('locations.eli')} hint={t('locations.eliHint')} maxLength={100} autoComplete="off"
            value={form.emergencyLocationIdentifier} onValue={(v) => setForm((x) => ({ ...x, emergencyLocationIdentifier: v }))}
            problem={translated.emergencyLocationIdentifier} apiErrors={assigned.byField.emergencyLocationIdentifier} />
        </fieldset>
        <div className="wizard-buttons">
          <Link className="button secondary" to={cancelTo}>
            {t('common.cancel')}
          </Link>
          <span className="spacer" />
          <button type="submit" className="primary" disabled={busy} aria-busy={busy || undefined}>
            {busy && <span className="spinner small" aria-hidden="true" />}
            {location ? t('common.save') : t('locations.add')}
          </button>
        </div>
      </form>
    </>
  );
}
