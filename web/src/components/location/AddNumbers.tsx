import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ok, type ApiProblem } from '../../api/client';
import { useFormat } from '../../i18n/format';
import { asProblem } from '../../lib/hooks';
import { MAX_NUMBERS, checkNumbers, parseNumbers, refusedNumbers, withoutNumbers, type NumberProblem } from '../../lib/numbers';
import { Notice } from '../Notice';
import { ProblemBanner } from '../ProblemBanner';

/**
 * Add numbers to a location's inventory: E.164 numbers typed one per line, up to 100, checked
 * here first; the API adds them all or none and names each number it refuses, listed under
 * the box with its code, with a button to drop them and send the others.
 */
export function AddNumbers({
  orgId,
  locationId,
  locationName,
  onAdded,
  focusOnOpen = false,
}: {
  orgId: string;
  locationId: string;
  locationName: string;
  onAdded: () => void;
  /** Opened from "Add numbers" elsewhere: start in the box. */
  focusOnOpen?: boolean;
}) {
  const { t } = useTranslation();
  const f = useFormat();
  const [text, setText] = useState('');
  const [check, setCheck] = useState<{ problems: NumberProblem[]; count: 'none' | 'tooMany' | null } | null>(null);
  const [problem, setProblem] = useState<ApiProblem | null>(null);
  const [sent, setSent] = useState<string[]>([]);
  const [added, setAdded] = useState<number | null>(null);
  const [busy, setBusy] = useState(false);
  const box = useRef<HTMLTextAreaElement>(null);
  const banner = useRef<HTMLDivElement>(null);
  const focusBox = useRef(false);

  useEffect(() => {
    if (!focusOnOpen) return;
    box.current?.scrollIntoView({ block: 'center' });
    box.current?.focus();
  }, [focusOnOpen]);

  useEffect(() => {
    if (!focusBox.current) return;
    focusBox.current = false;
    if (box.current?.getAttribute('aria-invalid') === 'true') box.current.focus();
    else banner.current?.focus();
  });

  const numbers = parseNumbers(text);
  const { refused, rest } = problem ? refusedNumbers(problem.errors, sent) : { refused: [], rest: [] };
  const own = check && (check.problems.length > 0 || check.count !== null);
  const invalid = Boolean(own || refused.length);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setAdded(null);
    const found = checkNumbers(numbers);
    setProblem(null);
    if (found.problems.length || found.count) {
      setCheck(found);
      focusBox.current = true;
      return;
    }
    setCheck(null);
    setBusy(true);
    setSent(numbers);
    try {
      await ok(
        api.POST('/v1/telephony/config/locations/{locationId}/numbers', {
          params: { path: { locationId }, query: { orgId } },
          body: { phoneNumbers: numbers },
        }),
      );
      setAdded(numbers.length);
      setText('');
      onAdded();
    } catch (err) {
      setProblem(asProblem(err));
      focusBox.current = true;
    } finally {
      setBusy(false);
    }
  };

  const dropRefused = () => {
    setText((x) => withoutNumbers(x, new Set(refused.map((r) => r.number))));
    setProblem(null);
    box.current?.focus();
  };

  const describedBy = ['numbers-hint', 'numbers-count', invalid ? 'numbers-error' : ''].filter(Boolean).join(' ');
  return (
    <section aria-labelledby="add-numbers-title">
      <h2 id="add-numbers-title">{t('numbers.add')}</h2>
      {added !== null && (
        <Notice tone="success" live>
          <p>{t('numbers.added', { n: added, location: locationName })}</p>
        </Notice>
      )}
      <ProblemBanner ref={banner} problem={problem} rest={rest} fieldCount={refused.length ? 1 : 0} />
      <form onSubmit={(e) => void submit(e)} noValidate className="form">
        <fieldset>
          <legend className="sr-only">{t('numbers.add')}</legend>
          <div className={`field wide${invalid ? ' invalid' : ''}`}>
            <div className="label-row">
              <label htmlFor="numbers">{t('numbers.label')}</label>
              <span className="required" aria-hidden="true">
                *
              </span>
            </div>
            <textarea id="numbers" ref={box} rows={6} required spellCheck={false} autoComplete="off" value={text}
              onChange={(e) => setText(e.target.value)} aria-describedby={describedBy} aria-invalid={invalid || undefined} />
            <p id="numbers-hint" className="hint">{t('numbers.hint', { max: MAX_NUMBERS })}</p>
            <p id="numbers-count" className="hint" aria-live="polite">{t('numbers.count', { n: f.number(numbers.length), max: MAX_NUMBERS })}</p>
            {invalid && (
              <div id="numbers-error" className="field-errors">
                {check?.count === 'none' && <p>{t('numbers.none')}</p>}
                {check?.count === 'tooMany' && <p>{t('numbers.tooMany', { n: numbers.length, max: MAX_NUMBERS })}</p>}
                {check && check.problems.length > 0 && (
                  <ul className="refused">
                    {check.problems.map((p) => (
                      <li key={p.number}>
                        <code>{p.number}</code> {t(p.key)}
                      </li>
                    ))}
                  </ul>
                )}
                {refused.length > 0 && (
                  <>
                    <p>{t('numbers.refused', { n: new Set(refused.map((r) => r.number)).size })}</p>
                    <ul className="refused">
                      {refused.map((r, i) => (
                        <li key={i}>
                          <span className="code">{t('errors.code', { code: r.error.errorCode })}</span> {r.error.description}
                        </li>
                      ))}
                    </ul>
                  </>
                )}
              </div>
            )}
            {refused.length > 0 && (
              <button type="button" className="secondary small" onClick={dropRefused}>
                {t('numbers.dropRefused')}
              </button>
            )}
          </div>
        </fieldset>
        <div className="wizard-buttons">
          <span className="spacer" />
          <button type="submit" className="primary" disabled={busy} aria-busy={busy || undefined}>
            {busy && <span className="spinner small" aria-hidden="true" />}
            {t('numbers.submit')}
          </button>
        </div>
      </form>
    </section>
  );
}
