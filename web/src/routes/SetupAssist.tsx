import { useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiProblem, api, hasLink, ok, type Customer } from '../api/client';
import { assignProblem } from '../api/errors';
import { CheckField, Field, FieldErrors, SelectField, TextField } from '../components/Field';
import { Loading } from '../components/Notice';
import { Page } from '../components/Page';
import { Pagination } from '../components/Pagination';
import { ProblemBanner } from '../components/ProblemBanner';
import { RequestFacts, RequestsTable } from '../components/setup-assist/RequestViews';
import type { Problem } from '../lib/address';
import { asProblem, useLoad } from '../lib/hooks';
import {
  SERVICES,
  SETUP_ASSIST_RULES,
  checkSetupAssist,
  customerLabel,
  earliestDate,
  emptySetupAssist,
  toSetupAssistInput,
  type SetupAssistForm,
  type SetupAssistRequest,
} from '../lib/setupAssist';
import { useLocation } from '../router';

/**
 * Wholesale Setup Assist (seeds, "What to do next": optional): the request form, the request as
 * stored once submitted, and the partner's previous requests.
 */
export function SetupAssist() {
  const { t } = useTranslation();
  const { search } = useLocation();
  const wanted = search.get('customerId') ?? '';
  // The partner's newest customers for the picker, and the one asked for in the link if older.
  const customers = useLoad(async () => {
    const { data } = await ok(api.GET('/v1/wholesale/customers', { params: { query: { max: '100' } } }));
    if (!wanted || data.items.some((c) => c.id === wanted)) return data.items;
    try {
      const one = await ok(api.GET('/v1/wholesale/customers/{customerId}', { params: { path: { customerId: wanted } } }));
      return [one.data, ...data.items];
    } catch (err) {
      if (err instanceof ApiProblem && err.status === 404) return data.items;
      throw err;
    }
  }, [wanted]);

  const [offset, setOffset] = useState(0);
  const [max, setMax] = useState(10);
  const list = useLoad(async () => {
    const { data, response } = await ok(
      api.GET('/v1/wholesale/setup-assist-requests', { params: { query: { offset: String(offset), max: String(max) } } }),
    );
    return { items: data.items, hasNext: hasLink(response, 'next') };
  }, [offset, max]);

  return (
    <Page title={t('setupAssist.title')}>
      <p className="muted">{t('setupAssist.intro')}</p>
      {customers.data === undefined && customers.loading ? (
        <Loading label={t('common.loading')} />
      ) : (
        <RequestForm customers={customers.data ?? []} initialCustomerId={customers.data?.some((c) => c.id === wanted) ? wanted : ''}
          loadProblem={customers.problem} onSubmitted={() => (offset === 0 ? list.reload() : setOffset(0))} />
      )}
      <section aria-labelledby="previous-title">
        <h2 id="previous-title">{t('setupAssist.previous')}</h2>
        <ProblemBanner problem={list.problem} />
        {list.data === undefined && list.loading ? (
          <Loading label={t('common.loading')} />
        ) : list.data && list.data.items.length === 0 && offset === 0 ? (
          <p className="empty">{t('setupAssist.none')}</p>
        ) : list.data ? (
          <>
            <RequestsTable items={list.data.items} />
            <Pagination offset={offset} max={max} count={list.data.items.length} hasNext={list.data.hasNext}
              onPage={setOffset} onSize={(m) => { setMax(m); setOffset(0); }} />
          </>
        ) : null}
      </section>
    </Page>
  );
}

