import type { ErrorItem } from '../../api/client';
import type { CustomerForm } from '../../lib/customerForm';

export type CustomerStepProps = {
  form: CustomerForm;
  update: (change: (f: CustomerForm) => CustomerForm) => void;
  /** The portal's own message per field, already translated. */
  problems: Record<string, string>;
  /** What the API said per field. */
  apiErrors: Record<string, ErrorItem[]>;
};
