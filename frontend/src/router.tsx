// A tiny client-side router on the History API: current location as a hook,
// navigate(), <Link> and <Redirect>. The server answers index.html for every
// client route, so deep links and reloads work.

import type { AnchorHTMLAttributes, ComponentChildren, TargetedMouseEvent } from 'preact';
import { useEffect, useState } from 'preact/hooks';

export interface Location {
  /** Path without trailing slash (except "/" itself). */
  path: string;
  /** Query string including "?", or "". */
  search: string;
}

const CHANGE_EVENT = 'cips:navigate';

export function normalizePath(path: string): string {
  if (path.length > 1 && path.endsWith('/')) return path.replace(/\/+$/, '') || '/';
  return path;
}

function readLocation(): Location {
  return { path: normalizePath(window.location.pathname), search: window.location.search };
}

export function navigate(to: string, opts: { replace?: boolean } = {}): void {
  const current = window.location.pathname + window.location.search;
  if (to !== current) {
    if (opts.replace) window.history.replaceState(null, '', to);
    else window.history.pushState(null, '', to);
  }
  window.dispatchEvent(new Event(CHANGE_EVENT));
  if (!opts.replace) window.scrollTo(0, 0);
}

export function useLocation(): Location {
  const [loc, setLoc] = useState<Location>(readLocation);
  useEffect(() => {
    const update = () => {
      const next = readLocation();
      setLoc((prev) => (prev.path === next.path && prev.search === next.search ? prev : next));
    };
    window.addEventListener('popstate', update);
    window.addEventListener(CHANGE_EVENT, update);
    update();
    return () => {
      window.removeEventListener('popstate', update);
      window.removeEventListener(CHANGE_EVENT, update);
    };
  }, []);
  return loc;
}

/** Only same-site absolute paths are accepted as redirect targets. */
export function isSafeLocalPath(value: string | null | undefined): value is string {
  return !!value && value.startsWith('/') && !value.startsWith('//') && !value.includes('\\');
}

type LinkProps = AnchorHTMLAttributes<HTMLAnchorElement> & { href: string; children?: ComponentChildren };

/** An <a> that navigates client-side on a plain left click. */
export function Link({ href, onClick, ...rest }: LinkProps) {
  const handle = (e: TargetedMouseEvent<HTMLAnchorElement>) => {
    if (typeof onClick === 'function') onClick(e);
    if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    if (rest.target && rest.target !== '_self') return;
    e.preventDefault();
    navigate(href);
  };
  return <a href={href} onClick={handle} {...rest} />;
}

/** Replace the current history entry with `to` once rendered. */
export function Redirect({ to }: { to: string }) {
  useEffect(() => navigate(to, { replace: true }), [to]);
  return null;
}
