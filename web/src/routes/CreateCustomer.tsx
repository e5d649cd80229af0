import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api, idFromUrl, ok, type ApiProblem } from '../api/client';
import { assignProblem } from '../api/errors';
import { CustomerEmailStep } from '../components/customer-form/CustomerEmailStep';
import { CustomerInfoStep } from '../components/customer-form/CustomerInfoStep';
import { CustomerSummary } from '../components/customer-form/CustomerSummary';
import { HeadquartersStep } from '../components/customer-form/HeadquartersStep';
import { PackagesStep } from '../components/customer-form/PackagesStep';
import { Loading } from '../components/Notice';
import { Page } from '../components/Page';
import { ProblemBanner } from '../components/ProblemBanner';
import { Steps, WizardButtons } from '../components/Wizard';
import { NEW_ORG, checkChoice, chosenOrg, defaultChoice, suggestedFirst, type OrgMatch } from '../lib/attach';
import { defaultTimezoneForCountry } from '../lib/domain';
import {
  CUSTOMER_RULES,
  STEP,
  checkCustomerStep,
  emptyCustomer,
  needsCallingLocation,
  stepOfField,
  toCustomerInput,
  type CustomerForm,
  type Problem,
} from '../lib/customerForm';
import { asProblem, useFocusInvalid, useLoad } from '../lib/hooks';
import { newKey } from '../lib/ids';
import { navigate } from '../router';

const SUMMARY = STEP.summary;
const normal = (email: string) => email.trim().toLowerCase();

/**
 * Actions › Create wholesale customer: customer email (an existing organization to attach the
 * services to, or a new one — seed 003) → information → packages and add-ons → headquarters → summary.
 */
