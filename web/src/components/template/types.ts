import type { ErrorItem } from '../../api/client';
import type { TemplateForm } from '../../lib/templateForm';

export type StepProps = {
  form: TemplateForm;
  set: <K extends keyof TemplateForm>(key: K, value: TemplateForm[K]) => void;
  /** The portal's own message per field, already translated. */
  problems: Record<string, string>;
  /** What the API said per field. */
  apiErrors: Record<string, ErrorItem[]>;
};
