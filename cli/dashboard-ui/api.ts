import { useEffect, useRef, useState } from 'preact/hooks';

/** An error the server explained: its message and the hint saying what to do. */
export class ApiError extends Error {
  constructor(
    message: string,
    readonly hint?: string,
    readonly status = 0,
  ) {
    super(message);
  }
}

async function call<T>(path: string, init?: RequestInit): Promise<T> {
  let res: Response;
  try {
    res = await fetch(path, { ...init, credentials: 'same-origin' });
  } catch {
    throw new ApiError(
      'the dashboard does not answer: is the stack still running?',
      'run `platform up`, then `platform dashboard` for a new link',
    );
  }
  const body = await res.json().catch(() => ({}));
  if (!res.ok) throw new ApiError(body.error ?? `HTTP ${res.status}`, body.hint, res.status);
  return body as T;
}

export const get = <T = any>(path: string) => call<T>(path);

/** Every action is a POST with the action header (the server refuses cross-site requests without it). */
export const post = <T = any>(path: string, body: unknown) =>
  call<T>(path, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-platform-dashboard': '1' },
    body: JSON.stringify(body),
  });

export const qs = (o: Record<string, string | number | boolean | undefined | string[]>) => {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(o)) {
    if (v === undefined || v === '' || v === false) continue;
    for (const x of Array.isArray(v) ? v : [v]) p.append(k, String(x));
  }
  return p.toString();
};

/** A Server-Sent Events stream while the component is shown; `path` null means closed. */
export function useLive(path: string | null, handlers: Record<string, (data: any) => void>): 'connecting' | 'open' | 'lost' {
  const [state, setState] = useState<'connecting' | 'open' | 'lost'>('connecting');
  const ref = useRef(handlers);
  ref.current = handlers;
  useEffect(() => {
    if (!path) return;
    setState('connecting');
    const es = new EventSource(path);
    es.onopen = () => setState('open');
    es.onerror = () => setState(es.readyState === EventSource.CLOSED ? 'lost' : 'connecting');
    for (const name of Object.keys(ref.current))
      es.addEventListener(name, (e) => ref.current[name]?.(JSON.parse((e as MessageEvent).data)));
    return () => es.close();
  }, [path]);
  return state;
}

/** Runs an async loader and keeps its result, error and a reload function. */
export function useLoad<T>(load: () => Promise<T>, deps: unknown[]): { data?: T; error?: ApiError; loading: boolean; reload: () => void } {
  const [state, setState] = useState<{ data?: T; error?: ApiError; loading: boolean }>({ loading: true });
  const [n, setN] = useState(0);
  useEffect(() => {
    let live = true;
    setState((s) => ({ ...s, loading: true }));
    load().then(
      (data) => live && setState({ data, loading: false }),
      (error) =>
        live && setState({ error: error instanceof ApiError ? error : new ApiError(String(error?.message ?? error)), loading: false }),
    );
    return () => void (live = false);
  }, [...deps, n]);
  return { ...state, reload: () => setN((x) => x + 1) };
}