function RequestForm({
  customers,
  initialCustomerId,
  loadProblem,
  onSubmitted,
}: {
  customers: Customer[];
  initialCustomerId: string;
  loadProblem: ApiProblem | null;
  onSubmitted: () => void;
}) {
  const { t } = useTranslation();
  const [form, setForm] = useState<SetupAssistForm>(() => emptySetupAssist(initialCustomerId));
  const [problems, setProblems] = useState<Record<string, Problem>>({});
  const [problem, setProblem] = useState<ApiProblem | null>(null);
  const [stored, setStored] = useState<SetupAssistRequest | null>(null);
  const [busy, setBusy] = useState(false);
  const earliest = useMemo(() => earliestDate(), []);
  const banner = useRef<HTMLDivElement>(null);
  const done = useRef<HTMLDivElement>(null);
  const focus = useRef<'invalid' | 'done' | null>(null);

  useEffect(() => {
    const what = focus.current;
    if (!what) return;
    focus.current = null;
    if (what === 'done') done.current?.focus();
    else (document.querySelector<HTMLElement>('form [aria-invalid="true"]') ?? banner.current)?.focus();
  });

  const assigned = assignProblem(problem, SETUP_ASSIST_RULES);
  const msg = Object.fromEntries(Object.entries(problems).map(([k, v]) => [k, t(v.key, v.values)]));
  const err = (k: string) => ({ problem: msg[k], apiErrors: assigned.byField[k] });
  const set = <K extends keyof SetupAssistForm>(k: K, v: SetupAssistForm[K]) => setForm((x) => ({ ...x, [k]: v }));

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const found = checkSetupAssist(form, earliest);
    setProblems(found);
    if (Object.keys(found).length) {
      focus.current = 'invalid';
      return;
    }
    setBusy(true);
    setProblem(null);
    setStored(null);
    try {
      const { data } = await ok(api.POST('/v1/wholesale/setup-assist-requests', { body: toSetupAssistInput(form, customers) }));
      setStored(data);
      // The contact usually stays the same for the next request.
      setForm((x) => ({ ...emptySetupAssist(), contactName: x.contactName, contactEmail: x.contactEmail, contactPhone: x.contactPhone }));
      focus.current = 'done';
      onSubmitted();
    } catch (error) {
      setProblem(asProblem(error));
      focus.current = 'invalid';
    } finally {
      setBusy(false);
    }
  };

  const servicesInvalid = Boolean(msg.services || assigned.byField.services?.length);
  return (
    <>
      {stored && (
        <div ref={done} tabIndex={-1} className="notice success" role="status" aria-labelledby="stored-title">
          <p id="stored-title" className="notice-title">{t('setupAssist.stored')}</p>
          <RequestFacts request={stored} />
        </div>
      )}
      <ProblemBanner ref={banner} problem={problem ?? loadProblem} rest={problem ? assigned.rest : undefined} fieldCount={Object.keys(assigned.byField).length} />
      <form onSubmit={(e) => void submit(e)} noValidate className="form">
        <fieldset>
          <legend>{t('setupAssist.contact')}</legend>
          <TextField id="sa-contact-name" label={t('setupAssist.contactName')} required maxLength={255} autoComplete="name"
            value={form.contactName} onValue={(v) => set('contactName', v)} {...err('contactName')} />
          <div className="grid-2">
            <TextField id="sa-contact-email" type="email" label={t('setupAssist.contactEmail')} required autoComplete="email"
              value={form.contactEmail} onValue={(v) => set('contactEmail', v)} {...err('contactEmail')} />
            <TextField id="sa-contact-phone" type="tel" label={t('setupAssist.contactPhone')} maxLength={40} autoComplete="tel"
              value={form.contactPhone} onValue={(v) => set('contactPhone', v)} {...err('contactPhone')} />
          </div>
        </fieldset>
        <fieldset>
          <legend>{t('setupAssist.customer')}</legend>
          <SelectField id="sa-customer" label={t('setupAssist.whichCustomer')} hint={t('setupAssist.customerHint')} required
            value={form.customerId} onValue={(v) => set('customerId', v)} {...err('customerId')}>
            <option value="">{t('setupAssist.typeName')}</option>
            {customers.map((c) => (
              <option key={c.id} value={c.id}>
                {customerLabel(c)}
              </option>
            ))}
          </SelectField>
          {!form.customerId && (
            <TextField id="sa-customer-name" label={t('setupAssist.customerName')} required maxLength={255} autoComplete="organization"
              value={form.customerName} onValue={(v) => set('customerName', v)} {...err('customerName')} />
          )}
        </fieldset>
        <fieldset aria-describedby={servicesInvalid ? 'sa-services-error' : undefined}>
          <legend>
            {t('setupAssist.services')} <span className="required" aria-hidden="true">*</span>
          </legend>
          <p className="hint">{t('setupAssist.servicesHint')}</p>
          <FieldErrors id="sa-services-error" {...err('services')} />
          <div className="check-grid">
            {SERVICES.map((s) => (
              <CheckField key={s} id={`sa-service-${s}`} label={t(`setupAssist.service.${s}`)} checked={form.services.includes(s)}
                groupError={servicesInvalid ? 'sa-services-error' : undefined}
                onChecked={(on) => set('services', on ? [...form.services, s] : form.services.filter((x) => x !== s))} />
            ))}
          </div>
        </fieldset>
        <fieldset>
          <legend>{t('setupAssist.detailsAndDate')}</legend>
          <Field id="sa-details" label={t('setupAssist.details')} hint={t('setupAssist.detailsHint')} className="wide" {...err('details')}>
            {(c) => <textarea {...c} rows={5} maxLength={4000} value={form.details} onChange={(e) => set('details', e.target.value)} />}
          </Field>
          <TextField id="sa-date" type="date" label={t('setupAssist.preferredDate')} hint={t('setupAssist.preferredDateHint')} required min={earliest}
            className="short" value={form.preferredDate} onValue={(v) => set('preferredDate', v)} {...err('preferredDate')} />
        </fieldset>
        <div className="wizard-buttons">
          <span className="spacer" />
          <button type="submit" className="primary" disabled={busy} aria-busy={busy || undefined}>
            {busy && <span className="spinner small" aria-hidden="true" />}
            {t('setupAssist.submit')}
          </button>
        </div>
      </form>
    </>
  );
}
