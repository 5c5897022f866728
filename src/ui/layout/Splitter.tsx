/**
 * A horizontal drag handle between the graph and the terminal. Reports the new height of the pane
 * below it; keyboard users can nudge it with the arrow keys.
 */
import type { KeyboardEvent, PointerEvent } from 'react';

interface SplitterProps {
  /** Height of the pane below the handle, in CSS pixels. */
  height: number;
  min: number;
  max: number;
  onChange: (height: number) => void;
}

export function Splitter({ height, min, max, onChange }: SplitterProps) {
  const clamp = (h: number) => Math.max(min, Math.min(max, Math.round(h)));

  const onPointerDown = (e: PointerEvent<HTMLDivElement>) => {
    const startY = e.clientY;
    const startHeight = height;
    const handle = e.currentTarget;
    handle.setPointerCapture(e.pointerId);
    const move = (ev: globalThis.PointerEvent) => onChange(clamp(startHeight + startY - ev.clientY));
    const up = () => {
      handle.removeEventListener('pointermove', move);
      handle.removeEventListener('pointerup', up);
    };
    handle.addEventListener('pointermove', move);
    handle.addEventListener('pointerup', up);
  };

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (e.key === 'ArrowUp') onChange(clamp(height + 24));
    else if (e.key === 'ArrowDown') onChange(clamp(height - 24));
    else return;
    e.preventDefault();
  };

  return (
    <div
      className="splitter"
      role="separator"
      aria-orientation="horizontal"
      aria-label="Resize the terminal"
      aria-valuenow={height}
      aria-valuemin={min}
      aria-valuemax={max}
      tabIndex={0}
      data-testid="splitter"
      onPointerDown={onPointerDown}
      onKeyDown={onKeyDown}
    />
  );
}
