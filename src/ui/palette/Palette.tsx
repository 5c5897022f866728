/**
 * The palette: images, a Docker network, a VM (one more machine on the private network), a
 * namespace, a veth pair and a bridge. Drag an item onto
 * the canvas (a host, a network's bridge, a namespace box) to run the command it stands for; click
 * it or press Enter on it to run that command on the first host. Every item's tooltip is the exact
 * command it runs there.
 *
 * The palette also mounts the gesture layer (context menus, drags on the graph, notices).
 */
import type { DragEvent, ReactNode } from 'react';
import { selectWorld, usePlayground } from '../../store';
import type { World } from '../../sim';
import { getCy } from '../graph/cy-context';
import { dropCommands, PALETTE_IMAGES, type PaletteItem } from '../gestures/commands';
import { DROP_TARGET, encodeItem, PALETTE_MIME, useGestureUi } from '../gestures/gesture-ui';
import { runGesture } from '../gestures/run-gesture';
import { BridgeIcon, ImageIcon, NamespaceIcon, NetworkIcon, VethIcon, VmIcon } from './icons';
import './palette.css';

/** The item dropped on the first host, as the click does. */
function defaultGesture(world: World, item: PaletteItem) {
  const host = world.hostOrder[0];
  return host === undefined ? undefined : dropCommands(world, item, { kind: 'host', host, id: `host:${host}` });
}

function itemKey(item: PaletteItem): string {
  return item.kind === 'image' ? item.image : item.kind;
}

interface ItemProps {
  item: PaletteItem;
  icon: ReactNode;
  label: string;
  sub?: string;
  tile?: boolean;
}

function PaletteButton({ item, icon, label, sub, tile }: ItemProps) {
  const world = usePlayground(selectWorld);
  const g = defaultGesture(world, item);
  const command = g?.lines.join(' && ') ?? '';

  const onDragStart = (e: DragEvent<HTMLButtonElement>) => {
    e.dataTransfer.setData(PALETTE_MIME, encodeItem(item));
    e.dataTransfer.setData('text/plain', command);
    e.dataTransfer.effectAllowed = 'copy';
    useGestureUi.getState().setDragging(item);
  };
  const onDragEnd = () => {
    const ui = useGestureUi.getState();
    ui.setDragging(null);
    ui.setPreview(null);
    getCy()?.nodes(`.${DROP_TARGET}`).removeClass(DROP_TARGET);
  };
  const run = () => {
    const now = defaultGesture(usePlayground.getState().world, item);
    if (now) runGesture(now);
  };

  return (
    <button
      type="button"
      className={tile ? 'pal-item pal-tile' : 'pal-item pal-row'}
      draggable
      onDragStart={onDragStart}
      onDragEnd={onDragEnd}
      onClick={run}
      title={`Drag onto the canvas, or click to run:\n${command}`}
      aria-label={`${label}: ${command}`}
      data-testid={`palette-item-${itemKey(item)}`}
    >
      {icon}
      <span className="pal-text">
        <span className="pal-name">{label}</span>
        {sub ? <span className="pal-sub">{sub}</span> : null}
      </span>
    </button>
  );
}

function Section({ title, children, grid }: { title: string; children: ReactNode; grid?: boolean }) {
  return (
    <section className="pal-section" aria-label={title}>
      <h3 className="pal-heading">{title}</h3>
      <div className={grid ? 'pal-grid' : 'pal-list'}>{children}</div>
    </section>
  );
}

export function Palette() {
  return (
    <div className="palette" data-testid="palette">
      <p className="pal-help">Drag onto a host, a network or a namespace. Click to add to the host.</p>
      <Section title="Images" grid>
        {PALETTE_IMAGES.map((image) => (
          <PaletteButton key={image} item={{ kind: 'image', image }} icon={<ImageIcon image={image} />} label={image} tile />
        ))}
      </Section>
      <Section title="Network">
        <PaletteButton item={{ kind: 'network' }} icon={<NetworkIcon />} label="Docker network" sub="docker network create" />
      </Section>
      <Section title="Machines">
        <PaletteButton item={{ kind: 'vm' }} icon={<VmIcon />} label="VM" sub="lab host add" />
      </Section>
      <Section title="Linux">
        <PaletteButton item={{ kind: 'netns' }} icon={<NamespaceIcon />} label="Namespace" sub="ip netns add" />
        <PaletteButton item={{ kind: 'veth' }} icon={<VethIcon />} label="veth pair" sub="ip link add type veth" />
        <PaletteButton item={{ kind: 'bridge' }} icon={<BridgeIcon />} label="Bridge" sub="ip link add type bridge" />
      </Section>
    </div>
  );
}
