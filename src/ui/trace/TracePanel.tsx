/**
 * The trace timeline, docked beside the terminal (like Packet Tracer's event list): the probe's
 * command and outcome, the plain-words explanation with its fix, the transport (play, pause,
 * step, speed, restart), the events, and the headers of the current event.
 *
 * Invariants: the store holds the position (index, playing, speed); the packet overlay is the
 * clock that advances it while playing. Running the fix is a gesture: a shell command, echoed.
 */
import { Fragment, useEffect, useMemo, useRef, useState, type KeyboardEvent, type RefObject } from 'react';
import { usePlayground, type Playback } from '../../store';
import { describePlace, formatIp4, frameHeaders, stepSummaries, type ProbeOutcome, type World } from '../../sim';
import { SPEEDS } from '../../store/slices/trace';
import './trace.css';

function outcomeText(o: ProbeOutcome): string {
  switch (o.kind) {
    case 'reply':
      return `reply from ${formatIp4(o.from)}`;
    case 'tcp-open':
      return `connected to ${formatIp4(o.from)}`;
    case 'tcp-refused':
      return `refused by ${formatIp4(o.from)}`;
    case 'unreachable':
      return `${o.code} unreachable (from ${formatIp4(o.from)})`;
    case 'time-exceeded':
      return `TTL exceeded at ${formatIp4(o.from)}`;
    case 'no-route':
      return 'network unreachable';
    case 'send-error':
      return 'not sent';
    case 'broadcast':
      return 'broadcast refused';
    case 'timeout':
      return 'no answer';
  }
}

const PROTO_LABEL = { arp: 'ARP', icmp: 'ICMP', tcp: 'TCP', udp: 'UDP' } as const;

function FixCommand({ command, host }: { command: string; host: string }) {
  const [result, setResult] = useState<{ ok: boolean; text: string } | null>(null);
  const [copied, setCopied] = useState(false);
  const run = () => {
    const out = usePlayground.getState().runCommand(command, { origin: 'gesture', terminal: usePlayground.getState().hostTerminal(host) });
    setResult({ ok: out.exitCode === 0, text: out.exitCode === 0 ? 'Done. Probe again to check.' : out.output.trim() });
  };
  const copy = () => {
    void navigator.clipboard?.writeText(command).then(
      () => setCopied(true),
      () => setCopied(false),
    );
  };
  return (
    <div className="trace-fix-command">
      <code data-testid="trace-fix-command">{command}</code>
      <button type="button" className="trace-mini" onClick={copy} title="Copy the command">
        {copied ? 'Copied' : 'Copy'}
      </button>
      <button type="button" className="trace-mini trace-mini-primary" onClick={run} data-testid="trace-run-fix">
        Run fix
      </button>
      {result && (
        <span className={`trace-fix-result ${result.ok ? 'is-ok' : 'is-error'}`} data-testid="trace-fix-result">
          {result.text}
        </span>
      )}
    </div>
  );
}

function ExplanationView({ pb, host }: { pb: Playback; host: string }) {
  const e = pb.explanation;
  const seek = usePlayground((s) => s.seek);
  return (
    <section className={`trace-explanation ${e.ok ? 'is-ok' : 'is-fail'}`} data-testid="trace-explanation">
      <p className="trace-headline">
        <span className="trace-headline-icon" aria-hidden="true">{e.ok ? '✓' : '✕'}</span>
        {e.headline || (e.ok ? 'The probe got its answer.' : 'The probe got no answer.')}
      </p>
      {e.details.length > 0 && (
        <ul className="trace-details">
          {e.details.map((d) => (
            <li key={d}>{d}</li>
          ))}
        </ul>
      )}
      {e.fix && (
        <div className="trace-fix">
          <span className="trace-fix-label">Fix</span>
          <span>{e.fix.text}</span>
          {e.fix.command && <FixCommand key={`${pb.command}|${e.fix.command}`} command={e.fix.command} host={host} />}
        </div>
      )}
      {e.decisive !== undefined && pb.trace.steps[e.decisive] && (
        <button type="button" className="trace-link" onClick={() => seek(e.decisive!)} data-testid="trace-show-decisive">
          {e.ok ? 'Show the delivery' : 'Show where it failed'} (event {e.decisive + 1})
        </button>
      )}
      {pb.trace.steps.length === 0 && pb.output && <pre className="trace-output">{pb.output.trim()}</pre>}
    </section>
  );
}

