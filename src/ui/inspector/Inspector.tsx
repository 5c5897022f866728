/** The inspector: the selected element's facts (being written). */
export function Inspector() {
  return <div className="inspector" data-testid="inspector" />;
}
