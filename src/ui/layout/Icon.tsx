/** A stroked 24x24 icon from one SVG path, sized for buttons; decorative (the button has the label). */
export function Icon({ d, size = 16 }: { d: string; size?: number }) {
  return (
    <svg viewBox="0 0 24 24" width={size} height={size} aria-hidden="true" className="icon">
      <path d={d} />
    </svg>
  );
}
