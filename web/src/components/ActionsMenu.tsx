import { useEffect, useId, useRef, useState } from 'react';
import { Link } from '../router';

/**
 * A disclosure button with a short list of links ("Actions ▾"): Escape closes it and gives the
 * focus back to the button; a click elsewhere closes it.
 */
export function ActionsMenu({ label, items }: { label: string; items: Array<{ to: string; label: string }> }) {
  const [open, setOpen] = useState(false);
  const id = useId();
  const root = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    if (!open) return;
    const away = (e: MouseEvent) => {
      if (!root.current?.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener('mousedown', away);
    return () => document.removeEventListener('mousedown', away);
  }, [open]);

  return (
    <div
      className="menu"
      ref={root}
      onKeyDown={(e) => {
        if (e.key === 'Escape' && open) {
          setOpen(false);
          button.current?.focus();
        }
      }}
    >
      <button ref={button} type="button" className="primary" aria-expanded={open} aria-controls={id} onClick={() => setOpen((o) => !o)}>
        {label} <span aria-hidden="true">▾</span>
      </button>
      <ul id={id} hidden={!open} className="menu-list">
        {items.map((i) => (
          <li key={i.to}>
            <Link to={i.to} onClick={() => setOpen(false)}>
              {i.label}
            </Link>
          </li>
        ))}
      </ul>
    </div>
  );
}
