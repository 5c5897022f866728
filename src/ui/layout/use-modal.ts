/**
 * A modal's keyboard contract (WAI-ARIA dialog pattern): focus moves in when it opens (to the
 * element marked `data-autofocus`, else the first focusable one), Tab and Shift+Tab cycle inside,
 * Esc closes, focus taken from outside while open comes back, and focus goes back where it was
 * when it closes. Keys pressed inside never reach
 * the page's shortcuts (Ctrl+Z must not undo the lab behind the dialog).
 */
import { useCallback, useEffect, type KeyboardEvent, type RefObject } from 'react';

const FOCUSABLE = 'a[href], button:not([disabled]), input:not([disabled]), textarea:not([disabled]), select:not([disabled]), [tabindex]:not([tabindex="-1"])';

function focusables(root: HTMLElement): HTMLElement[] {
  return [...root.querySelectorAll<HTMLElement>(FOCUSABLE)].filter((el) => el.getClientRects().length > 0);
}

export function useModal(ref: RefObject<HTMLElement | null>, onClose: () => void): (e: KeyboardEvent) => void {
  useEffect(() => {
    const back = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    const root = ref.current;
    if (!root) return;
    (root.querySelector<HTMLElement>('[data-autofocus]') ?? focusables(root)[0] ?? root).focus();
    // Focus taken from outside while open (a terminal rebuilt behind the dialog focuses itself)
    // comes back to where it was inside.
    let inside: HTMLElement = root;
    const onFocusIn = (e: FocusEvent) => {
      if (!(e.target instanceof HTMLElement)) return;
      if (root.contains(e.target)) inside = e.target;
      else (inside.isConnected && root.contains(inside) ? inside : root).focus();
    };
    document.addEventListener('focusin', onFocusIn);
    return () => {
      document.removeEventListener('focusin', onFocusIn);
      if (back?.isConnected) back.focus();
    };
  }, [ref]);

  return useCallback(
    (e: KeyboardEvent) => {
      e.stopPropagation();
      if (e.key === 'Escape') {
        e.preventDefault();
        onClose();
        return;
      }
      const root = ref.current;
      if (e.key === 'Tab' && root) trapTab(root, e);
    },
    [ref, onClose],
  );
}

/** Keeps Tab and Shift+Tab inside `root` (a modal dialog). */
export function trapTab(root: HTMLElement, e: KeyboardEvent): void {
  const all = focusables(root);
  const first = all[0];
  const last = all[all.length - 1];
  if (!first || !last) {
    e.preventDefault();
    return;
  }
  const at = document.activeElement;
  if (e.shiftKey && (at === first || at === root || !root.contains(at))) {
    e.preventDefault();
    last.focus();
  } else if (!e.shiftKey && (at === last || !root.contains(at))) {
    e.preventDefault();
    first.focus();
  }
}