export function CreateCustomer() {
  const { t } = useTranslation();
  const templates = useLoad(async () => (await ok(api.GET('/v1/wholesale/templates', { params: { query: { max: '100' } } }))).data.items, []);
  const [form, setForm] = useState<CustomerForm>(emptyCustomer);
  const [step, setStep] = useState(0);
  const [reached, setReached] = useState(0);
  const [problems, setProblems] = useState<Record<string, Problem>>({});
  const [problem, setProblem] = useState<ApiProblem | null>(null);
  const [busy, setBusy] = useState(false);
  // The organizations matching the administrator email, for the email they were looked up with.
  const [lookup, setLookup] = useState<{ email: string; items: OrgMatch[] } | null>(null);
  const [searching, setSearching] = useState(false);
  // The company name the wizard filled in from a chosen organization (replaced if the choice changes).
  const [prefilled, setPrefilled] = useState('');
  // One key per wizard: a double submit or a retried request cannot create the customer twice.
  const [idempotencyKey] = useState(newKey);
  const { banner, focusInvalid } = useFocusInvalid();

  const update = (change: (f: CustomerForm) => CustomerForm) => setForm(change);
  const assigned = assignProblem(problem, CUSTOMER_RULES);
  const translated = Object.fromEntries(Object.entries(problems).map(([k, v]) => [k, t(v.key, v.values)]));
  const open = (i: number) => {
    setStep(i);
    setProblems({});
  };
  const templateList = templates.data ?? [];
  const matches = lookup && lookup.email === normal(form.primaryEmail) ? lookup.items : null;
  const org = matches ? chosenOrg(matches, form.orgChoice) : undefined;

  const advance = (from: number) => {
    setStep(from + 1);
    setReached((r) => Math.max(r, from + 1));
  };

  const search = async () => {
    const email = normal(form.primaryEmail);
    setSearching(true);
    setProblem(null);
    try {
      const { data } = await ok(api.GET('/v1/wholesale/organizations/matches', { params: { query: { email } } }));
      const items = suggestedFirst(data.items);
      setLookup({ email, items });
      setForm((f) => ({ ...f, orgChoice: defaultChoice(items) }));
      // Nothing matches: the customer gets a new organization, nothing to confirm.
      if (items.length === 0) advance(STEP.email);
    } catch (err) {
      setProblem(asProblem(err));
      focusInvalid.current = true;
    } finally {
      setSearching(false);
    }
  };

  const submit = async () => {
    setBusy(true);
    setProblem(null);
    try {
      const { data } = await ok(
        api.POST('/v1/wholesale/customers', { body: toCustomerInput(form), params: { header: { 'idempotency-key': idempotencyKey } } }),
      );
      navigate(`/customers/${encodeURIComponent(idFromUrl(data.url))}?created=1`);
    } catch (err) {
      const p = asProblem(err);
      setProblem(p);
      const steps = Object.keys(assignProblem(p, CUSTOMER_RULES).byField).map(stepOfField).filter((s): s is number => s !== undefined);
      if (steps.length) setStep(Math.min(...steps));
      focusInvalid.current = true;
    } finally {
      setBusy(false);
    }
  };

  const next = (e: FormEvent) => {
    e.preventDefault();
    if (step === SUMMARY) {
      void submit();
      return;
    }
    const found = checkCustomerStep(step, form);
    if (step === STEP.email && matches && Object.keys(found).length === 0) {
      const choice = checkChoice(matches, form.orgChoice);
      if (choice) found.orgChoice = choice;
    }
    setProblems(found);
    if (Object.keys(found).length) {
      focusInvalid.current = true;
      return;
    }
    if (step === STEP.email) {
      if (!matches) {
        void search();
        return;
      }
      // Confirmed: the company name starts as the organization's (seed 003 keeps the org's name).
      if (org && (!form.name.trim() || form.name === prefilled)) {
        setForm((f) => ({ ...f, name: org.name }));
        setPrefilled(org.name);
      }
    }
    // Sensible defaults for the HQ calling location, from what is known so far.
    if (step === STEP.packages && needsCallingLocation(form)) {
      const tpl = templateList.find((x) => x.provisioningId === form.provisioningId);
      setForm((f) => ({
        ...f,
        locationName: f.locationName || t('customerForm.defaultLocationName'),
        timezone: f.timezone || defaultTimezoneForCountry(f.country),
        locationLanguage: f.locationLanguage || (f.language.includes('_') ? f.language : '') || tpl?.defaultEmailLanguage || '',
      }));
    }
    advance(step);
  };

  // A different email needs a new search: the steps after this one wait for it.
  const onEmail = (v: string) => {
    setForm((f) => ({ ...f, primaryEmail: v }));
    if (lookup && lookup.email !== normal(v)) setReached(0);
  };

  const steps = [t('attach.step'), t('customerForm.info'), t('customerForm.packages'), t('customerForm.headquarters'), t('wizard.summary')];
  const nextLabel =
    step === SUMMARY ? t('customerForm.create') : step === STEP.email && matches && matches.length > 0 ? t('attach.confirm') : t('wizard.next');
  const props = { form, update, problems: translated, apiErrors: assigned.byField };
  return (
    <Page title={t('customers.create')} crumbs={[{ label: t('nav.customers'), to: '/customers' }, { label: t('customers.create') }]}>
      <Steps steps={steps} current={step} reached={reached} onOpen={open} />
      <ProblemBanner ref={banner} problem={problem ?? templates.problem} rest={problem ? assigned.rest : undefined} fieldCount={Object.keys(assigned.byField).length} />
      {templates.loading && !templates.data ? (
        <Loading label={t('common.loading')} />
      ) : (
        <form onSubmit={next} noValidate className="form wizard">
          {step === STEP.email && (
            <CustomerEmailStep email={form.primaryEmail} onEmail={onEmail} matches={matches} searching={searching} choice={form.orgChoice}
              onChoice={(v) => setForm((f) => ({ ...f, orgChoice: v }))} problems={translated} apiErrors={assigned.byField} />
          )}
          {step === STEP.info && (
            <CustomerInfoStep {...props} templates={templateList} onChangeEmail={() => open(STEP.email)}
              target={{ existing: org?.name, noMatches: form.orgChoice === NEW_ORG && matches?.length === 0 }} />
          )}
          {step === STEP.packages && <PackagesStep {...props} />}
          {step === STEP.headquarters && <HeadquartersStep {...props} onChangeCountry={() => open(STEP.info)} />}
          {step === SUMMARY && <CustomerSummary form={form} templates={templateList} org={org} onEdit={open} />}
          <WizardButtons
            onCancel={() => navigate('/customers')}
            onBack={step > 0 ? () => open(step - 1) : undefined}
            nextLabel={nextLabel}
            busy={busy || searching}
          />
        </form>
      )}
    </Page>
  );
}
