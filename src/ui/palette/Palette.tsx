/** The palette: images, network, namespace, veth pair, bridge (being written). */
export function Palette() {
  return <div className="palette" data-testid="palette" />;
}
