import type { ReactNode } from 'react';

export function Notice({ tone = 'info', title, children, live }: { tone?: 'info' | 'warning' | 'success' | 'error'; title?: ReactNode; children?: ReactNode; live?: boolean }) {
  return (
    <div className={`notice ${tone}`} role={live ? 'status' : undefined}>
      {title && <p className="notice-title">{title}</p>}
      {children}
    </div>
  );
}

export function Loading({ label }: { label: string }) {
  return (
    <p className="loading" role="status">
      <span className="spinner" aria-hidden="true" /> {label}
    </p>
  );
}
