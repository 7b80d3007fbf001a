import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { ApiError } from './api';
import { checkJson } from './json';

export function ErrorBox({ error }: { error?: ApiError | Error | string | null }) {
  if (!error) return null;
  const e = typeof error === 'string' ? new ApiError(error) : error;
  return (
    <div class="error" role="alert">
      {e.message}
      {(e as ApiError).hint ? <div class="hint">{(e as ApiError).hint}</div> : null}
    </div>
  );
}

export const StateBadge = ({ state }: { state: string }) => (
  <span class={`badge s-${state}`} data-state={state}>
    {state}
  </span>
);

export function Panel({
  title,
  children,
  actions,
}: {
  title: ComponentChildren;
  children: ComponentChildren;
  actions?: ComponentChildren;
}) {
  return (
    <section class="panel">
      <header>
        <h2>{title}</h2>
        <div class="actions">{actions}</div>
      </header>
      {children}
    </section>
  );
}

/** A JSON textarea that says where its text stops being JSON, as you type. */
export function JsonField({
  label,
  value,
  onInput,
  rows = 8,
  name,
  emptyAs,
}: {
  label: string;
  value: string;
  onInput: (v: string) => void;
  rows?: number;
  name: string;
  emptyAs?: unknown;
}) {
  const checked = checkJson(value, label, emptyAs !== undefined ? { emptyAs } : {});
  return (
    <label class="field">
      <span>{label}</span>
      <textarea
        name={name}
        rows={rows}
        spellcheck={false}
        value={value}
        onInput={(e) => onInput((e.target as HTMLTextAreaElement).value)}
        class={checked.ok ? '' : 'invalid'}
      />
      {!checked.ok ? (
        <span class="field-error" data-testid={`${name}-error`}>
          {checked.error}
        </span>
      ) : null}
    </label>
  );
}

/** A button for an action: disabled while it runs, its error shown beside it. */
export function ActionButton({
  label,
  run,
  kind,
  disabled,
  title,
}: {
  label: string;
  run: () => Promise<unknown>;
  kind?: 'danger' | 'primary';
  disabled?: boolean;
  title?: string;
}) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Error | null>(null);
  return (
    <span class="action">
      <button
        class={kind ?? ''}
        title={title}
        disabled={busy || disabled}
        onClick={async () => {
          setBusy(true);
          setError(null);
          try {
            await run();
          } catch (e) {
            setError(e as Error);
          } finally {
            setBusy(false);
          }
        }}
      >
        {busy ? `${label}…` : label}
      </button>
      {error ? (
        <span class="inline-error" role="alert">
          {error.message}
        </span>
      ) : null}
    </span>
  );
}

export const time = (t: number | string) => new Date(typeof t === 'string' && /^\d+$/.test(t) ? Number(t) : t).toISOString().slice(11, 23);
