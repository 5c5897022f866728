/**
 * A drag handle between two panes. It reports the new size of the pane it resizes: the one below
 * it (`side="after"`, a row splitter's terminal) or before it. Keyboard users nudge it with arrows.
 */
import type { KeyboardEvent, PointerEvent } from 'react';

interface SplitterProps {
  /** `y`: a horizontal bar resizing heights; `x`: a vertical bar resizing widths. */
  axis?: 'x' | 'y';
  /** Which pane the size belongs to: the one after the handle (below/right) or before it. */
  side?: 'before' | 'after';
  size: number;
  min: number;
  max: number;
  label: string;
  testId?: string;
  onChange: (size: number) => void;
}

export function Splitter({ axis = 'y', side = 'after', size, min, max, label, testId, onChange }: SplitterProps) {
  const clamp = (h: number) => Math.max(min, Math.min(max, Math.round(h)));
  const sign = side === 'after' ? -1 : 1;

  const onPointerDown = (e: PointerEvent<HTMLDivElement>) => {
    const start = axis === 'y' ? e.clientY : e.clientX;
    const startSize = size;
    const handle = e.currentTarget;
    handle.setPointerCapture(e.pointerId);
    const move = (ev: globalThis.PointerEvent) => {
      const now = axis === 'y' ? ev.clientY : ev.clientX;
      onChange(clamp(startSize + sign * (now - start)));
    };
    const up = () => {
      handle.removeEventListener('pointermove', move);
      handle.removeEventListener('pointerup', up);
    };
    handle.addEventListener('pointermove', move);
    handle.addEventListener('pointerup', up);
  };

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const grow = axis === 'y' ? (side === 'after' ? 'ArrowUp' : 'ArrowDown') : side === 'after' ? 'ArrowLeft' : 'ArrowRight';
    const shrink = axis === 'y' ? (side === 'after' ? 'ArrowDown' : 'ArrowUp') : side === 'after' ? 'ArrowRight' : 'ArrowLeft';
    if (e.key === grow) onChange(clamp(size + 24));
    else if (e.key === shrink) onChange(clamp(size - 24));
    else return;
    e.preventDefault();
  };

  return (
    <div
      className={`splitter splitter-${axis}`}
      role="separator"
      aria-orientation={axis === 'y' ? 'horizontal' : 'vertical'}
      aria-label={label}
      aria-valuenow={size}
      aria-valuemin={min}
      aria-valuemax={max}
      tabIndex={0}
      data-testid={testId}
      onPointerDown={onPointerDown}
      onKeyDown={onKeyDown}
    />
  );
}
