import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api, idFromUrl, ok, type ApiProblem } from '../api/client';
import { assignProblem } from '../api/errors';
import { CustomerInfoStep } from '../components/customer-form/CustomerInfoStep';
import { CustomerSummary } from '../components/customer-form/CustomerSummary';
import { HeadquartersStep } from '../components/customer-form/HeadquartersStep';
import { PackagesStep } from '../components/customer-form/PackagesStep';
import { Loading } from '../components/Notice';
import { Page } from '../components/Page';
import { ProblemBanner } from '../components/ProblemBanner';
import { Steps, WizardButtons } from '../components/Wizard';
import { defaultTimezoneForCountry } from '../lib/domain';
import {
  CUSTOMER_RULES,
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

const SUMMARY = 3;

/** Actions › Create wholesale customer: information → packages and add-ons → headquarters → summary. */
export function CreateCustomer() {
  const { t } = useTranslation();
  const templates = useLoad(async () => (await ok(api.GET('/v1/wholesale/templates', { params: { query: { max: '100' } } }))).data.items, []);
  const [form, setForm] = useState<CustomerForm>(emptyCustomer);
  const [step, setStep] = useState(0);
  const [reached, setReached] = useState(0);
  const [problems, setProblems] = useState<Record<string, Problem>>({});
  const [problem, setProblem] = useState<ApiProblem | null>(null);
  const [busy, setBusy] = useState(false);
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
    setProblems(found);
    if (Object.keys(found).length) {
      focusInvalid.current = true;
      return;
    }
    // Sensible defaults for the HQ calling location, from what is known so far.
    if (step === 1 && needsCallingLocation(form)) {
      const tpl = templateList.find((x) => x.provisioningId === form.provisioningId);
      setForm((f) => ({
        ...f,
        locationName: f.locationName || t('customerForm.defaultLocationName'),
        timezone: f.timezone || defaultTimezoneForCountry(f.country),
        locationLanguage: f.locationLanguage || (f.language.includes('_') ? f.language : '') || tpl?.defaultEmailLanguage || '',
      }));
    }
    setStep(step + 1);
    setReached((r) => Math.max(r, step + 1));
  };

  const steps = [t('customerForm.info'), t('customerForm.packages'), t('customerForm.headquarters'), t('wizard.summary')];
  const props = { form, update, problems: translated, apiErrors: assigned.byField };
  return (
    <Page title={t('customers.create')} crumbs={[{ label: t('nav.customers'), to: '/customers' }, { label: t('customers.create') }]}>
      <Steps steps={steps} current={step} reached={reached} onOpen={open} />
      <ProblemBanner ref={banner} problem={problem ?? templates.problem} rest={problem ? assigned.rest : undefined} fieldCount={Object.keys(assigned.byField).length} />
      {templates.loading && !templates.data ? (
        <Loading label={t('common.loading')} />
      ) : (
        <form onSubmit={next} noValidate className="form wizard">
          {step === 0 && <CustomerInfoStep {...props} templates={templateList} />}
          {step === 1 && <PackagesStep {...props} />}
          {step === 2 && <HeadquartersStep {...props} onChangeCountry={() => open(0)} />}
          {step === SUMMARY && <CustomerSummary form={form} templates={templateList} onEdit={open} />}
          <WizardButtons
            onCancel={() => navigate('/customers')}
            onBack={step > 0 ? () => open(step - 1) : undefined}
            nextLabel={step === SUMMARY ? t('customerForm.create') : t('wizard.next')}
            busy={busy}
          />
        </form>
      )}
    </Page>
  );
}
