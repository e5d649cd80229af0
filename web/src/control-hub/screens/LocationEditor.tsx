import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ok, type ApiProblem, type Location } from '../../api/client';
import { assignProblem } from '../../api/errors';
import { AddressFields, useCountries } from '../../components/AddressFields';
import { SelectField, TextField } from '../../components/Field';
import { LocaleField, TimezoneField } from '../../components/LocationFields';
import { Loading } from '../../components/Notice';
import { ProblemBanner } from '../../components/ProblemBanner';
import { emptyAddress, type Problem } from '../../lib/address';
import { defaultTimezoneForCountry } from '../../lib/domain';
import { asProblem, useFocusInvalid, useLoad } from '../../lib/hooks';
import { LOCATION_RULES, changeCountry, checkLocationForm, locationFormOf, toLocationInput, type LocationForm } from '../../lib/locationForm';
import { Link, navigate } from '../../router';
import { chApi } from '../api';
import { ChPage } from '../ChPage';

/** Add or edit a location of the organization: the Partner Hub's form and rules, the Control Hub's API. */
export function LocationEditor({ locationId }: { locationId?: string }) {
  const { t } = useTranslation();
  const ctx = useLoad(async () => {
    const [locations, location] = await Promise.all([
      ok(chApi.GET('/v1/control-hub/locations')).then((r) => r.data.items),
      locationId ? ok(chApi.GET('/v1/control-hub/locations/{locationId}', { params: { path: { locationId } } })).then((r) => r.data) : Promise.resolve(undefined),
    ]);
    return { locations, location };
  }, [locationId]);
  const title = locationId ? t('locations.edit') : t('locations.add');
  const crumbs = [{ label: t('controlHub.locations.title'), to: '/control-hub/locations' }, { label: title }];
  if (!ctx.data) {
    return (
      <ChPage title={title} crumbs={crumbs}>
        {ctx.loading ? <Loading label={t('common.loading')} /> : <ProblemBanner problem={ctx.problem} />}
      </ChPage>
    );
  }
  const { location, locations } = ctx.data;
  return (
    <ChPage title={location ? t('locations.editNamed', { name: location.name }) : title} crumbs={crumbs}>
      <FormView location={location} locations={locations} />
    </ChPage>
  );
}

/** A new location starts like the headquarters: its country, time zone and language. */
function newForm(locations: Location[]): LocationForm {
  const hq = locations.find((l) => l.headquarters) ?? locations[0];
  const country = hq?.address.country ?? 'US';
  return { name: '', country, address: emptyAddress(), timezone: hq?.timezone ?? defaultTimezoneForCountry(country), language: hq?.language ?? 'en_US', emergencyLocationIdentifier: '' };
}

function FormView({ location, locations }: { location?: Location; locations: Location[] }) {
  const { t } = useTranslation();
  const countries = useCountries();
  const [form, setForm] = useState<LocationForm>(() => (location ? locationFormOf(location) : newForm(locations)));
  const [problems, setProblems] = useState<Record<string, Problem>>({});
  const [problem, setProblem] = useState<ApiProblem | null>(null);
  const [busy, setBusy] = useState(false);
  const { banner, focusInvalid } = useFocusInvalid();
  const assigned = assignProblem(problem, LOCATION_RULES);
  const translated = Object.fromEntries(Object.entries(problems).map(([k, p]) => [k, t(p.key, p.values)]));

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
      if (location) await ok(chApi.PUT('/v1/control-hub/locations/{locationId}', { params: { path: { locationId: location.id } }, body }));
      else await ok(chApi.POST('/v1/control-hub/locations', { body }));
      navigate('/control-hub/locations?saved=1');
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
          <TextField id="loc-name" label={t('customerForm.locationName')} hint={t('locations.nameHint')} required maxLength={255} autoComplete="off"
            value={form.name} onValue={(v) => setForm((x) => ({ ...x, name: v }))} problem={translated.name} apiErrors={assigned.byField.name} />
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
            {countries.map(([code, label]) => <option key={code} value={code}>{label}</option>)}
          </SelectField>
          <AddressFields idPrefix="loc" country={form.country} address={form.address}
            onChange={(k, v) => setForm((x) => ({ ...x, address: { ...x.address, [k]: v } }))} problems={translated} apiErrors={assigned.byField} />
        </fieldset>
        <fieldset>
          <legend>{t('customer.emergency')}</legend>
          <TextField id="loc-eli" label={t('locations.eli')} hint={t('locations.eliHint')} maxLength={100} autoComplete="off"
            value={form.emergencyLocationIdentifier} onValue={(v) => setForm((x) => ({ ...x, emergencyLocationIdentifier: v }))}
            problem={translated.emergencyLocationIdentifier} apiErrors={assigned.byField.emergencyLocationIdentifier} />
        </fieldset>
        <div className="wizard-buttons">
          <Link className="button secondary" to="/control-hub/locations">{t('common.cancel')}</Link>
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
