/**
 * Click-to-probe in the top bar: "Ping" and "Curl" (with its port) put the canvas in picking mode;
 * a hint over the canvas says what to pick next. It also mounts what the feature needs on the
 * canvas: the picking hook and the packet overlay (both portal into the graph pane).
 *
 * Invariants: the buttons only change the ui slice's probe mode; the probe itself runs as a
 * shell command when the target is picked (useProbePicking -> runProbe).
 */
import { lazy, Suspense, useState } from 'react';
import { createPortal } from 'react-dom';
import { usePlayground } from '../../store';
import type { ProbeTool } from '../../sim';
import { useCy } from '../graph/cy-context';
import { endpointLabel } from './endpoint';
import { clearProbeMarks, useProbePicking } from './useProbePicking';
import './trace.css';
import { Icon } from '../layout/Icon';

// The overlay and its animation code are a chunk of their own, fetched after the first picture.
const PacketOverlay = lazy(() => import('./PacketOverlay').then((m) => ({ default: m.PacketOverlay })));

const PING = 'M3 12h4l3-7 4 14 3-7h4';
const CURL = 'M8 7 3 12l5 5M16 7l5 5-5 5M13.5 5l-3 14';


/** The banner over the canvas while picking. */
function ProbeHint() {
  const cy = useCy();
  const probe = usePlayground((s) => s.probe);
  const world = usePlayground((s) => s.world);
  const notice = usePlayground((s) => s.notice);
  const setProbe = usePlayground((s) => s.setProbe);
  const pane = cy?.container()?.parentElement;
  if (!pane || probe.kind === 'idle') return null;
  const tool = probe.tool === 'ping' ? 'Ping' : `Curl :${probe.port ?? 80}`;
  const cancel = () => {
    setProbe({ kind: 'idle' });
    if (!usePlayground.getState().playback) clearProbeMarks(cy);
  };
  return createPortal(
    <div className="probe-hint" data-testid="probe-hint" role="status">
      <span className={`probe-hint-tool probe-hint-${probe.tool}`}>{tool}</span>
      <span className="probe-hint-step">{probe.kind === 'pick-source' ? '1/2' : '2/2'}</span>
      <span className="probe-hint-text">
        {probe.kind === 'pick-source' ? (
          'Pick the source: a container, namespace or host'
        ) : (
          <>
            Now pick the target <span className="probe-hint-from">from {endpointLabel(world, probe.source)}</span>
          </>
        )}
      </span>
      {notice?.kind === 'error' && <span className="probe-hint-error">{notice.text}</span>}
      <button type="button" className="probe-hint-cancel" onClick={cancel} data-testid="probe-cancel">
        <kbd>Esc</kbd> cancel
      </button>
    </div>,
    pane,
  );
}

export function ProbeControls() {
  useProbePicking();
  const probe = usePlayground((s) => s.probe);
  const setProbe = usePlayground((s) => s.setProbe);
  const [port, setPort] = useState('80');
  const portNumber = Number(port);
  const portValid = Number.isInteger(portNumber) && portNumber >= 1 && portNumber <= 65535;

  const start = (tool: ProbeTool) => {
    // Pressing the active tool again cancels, like a toggle.
    if (probe.kind !== 'idle' && probe.tool === tool) {
      setProbe({ kind: 'idle' });
      return;
    }
    usePlayground.getState().setNotice(null);
    setProbe(tool === 'curl' ? { kind: 'pick-source', tool, port: portValid ? portNumber : 80 } : { kind: 'pick-source', tool });
  };
  const active = (tool: ProbeTool) => probe.kind !== 'idle' && probe.tool === tool;
  const changePort = (text: string) => {
    const digits = text.replace(/\D/g, '').slice(0, 5);
    setPort(digits);
    const n = Number(digits);
    // A curl being picked takes the new port.
    if (probe.kind !== 'idle' && probe.tool === 'curl' && n >= 1 && n <= 65535) setProbe({ ...probe, port: n });
  };

  return (
    <div className="probe-controls" role="group" aria-label="Click to probe">
      <button
        type="button"
        className={`btn probe-btn${active('ping') ? ' is-active' : ''}`}
        onClick={() => start('ping')}
        aria-pressed={active('ping')}
        title="Ping: pick a source, then a target on the graph"
        data-testid="probe-ping"
      >
        <Icon size={15} d={PING} />
        Ping
      </button>
      <div className={`probe-curl${active('curl') ? ' is-active' : ''}`}>
        <button
          type="button"
          className={`btn probe-btn${active('curl') ? ' is-active' : ''}`}
          onClick={() => start('curl')}
          aria-pressed={active('curl')}
          title="Curl: pick a source, then a target on the graph (TCP to the port)"
          data-testid="probe-curl"
        >
          <Icon size={15} d={CURL} />
          Curl
        </button>
        <label className="probe-port" title="TCP port for curl">
          <span aria-hidden="true">:</span>
          <input
            type="text"
            inputMode="numeric"
            aria-label="Curl port"
            value={port}
            onChange={(e) => changePort(e.target.value)}
            aria-invalid={!portValid}
            data-testid="probe-port"
          />
        </label>
      </div>
      <ProbeHint />
      <Suspense fallback={null}>
        <PacketOverlay />
      </Suspense>
    </div>
  );
}
