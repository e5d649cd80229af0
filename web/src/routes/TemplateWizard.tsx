import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ok, type ApiProblem } from '../api/client';
import { assignProblem } from '../api/errors';
import { Loading } from '../components/Notice';
import { Page } from '../components/Page';
import { ProblemBanner } from '../components/ProblemBanner';
import { AuthStep } from '../components/template/AuthStep';
import { EmailCallingStep } from '../components/template/EmailCallingStep';
import { MainSettingsStep } from '../components/template/MainSettingsStep';
import { TemplateSummary } from '../components/template/TemplateSummary';
import { Steps, WizardButtons } from '../components/Wizard';
import { asProblem, useFocusInvalid, useLoad } from '../lib/hooks';
import {
  TEMPLATE_RULES,
  TEMPLATE_STEP_FIELDS,
  checkTemplateStep,
  emptyTemplate,
  fromTemplate,
  toInput,
  type TemplateForm,
} from '../lib/templateForm';
import { navigate } from '../router';

const SUMMARY = 4;

/** Create template (and Edit): Webex for Wholesale → main settings → authentication → email and calling → summary. */
export function TemplateWizard({ templateId }: { templateId?: string }) {
  const { t } = useTranslation();
  const editing = templateId !== undefined;
  const existing = useLoad(
    async () => (templateId ? (await ok(api.GET('/v1/wholesale/templates/{templateId}', { params: { path: { templateId } } }))).data : null),
    [templateId],
  );
  const [form, setForm] = useState<TemplateForm | null>(editing ? null : emptyTemplate());
  const [step, setStep] = useState(editing ? 1 : 0);
  const [reached, setReached] = useState(editing ? SUMMARY : 0);
  const [problems, setProblems] = useState<Record<string, string>>({});
  const [problem, setProblem] = useState<ApiProblem | null>(null);
  const [busy, setBusy] = useState(false);
  // After a refused step or submit, the focus goes to the first field in error.
  const { banner, focusInvalid: firstInvalid } = useFocusInvalid();

  useEffect(() => {
    if (existing.data && !form) setForm(fromTemplate(existing.data));
  }, [existing.data, form]);

  const steps = [t('templateForm.type'), t('templateForm.mainSettings'), t('templateForm.authentication'), t('templateForm.emailAndCalling'), t('wizard.summary')];
  const crumbs = [
    { label: t('nav.customers'), to: '/customers' },
    { label: t('templates.title'), to: '/templates' },
    { label: editing ? t('templates.edit') : t('templates.create') },
  ];

  if (!form) {
    return (
      <Page title={t('templates.edit')} crumbs={crumbs}>
        {existing.problem ? <ProblemBanner problem={existing.problem} /> : <Loading label={t('common.loading')} />}
      </Page>
    );
  }

  const set = <K extends keyof TemplateForm>(key: K, value: TemplateForm[K]) => setForm((f) => (f ? { ...f, [key]: value } : f));
  const assigned = assignProblem(problem, TEMPLATE_RULES);
  const translated = Object.fromEntries(Object.entries(problems).map(([k, v]) => [k, t(v)]));
  const open = (i: number) => {
    setStep(i);
    setProblems({});
  };

  const submit = async () => {
    setBusy(true);
    setProblem(null);
    try {
      const body = toInput(form);
      const { data } = templateId
        ? await ok(api.PUT('/v1/wholesale/templates/{templateId}', { params: { path: { templateId } }, body }))
        : await ok(api.POST('/v1/wholesale/templates', { body }));
      navigate(`/templates/${encodeURIComponent(data.id)}${editing ? '?saved=1' : '?created=1'}`);
    } catch (err) {
      const p = asProblem(err);
      setProblem(p);
      // Back to the first step with a field the API refused.
      const fields = Object.keys(assignProblem(p, TEMPLATE_RULES).byField);
      const steps = fields.map((f) => TEMPLATE_STEP_FIELDS[f]).filter((s): s is number => s !== undefined);
      if (steps.length) setStep(Math.min(...steps));
      firstInvalid.current = true;
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
    const found = checkTemplateStep(step, form);
    setProblems(found);
    if (Object.keys(found).length) {
      firstInvalid.current = true;
      return;
    }
    setStep(step + 1);
    setReached((r) => Math.max(r, step + 1));
  };

  const fieldCount = Object.keys(assigned.byField).length;
  return (
    <Page title={editing ? t('templates.editNamed', { name: existing.data?.name ?? form.name }) : t('templates.create')} crumbs={crumbs}>
      <Steps steps={steps} current={step} reached={reached} onOpen={open} />
      <ProblemBanner ref={banner} problem={problem} rest={assigned.rest} fieldCount={fieldCount} />
      <form onSubmit={next} noValidate className="form wizard">
        {step === 0 && (
          <fieldset>
            <legend>{t('templateForm.type')}</legend>
            <div className="radio-cards">
              <div className="radio-card selected">
                <input type="radio" id="type-wholesale" name="type" checked readOnly aria-describedby="type-wholesale-hint" />
                <label htmlFor="type-wholesale">{t('templateForm.wholesale')}</label>
                <p id="type-wholesale-hint" className="hint">{t('templateForm.wholesaleHint')}</p>
              </div>
            </div>
          </fieldset>
        )}
        {step === 1 && <MainSettingsStep form={form} set={set} problems={translated} apiErrors={assigned.byField} />}
        {step === 2 && <AuthStep form={form} set={set} problems={translated} apiErrors={assigned.byField} />}
        {step === 3 && <EmailCallingStep form={form} set={set} problems={translated} apiErrors={assigned.byField} />}
        {step === SUMMARY && <TemplateSummary form={form} onEdit={open} />}
        <WizardButtons
          onCancel={() => navigate(templateId ? `/templates/${encodeURIComponent(templateId)}` : '/templates')}
          onBack={step > 0 ? () => open(step - 1) : undefined}
          nextLabel={step === SUMMARY ? (editing ? t('common.save') : t('wizard.submit')) : t('wizard.next')}
          busy={busy}
        />
      </form>
    </Page>
  );
}