function Transport({ pb }: { pb: Playback }) {
  const { setPlaying, step, seek, setSpeed } = usePlayground.getState();
  const n = pb.trace.steps.length;
  return (
    <div className="trace-transport" role="toolbar" aria-label="Playback">
      <button type="button" className="trace-tbtn" onClick={() => { seek(-1); setPlaying(true); }} title="Restart" aria-label="Restart" data-testid="trace-restart">
        <svg viewBox="0 0 24 24" aria-hidden="true"><path d="M6 5v14M19 5 9 12l10 7z" /></svg>
      </button>
      <button type="button" className="trace-tbtn" onClick={() => step(-1)} disabled={pb.index < 0} title="Step back (←)" aria-label="Step back" data-testid="trace-step-back">
        <svg viewBox="0 0 24 24" aria-hidden="true"><path d="M15 5 8 12l7 7" /></svg>
      </button>
      {pb.playing ? (
        <button type="button" className="trace-tbtn trace-tbtn-main" onClick={() => setPlaying(false)} title="Pause (Space)" aria-label="Pause" data-testid="trace-pause">
          <svg viewBox="0 0 24 24" aria-hidden="true"><path d="M8 5v14M16 5v14" /></svg>
        </button>
      ) : (
        <button type="button" className="trace-tbtn trace-tbtn-main" onClick={() => setPlaying(true)} title="Play (Space)" aria-label="Play" data-testid="trace-play">
          <svg viewBox="0 0 24 24" aria-hidden="true"><path d="M8 5v14l11-7z" /></svg>
        </button>
      )}
      <button type="button" className="trace-tbtn" onClick={() => step(1)} disabled={pb.index >= n - 1} title="Step forward (→)" aria-label="Step forward" data-testid="trace-step-forward">
        <svg viewBox="0 0 24 24" aria-hidden="true"><path d="m9 5 7 7-7 7" /></svg>
      </button>
      <label className="trace-speed">
        <span className="sr-only">Speed</span>
        <select value={String(pb.speed)} onChange={(e) => setSpeed(Number(e.target.value))} data-testid="trace-speed" aria-label="Speed">
          {SPEEDS.map((s) => (
            <option key={s} value={String(s)}>{`${s}x`}</option>
          ))}
        </select>
      </label>
      <span className="trace-counter" data-testid="trace-counter">
        {pb.index < 0 ? '–' : pb.index + 1} / {n}
      </span>
      <div className="trace-progress" aria-hidden="true">
        <div style={{ width: `${n === 0 ? 0 : ((pb.index + 1) / n) * 100}%` }} />
      </div>
    </div>
  );
}

/** The events; in a narrow panel the current one opens in place to show its frame. */
function EventList({ pb, world, inline }: { pb: Playback; world: World; inline: boolean }) {
  const seek = usePlayground((s) => s.seek);
  const listRef = useRef<HTMLOListElement>(null);
  const summaries = useMemo(() => stepSummaries(world, pb.trace), [world, pb.trace]);
  const places = useMemo(() => pb.trace.steps.map((s) => describePlace(world, s)), [world, pb.trace]);
  useEffect(() => {
    // The frame below the row first, then the row: when both do not fit, the row wins.
    listRef.current?.querySelector<HTMLElement>('.trace-event-detail')?.scrollIntoView({ block: 'nearest' });
    listRef.current?.querySelector<HTMLElement>('[aria-current="step"]')?.scrollIntoView({ block: 'nearest' });
  }, [pb.index, inline]);
  return (
    <ol className="trace-events" data-testid="trace-events" ref={listRef}>
      {pb.trace.steps.map((s, i) => {
        const proto = s.frame.proto;
        const cls = [
          'trace-event',
          i === pb.index ? 'is-current' : '',
          i > pb.index ? 'is-future' : '',
          s.kind === 'drop' ? 'is-drop' : s.kind === 'deliver' ? 'is-deliver' : '',
          i === pb.explanation.decisive ? 'is-decisive' : '',
        ].join(' ');
        return (
          <Fragment key={i}>
            <li className={cls} aria-current={i === pb.index ? 'step' : undefined} onClick={() => seek(i)} data-testid={`trace-event-${i}`}>
              <span className="trace-event-index">{i + 1}</span>
              <span className="trace-event-place" title={places[i]}>
                {places[i]}
              </span>
              <span className={`trace-proto trace-proto-${proto}`}>{PROTO_LABEL[proto]}</span>
              <span className="trace-event-summary">{summaries[i]}</span>
            </li>
            {inline && i === pb.index && (
              <li className="trace-event-detail">
                <Headers pb={pb} world={world} />
              </li>
            )}
          </Fragment>
        );
      })}
    </ol>
  );
}

