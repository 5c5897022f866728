/** The trace timeline docked beside the terminal (being written). */
export function TracePanel() {
  return <div className="trace-panel" data-testid="trace-panel" />;
}
