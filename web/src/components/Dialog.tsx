import { useEffect, useId, useRef, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

/**
 * A modal on the native <dialog>: the focus moves in and stays inside, Escape or Close shuts it,
 * and the focus goes back to what opened it.
 */
export function Dialog({ open, title, onClose, children, className }: { open: boolean; title: ReactNode; onClose: () => void; children: ReactNode; className?: string }) {
  const { t } = useTranslation();
  const ref = useRef<HTMLDialogElement>(null);
  const opener = useRef<Element | null>(null);
  const titleId = useId();
  useEffect(() => {
    const d = ref.current;
    if (!d) return;
    if (open && !d.open) {
      opener.current = document.activeElement;
      d.showModal();
    }
    if (!open && d.open) d.close();
    if (!open && opener.current instanceof HTMLElement) {
      opener.current.focus();
      opener.current = null;
    }
  }, [open]);
  return (
    <dialog ref={ref} aria-labelledby={titleId} onClose={onClose} onCancel={onClose} className={className}>
      <div className="dialog-head">
        <h2 id={titleId}>{title}</h2>
        <button type="button" className="secondary small" onClick={onClose} autoFocus>
          {t('common.close')}
        </button>
      </div>
      {children}
    </dialog>
  );
}
