CREATE TABLE "attach_requests" (
	"id" uuid PRIMARY KEY NOT NULL,
	"customer_id" uuid NOT NULL,
	"org_id" uuid NOT NULL,
	"partner_id" uuid NOT NULL,
	"status" text NOT NULL,
	"reasons" text[] NOT NULL,
	"created" timestamp with time zone DEFAULT now() NOT NULL,
	"expires" timestamp with time zone NOT NULL,
	"decided" timestamp with time zone,
	"decided_by" text
);
--> statement-breakpoint
CREATE TABLE "audit_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"org_id" uuid,
	"partner_id" uuid,
	"customer_id" uuid,
	"actor" text NOT NULL,
	"action" text NOT NULL,
	"before" jsonb,
	"after" jsonb,
	"created" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "control_hub_sessions" (
	"token_hash" text PRIMARY KEY NOT NULL,
	"account_id" uuid NOT NULL,
	"csrf_token" text NOT NULL,
	"created" timestamp with time zone DEFAULT now() NOT NULL,
	"expires" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "customer_admin_accounts" (
	"id" uuid PRIMARY KEY NOT NULL,
	"org_id" uuid NOT NULL,
	"email" text NOT NULL,
	"password_hash" text,
	"activation_token_hash" text,
	"activation_expires" timestamp with time zone,
	"failed_attempts" integer DEFAULT 0 NOT NULL,
	"locked_until" timestamp with time zone,
	"created" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "customer_admin_accounts_email_unique" UNIQUE("email"),
	CONSTRAINT "customer_admin_accounts_activation_token_hash_unique" UNIQUE("activation_token_hash")
);
--> statement-breakpoint
CREATE TABLE "org_external_admins" (
	"org_id" uuid NOT NULL,
	"partner_id" uuid NOT NULL,
	"granted_by" text NOT NULL,
	"created" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "org_external_admins_org_id_partner_id_pk" PRIMARY KEY("org_id","partner_id")
);
--> statement-breakpoint
ALTER TABLE "customers" ADD COLUMN "attached" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "customers" ADD COLUMN "partner_rights" text DEFAULT 'full_admin' NOT NULL;--> statement-breakpoint
ALTER TABLE "customers" ADD COLUMN "api_only" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "customers" ADD COLUMN "keep_customer_branding" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "licenses" ADD COLUMN "state" text DEFAULT 'active' NOT NULL;--> statement-breakpoint
ALTER TABLE "licenses" ADD COLUMN "wholesale" boolean DEFAULT true NOT NULL;--> statement-breakpoint
ALTER TABLE "organizations" ADD COLUMN "origin" text DEFAULT 'wholesale' NOT NULL;--> statement-breakpoint
ALTER TABLE "organizations" ADD COLUMN "trial" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "organizations" ADD COLUMN "verified_domains" text[] DEFAULT '{}' NOT NULL;--> statement-breakpoint
ALTER TABLE "organizations" ADD COLUMN "claimed_domains" text[] DEFAULT '{}' NOT NULL;--> statement-breakpoint
ALTER TABLE "organizations" ADD COLUMN "authentication" jsonb;--> statement-breakpoint
ALTER TABLE "organizations" ADD COLUMN "branding" jsonb DEFAULT '{"basic":false}'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "organizations" ADD COLUMN "restricted_by_partner" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "people" ADD COLUMN "free_account" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "people" ADD COLUMN "licenses" text[] DEFAULT '{}' NOT NULL;--> statement-breakpoint
ALTER TABLE "subscribers" ADD COLUMN "consent_token_hash" text;--> statement-breakpoint
ALTER TABLE "subscribers" ADD COLUMN "pending_calling" jsonb;--> statement-breakpoint
ALTER TABLE "attach_requests" ADD CONSTRAINT "attach_requests_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "attach_requests" ADD CONSTRAINT "attach_requests_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "attach_requests" ADD CONSTRAINT "attach_requests_partner_id_partners_id_fk" FOREIGN KEY ("partner_id") REFERENCES "public"."partners"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "control_hub_sessions" ADD CONSTRAINT "control_hub_sessions_account_id_customer_admin_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."customer_admin_accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "customer_admin_accounts" ADD CONSTRAINT "customer_admin_accounts_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "org_external_admins" ADD CONSTRAINT "org_external_admins_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "org_external_admins" ADD CONSTRAINT "org_external_admins_partner_id_partners_id_fk" FOREIGN KEY ("partner_id") REFERENCES "public"."partners"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "attach_requests_org_idx" ON "attach_requests" USING btree ("org_id","status");--> statement-breakpoint
CREATE INDEX "attach_requests_customer_idx" ON "attach_requests" USING btree ("customer_id");--> statement-breakpoint
CREATE INDEX "audit_events_org_idx" ON "audit_events" USING btree ("org_id","id");--> statement-breakpoint
CREATE INDEX "audit_events_created_idx" ON "audit_events" USING btree ("created","id");--> statement-breakpoint
CREATE INDEX "control_hub_sessions_account_idx" ON "control_hub_sessions" USING btree ("account_id");--> statement-breakpoint
CREATE INDEX "customer_admin_accounts_org_idx" ON "customer_admin_accounts" USING btree ("org_id");--> statement-breakpoint
ALTER TABLE "subscribers" ADD CONSTRAINT "subscribers_consent_token_hash_unique" UNIQUE("consent_token_hash");