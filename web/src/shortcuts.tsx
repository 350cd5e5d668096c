import { createContext, useContext, useEffect, useRef, type ReactNode } from 'react';

type Handler = () => void;

interface ShortcutRegistry {
  register(key: string, handler: Handler): () => void;
}

const ShortcutContext = createContext<ShortcutRegistry | null>(null);

function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName);
}

/**
 * Single-key shortcuts (and "g c"-style pairs) for the frequent actions. The most recently
 * mounted handler of a key wins, so a page's "r" overrides nothing else; keys typed into a
 * field are never taken.
 */
export function ShortcutsProvider({ children }: { children: ReactNode }) {
  const handlers = useRef(new Map<string, Handler[]>());
  const registry = useRef<ShortcutRegistry>({
    register(key, handler) {
      const stack = handlers.current.get(key) ?? [];
      stack.push(handler);
      handlers.current.set(key, stack);
      return () => {
        const current = handlers.current.get(key) ?? [];
        handlers.current.set(
          key,
          current.filter((entry) => entry !== handler),
        );
      };
    },
  });

  useEffect(() => {
    let pending: string | null = null;
    let pendingTimer: number | undefined;
    const onKey = (event: KeyboardEvent) => {
      if (event.metaKey || event.ctrlKey || event.altKey) return;
      if (isTyping(event.target)) {
        if (event.key === 'Escape') (event.target as HTMLElement).blur();
        return;
      }
      // Enter on a focused link or button is that control's own click.
      if (event.key === 'Enter' && event.target instanceof HTMLElement && ['A', 'BUTTON'].includes(event.target.tagName)) return;
      if (document.querySelector('[aria-modal="true"]') && event.key !== '?' && event.key !== 'Escape') return;
      const key = pending ? `${pending} ${event.key}` : event.key;
      const stack = handlers.current.get(key);
      if (stack?.length) {
        event.preventDefault();
        pending = null;
        stack[stack.length - 1]();
        return;
      }
      if (!pending && [...handlers.current.keys()].some((name) => name.startsWith(`${event.key} `))) {
        pending = event.key;
        window.clearTimeout(pendingTimer);
        pendingTimer = window.setTimeout(() => (pending = null), 1000);
        return;
      }
      pending = null;
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  return <ShortcutContext.Provider value={registry.current}>{children}</ShortcutContext.Provider>;
}

/** Binds `key` to `handler` while the calling component is mounted. */
export function useShortcut(key: string, handler: Handler, enabled = true): void {
  const registry = useContext(ShortcutContext);
  const latest = useRef(handler);
  latest.current = handler;
  useEffect(() => {
    if (!registry || !enabled) return;
    return registry.register(key, () => latest.current());
  }, [registry, key, enabled]);
}