function Headers({ pb, world }: { pb: Playback; world: World }) {
  const step = pb.trace.steps[pb.index];
  if (!step) {
    return (
      <section className="trace-headers is-empty" data-testid="trace-headers">
        Step forward or click an event to see its frame.
      </section>
    );
  }
  const layers = frameHeaders(world, step);
  return (
    <section className="trace-headers" data-testid="trace-headers" aria-label={`Headers of event ${pb.index + 1}`}>
      <h3>
        Event {pb.index + 1}: <span>{describePlace(world, step)}</span>
      </h3>
      <div className="trace-layers">
        {layers.map((layer) => (
          <div key={layer.name} className={`trace-layer${/decision/i.test(layer.name) ? ' is-decision' : ''}`}>
            <h4>{layer.name}</h4>
            <dl>
              {layer.fields.map(([k, v]) => (
                <div key={k}>
                  <dt>{k}</dt>
                  <dd>{v}</dd>
                </div>
              ))}
            </dl>
          </div>
        ))}
      </div>
    </section>
  );
}

/** Wide enough for the events and the frame side by side. */
const WIDE = 640;

function useWidth(ref: RefObject<HTMLElement | null>): number {
  const [width, setWidth] = useState(0);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const ro = new ResizeObserver(() => setWidth(el.clientWidth));
    ro.observe(el);
    setWidth(el.clientWidth);
    return () => ro.disconnect();
  }, [ref]);
  return width;
}

function TraceView({ pb }: { pb: Playback }) {
  const panelRef = useRef<HTMLElement>(null);
  const wide = useWidth(panelRef) >= WIDE;
  const current = usePlayground((s) => s.world);
  const clearPlayback = usePlayground((s) => s.clearPlayback);
  const world = pb.world ?? current;
  const host = 'host' in pb.request.source ? pb.request.source.host : (world.hostOrder[0] ?? '');

  const onKeyDown = (e: KeyboardEvent<HTMLElement>) => {
    const el = e.target as HTMLElement;
    if (el.closest('input, select, textarea')) return;
    const { setPlaying, step } = usePlayground.getState();
    if (e.key === ' ' && !el.closest('button')) {
      e.preventDefault();
      setPlaying(!pb.playing);
    } else if (e.key === 'ArrowRight') {
      e.preventDefault();
      step(1);
    } else if (e.key === 'ArrowLeft') {
      e.preventDefault();
      step(-1);
    } else if (e.key === 'Escape') {
      e.preventDefault();
      clearPlayback();
    }
  };

  const ok = pb.explanation.ok;
  return (
    <section ref={panelRef} className="trace-panel" data-testid="trace-panel" aria-label="Trace timeline" tabIndex={0} onKeyDown={onKeyDown}>
      <header className="trace-head">
        <span className={`trace-status ${ok ? 'is-ok' : 'is-fail'}`} data-testid="trace-outcome">
          {ok ? 'OK' : 'FAILED'} · {outcomeText(pb.trace.outcome)}
        </span>
        <code className="trace-command" title={pb.command} data-testid="trace-command">{pb.command}</code>
        <button type="button" className="pane-close" onClick={clearPlayback} title="Close the trace (Esc)" aria-label="Close the trace" data-testid="trace-close">
          ×
        </button>
      </header>
      <ExplanationView pb={pb} host={host} />
      {pb.trace.steps.length > 0 && (
        <>
          <Transport pb={pb} />
          <div className={`trace-main${wide ? ' is-wide' : ''}`}>
            <EventList pb={pb} world={world} inline={!wide} />
            {wide && <Headers pb={pb} world={world} />}
          </div>
        </>
      )}
    </section>
  );
}

export function TracePanel() {
  const pb = usePlayground((s) => s.playback);
  if (!pb) return <div className="trace-panel" data-testid="trace-panel" />;
  return <TraceView pb={pb} />;
}
