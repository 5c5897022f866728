import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { usePlayground } from '../../store';
import { guideOfLab, startGuides } from './links';
import { MemoryStorage } from '../../store/memory-storage.test-util';


const initial = usePlayground.getState();
const state = usePlayground.getState;
let storage: MemoryStorage;
let stop: () => void = () => {};
const listeners = new Map<string, () => void>();

beforeEach(() => {
  storage = new MemoryStorage();
  vi.stubGlobal('localStorage', storage);
  vi.stubGlobal('location', { hash: '', pathname: '/', search: '' });
  vi.stubGlobal('window', {
    addEventListener: (type: string, fn: () => void) => listeners.set(type, fn),
    removeEventListener: (type: string) => listeners.delete(type),
  });
  usePlayground.setState(initial, true);
  usePlayground.setState({ labId: 'lab-a' });
});

afterEach(() => {
  stop();
  vi.unstubAllGlobals();
});

describe('startGuides: each saved lab keeps its guide', () => {
  it('remembers the guide of a lab, puts it away in another lab, and brings it back', () => {
    stop = startGuides();
    state().setGuide('docker0');
    expect(guideOfLab('lab-a')).toBe('docker0');
    usePlayground.setState({ labId: 'lab-b' });
    expect(state().guideId).toBeNull();
    usePlayground.setState({ labId: 'lab-a' });
    expect(state().guideId).toBe('docker0');
    state().setGuide(null);
    expect(guideOfLab('lab-a')).toBeNull();
  });

  it('restores the current lab’s guide at startup (a reload)', () => {
    storage.setItem('dnp-guides', JSON.stringify({ 'lab-a': 'link' }));
    stop = startGuides();
    expect(state().guideId).toBe('link');
  });

  it.each([
    ['not json', '{'],
    ['an array', '["lab-a"]'],
    ['a number for a guide', '{"lab-a": 3}'],
    ['a hostile id', '{"lab-a": "<img src=x>"}'],
  ])('ignores storage holding %s', (_, text) => {
    storage.setItem('dnp-guides', text);
    stop = startGuides();
    expect(state().guideId).toBeNull();
    expect(guideOfLab('lab-a')).toBeNull();
  });

  it('keeps the last 50 labs', () => {
    stop = startGuides();
    for (let i = 0; i < 55; i++) {
      usePlayground.setState({ labId: `lab-${i}` });
      state().setGuide('veth-pair');
    }
    expect(guideOfLab('lab-4')).toBeNull();
    expect(guideOfLab('lab-5')).toBe('veth-pair');
    expect(guideOfLab('lab-54')).toBe('veth-pair');
    expect(Object.keys(JSON.parse(storage.getItem('dnp-guides')!) as object)).toHaveLength(50);
  });

  it('listens for #guide= links until stopped', () => {
    const s = startGuides();
    expect(listeners.has('hashchange')).toBe(true);
    s();
    expect(listeners.has('hashchange')).toBe(false);
    state().setGuide('docker0');
    expect(guideOfLab('lab-a')).toBeNull();
  });
});
