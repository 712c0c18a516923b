'use client';

import { useEffect, useId, useRef, useState, type ReactNode } from 'react';
import type { TComboItem } from '@/lib/schemas/search';

/**
 * A searchable picker in the WAI-ARIA combobox pattern (list autocomplete, aria-activedescendant):
 * the text box asks `endpoint` (`…&q=typed text`, JSON `{ items: TComboItem[] }`) as the user types,
 * arrow keys move through the matches, Enter or a click picks one, Escape closes and restores the
 * choice. It replaces `<select>`s that listed every pollster or question: with thousands of them the
 * page grew by hundreds of kB and nobody could find an entry by scrolling.
 *
 * `name` adds a hidden input carrying the picked value, for plain GET forms. `fixedItems` are offered
 * whatever was typed (e.g. "None", "+ New pollster…").
 */
export interface SearchComboboxProps {
  id: string;
  label: string;
  endpoint: string;
  name?: string;
  defaultValue?: string;
  defaultLabel?: string;
  fixedItems?: readonly TComboItem[];
  onSelect?: (item: TComboItem) => void;
  placeholder?: string;
  hint?: ReactNode;
  errors?: string[];
  className?: string;
}

const DEBOUNCE_MS = 150;

export function SearchCombobox({
  id,
  label,
  endpoint,
  name,
  defaultValue = '',
  defaultLabel = '',
  fixedItems = [],
  onSelect,
  placeholder,
  hint,
  errors,
  className,
}: SearchComboboxProps) {
  const [selected, setSelected] = useState<{ value: string; label: string }>({ value: defaultValue, label: defaultLabel });
  const [text, setText] = useState(defaultLabel);
  const [open, setOpen] = useState(false);
  const [items, setItems] = useState<TComboItem[]>([]);
  const [active, setActive] = useState(-1);
  const [status, setStatus] = useState<'idle' | 'loading' | 'error'>('idle');
  const listId = useId();
  const request = useRef(0);

  const all = [...items, ...fixedItems];

  useEffect(() => {
    if (!open) return;
    const ticket = ++request.current;
    const timer = setTimeout(() => {
      setStatus('loading');
      const url = `${endpoint}${endpoint.includes('?') ? '&' : '?'}q=${encodeURIComponent(text === selected.label ? '' : text)}`;
      fetch(url, { headers: { accept: 'application/json' } })
        .then(async (res) => {
          if (!res.ok) throw new Error(String(res.status));
          const body = (await res.json()) as { items: TComboItem[] };
          // A slower earlier answer must not overwrite a later one.
          if (ticket !== request.current) return;
          setItems(body.items);
          setActive(-1);
          setStatus('idle');
        })
        .catch(() => {
          if (ticket === request.current) setStatus('error');
        });
    }, DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [endpoint, open, text, selected.label]);

  const pick = (item: TComboItem) => {
    setSelected({ value: item.value, label: item.label });
    setText(item.label);
    setOpen(false);
    setActive(-1);
    onSelect?.(item);
  };
  const close = () => {
    setOpen(false);
    setActive(-1);
    setText(selected.label);
  };

  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const statusId = `${id}-status`;
  const describedBy = [hint ? hintId : null, errors?.length ? errorId : null, statusId].filter(Boolean).join(' ');
  const activeItem = active >= 0 ? all[active] : undefined;

  return (
    <div className={`relative space-y-1 ${className ?? ''}`}>
      <label htmlFor={id} className="block text-sm font-medium text-gray-900">
        {label}
      </label>
      {name ? <input type="hidden" name={name} value={selected.value} /> : null}
      <input
        id={id}
        type="text"
        role="combobox"
        autoComplete="off"
        aria-autocomplete="list"
        aria-expanded={open}
        aria-controls={listId}
        aria-activedescendant={open && activeItem ? `${listId}-${active}` : undefined}
        aria-invalid={errors?.length ? true : undefined}
        aria-describedby={describedBy}
        data-value={selected.value}
        placeholder={placeholder ?? 'Type to search…'}
        value={text}
        onChange={(e) => {
          setText(e.target.value);
          setOpen(true);
        }}
        onFocus={() => setOpen(true)}
        onBlur={close}
        onKeyDown={(e) => {
          if (e.key === 'ArrowDown') {
            e.preventDefault();
            if (!open) setOpen(true);
            setActive((a) => (all.length === 0 ? -1 : (a + 1) % all.length));
          } else if (e.key === 'ArrowUp') {
            e.preventDefault();
            setActive((a) => (all.length === 0 ? -1 : a <= 0 ? all.length - 1 : a - 1));
          } else if (e.key === 'Enter') {
            // Enter picks the highlighted match; with none highlighted it submits the form as usual.
            if (open && activeItem) {
              e.preventDefault();
              pick(activeItem);
            }
          } else if (e.key === 'Escape') {
            if (open) e.preventDefault();
            close();
          }
        }}
        className="block w-full rounded border border-gray-400 bg-white px-2 py-1.5 text-sm aria-invalid:border-red-700"
      />
      <ul
        id={listId}
        role="listbox"
        aria-label={label}
        hidden={!open}
        className="absolute z-20 mt-1 max-h-72 w-full overflow-auto rounded border border-gray-300 bg-white py-1 text-sm shadow-lg"
      >
        {all.map((item, i) => (
          <li
            key={`${item.value}-${i}`}
            id={`${listId}-${i}`}
            role="option"
            aria-selected={i === active}
            // mousedown, not click: the input's blur would close the list before a click lands.
            onMouseDown={(e) => {
              e.preventDefault();
              pick(item);
            }}
            className={`cursor-pointer px-2 py-1 ${i === active ? 'bg-blue-100' : ''} ${item.value === selected.value ? 'font-semibold' : ''}`}
          >
            {item.label}
            {item.detail ? <span className="ml-2 text-xs text-gray-600">{item.detail}</span> : null}
          </li>
        ))}
      </ul>
      <p id={statusId} role="status" className="sr-only">
        {open
          ? status === 'loading'
            ? 'Searching…'
            : status === 'error'
              ? 'Search failed; try again.'
              : `${items.length} match${items.length === 1 ? '' : 'es'}.`
          : ''}
      </p>
      {open && status === 'error' ? <p className="text-xs text-red-800">Search failed; try again.</p> : null}
      {hint ? (
        <p id={hintId} className="text-xs text-gray-600">
          {hint}
        </p>
      ) : null}
      {errors?.length ? (
        <p id={errorId} className="text-sm text-red-800">
          {errors.join(' ')}
        </p>
      ) : null}
    </div>
  );
}
