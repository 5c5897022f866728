/**
 * The graph's context menu: items from `contextMenu` (commands.ts), submenus for "Connect to",
 * "Run a container here"... Each item runs its lines as a gesture or applies its UI effect.
 *
 * Keyboard: arrows move, Enter/Space activate, Right opens a submenu, Left/Esc close it, Esc on the
 * top level (or a click outside) closes the menu. Items carry `data-testid="ctx-<action>"`.
 */
import { useEffect, useLayoutEffect, useRef, useState, type KeyboardEvent } from 'react';
import { createPortal } from 'react-dom';
import { usePlayground } from '../../store';
import { getCy } from '../graph/cy-context';
import { pickNode } from '../trace/useProbePicking';
import type { MenuEffect, MenuItem } from './menus';
import { useGestureUi } from './gesture-ui';
import { runGesture, runInNewTerminal } from './run-gesture';

function applyEffect(effect: MenuEffect): void {
  const s = usePlayground.getState();
  switch (effect.kind) {
    case 'inspect':
      s.select(effect.id);
      break;
    case 'probe-from': {
      // Through click-to-probe's own first pick, so the source is marked as if it were clicked.
      const cy = getCy();
      const node = cy?.getElementById(effect.node);
      s.setProbe({ kind: 'pick-source', tool: 'ping' });
      if (!node || node.empty() || !pickNode(cy, { id: node.id(), ...(node.data() as object) })) {
        s.setProbe({ kind: 'pick-target', tool: 'ping', source: effect.source });
      }
      break;
    }
    case 'exec':
      runInNewTerminal(effect.host, effect.line, effect.at);
      break;
    case 'publish':
      useGestureUi.getState().setDialog({ kind: 'publish', host: effect.host, container: effect.container, at: effect.at });
      break;
  }
}

/** Runs an item (not a submenu) after the menu closed. */
function activate(item: MenuItem): void {
  useGestureUi.getState().setMenu(null);
  if (item.run) runGesture(item.run);
  if (item.effect) applyEffect(item.effect);
}

interface ListProps {
  items: MenuItem[];
  label: string;
  testId: string;
  /** Closes this list (a submenu) and gives focus back to its parent item. */
  onBack?: () => void;
  className: string;
}

function MenuList({ items, label, testId, onBack, className }: ListProps) {
  const refs = useRef<(HTMLButtonElement | null)[]>([]);
  const [open, setOpen] = useState<number | null>(null);

  useEffect(() => {
    const first = items.findIndex((i) => !i.disabled);
    refs.current[first >= 0 ? first : 0]?.focus();
  }, [items]);

  const move = (from: number, step: number) => {
    const n = items.length;
    for (let k = 1; k <= n; k++) {
      const i = (from + step * k + n * k) % n;
      if (!items[i]?.disabled) {
        refs.current[i]?.focus();
        return;
      }
    }
  };

  const onKey = (e: KeyboardEvent<HTMLButtonElement>, i: number) => {
    const item = items[i]!;
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      move(i, e.key === 'ArrowDown' ? 1 : -1);
    } else if (e.key === 'ArrowRight' && item.items && !item.disabled) {
      e.preventDefault();
      setOpen(i);
    } else if ((e.key === 'ArrowLeft' || e.key === 'Escape') && onBack) {
      e.preventDefault();
      e.stopPropagation();
      onBack();
    }
  };

  const click = (item: MenuItem, i: number) => {
    if (item.disabled) return;
    if (item.items) setOpen(open === i ? null : i);
    else activate(item);
  };

  return (
    <ul className={className} role="menu" aria-label={label} data-testid={testId}>
      {items.map((item, i) => (
        <li key={item.action} role="none" className="ctx-entry" onMouseEnter={() => item.items && !item.disabled && setOpen(i)}>
          <button
            ref={(el) => {
              refs.current[i] = el;
            }}
            type="button"
            role="menuitem"
            className={`ctx-item${item.danger ? ' ctx-danger' : ''}`}
            data-testid={`ctx-${item.action}`}
            aria-disabled={item.disabled || undefined}
            aria-haspopup={item.items ? 'menu' : undefined}
            aria-expanded={item.items ? open === i : undefined}
            title={item.hint}
            onClick={() => click(item, i)}
            onKeyDown={(e) => onKey(e, i)}
          >
            <span className="ctx-label">{item.label}</span>
            {item.items ? <span className="ctx-more" aria-hidden="true">›</span> : null}
          </button>
          {item.items && open === i && !item.disabled ? (
            <MenuList
              items={item.items}
              label={item.label}
              testId={`context-submenu-${item.action}`}
              className="ctx-menu ctx-submenu"
              onBack={() => {
                setOpen(null);
                refs.current[i]?.focus();
              }}
            />
          ) : null}
        </li>
      ))}
    </ul>
  );
}

export function ContextMenu({ portal }: { portal: Element }) {
  const menu = useGestureUi((s) => s.menu);
  const setMenu = useGestureUi((s) => s.setMenu);
  const ref = useRef<HTMLDivElement>(null);
  const [pos, setPos] = useState<{ left: number; top: number; flip: boolean } | null>(null);

  // Keep the menu (and room for a submenu) inside the window.
  useLayoutEffect(() => {
    if (!menu) return;
    const el = ref.current;
    const w = el?.offsetWidth ?? 200;
    const h = el?.offsetHeight ?? 200;
    const left = Math.max(4, Math.min(menu.x, window.innerWidth - w - 4));
    const top = Math.max(4, Math.min(menu.y, window.innerHeight - h - 4));
    setPos({ left, top, flip: left + w * 2 + 8 > window.innerWidth });
  }, [menu]);

  useEffect(() => {
    if (!menu) return;
    const onDown = (e: PointerEvent) => {
      if (!(e.target instanceof Node) || !ref.current?.contains(e.target)) setMenu(null);
    };
    const onKey = (e: globalThis.KeyboardEvent) => {
      if (e.key === 'Escape') setMenu(null);
    };
    const onBlur = () => setMenu(null);
    document.addEventListener('pointerdown', onDown, true);
    document.addEventListener('keydown', onKey);
    window.addEventListener('blur', onBlur);
    return () => {
      document.removeEventListener('pointerdown', onDown, true);
      document.removeEventListener('keydown', onKey);
      window.removeEventListener('blur', onBlur);
    };
  }, [menu, setMenu]);

  if (!menu) return null;
  // Drawn at the pointer first (visible, so its first item can take the focus), then moved back
  // inside the window by the layout effect before the browser paints.
  const style = pos ? { left: pos.left, top: pos.top } : { left: menu.x, top: menu.y };
  return createPortal(
    <div ref={ref} className={`ctx-root${pos?.flip ? ' ctx-flip' : ''}`} style={style} onContextMenu={(e) => e.preventDefault()}>
      <MenuList items={menu.items} label="Actions" testId="context-menu" className="ctx-menu" />
    </div>,
    portal,
  );
}
