/** The Webex scope names a partner token can carry. */
export const SCOPES = [
  'spark-admin:wholesale_customers_read',
  'spark-admin:wholesale_customers_write',
  'spark-admin:wholesale_subscribers_read',
  'spark-admin:wholesale_subscribers_write',
  'spark-admin:wholesale_billing_reports_read',
  'spark-admin:wholesale_billing_reports_write',
] as const;
export type Scope = (typeof SCOPES)[number];
