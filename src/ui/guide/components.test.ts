/**
 * The gallery and the panel as markup (react-dom/server: there is no DOM in unit tests; the e2e
 * spec e2e/guide.spec.ts clicks through them in a browser).
 */
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { GUIDED_LABS } from '../../sim/lab/guided';
import { usePlayground } from '../../store';
import { loadGuideCore } from './core';
import { GuideGallery } from './GuideGallery';
import { GuidePanel } from './GuidePanel';
import { plainText, splitCode } from './text';

import type { PlaygroundState } from '../../store';

const initial = { ...usePlayground.getInitialState() };
/**
 * A server render reads zustand's initial state (useSyncExternalStore's server snapshot), so the
 * state a render should see is written there too; beforeEach puts it back.
 */
const given = (partial: Partial<PlaygroundState>) => {
  usePlayground.setState(partial);
  Object.assign(usePlayground.getInitialState(), partial);
};
const html = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#x27;');
const render = (c: () => unknown) => renderToStaticMarkup(createElement(c as () => null));
/** The text of markup, tags dropped and entities decoded. */
const textOf = (markup: string) =>
  markup.replace(/<[^>]*>/g, '').replace(/&quot;/g, '"').replace(/&#x27;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

beforeAll(async () => {
  await loadGuideCore();
});

beforeEach(() => {
  Object.assign(usePlayground.getInitialState(), initial);
  usePlayground.setState(initial, true);
});

describe('GuideGallery', () => {
  it('is not there until opened', () => {
    expect(render(GuideGallery)).toBe('');
  });

  it('is a modal dialog with a card and a Start button for every guided lab', () => {
    given({ galleryOpen: true });
    const out = render(GuideGallery);
    expect(out).toMatch(/role="dialog"[^>]*aria-modal="true"|aria-modal="true"[^>]*role="dialog"/);
    expect(out).toContain('aria-labelledby="guide-gallery-title"');
    const cards = [...out.matchAll(/data-testid="guide-card-([\w-]+)"/g)].map((m) => m[1]);
    expect(cards).toEqual(GUIDED_LABS.map((l) => l.id));
    for (const lab of GUIDED_LABS) {
      expect(out).toContain(`data-testid="guide-start-${lab.id}"`);
      expect(out).toContain(`aria-label="Start: ${html(plainText(lab.title.en))}"`);
      expect(textOf(out)).toContain(plainText(lab.title.en));
      expect(textOf(out)).toContain(`${lab.steps.length} steps and a challenge`);
      expect(textOf(out)).toContain(`From seed${lab.seeds.length === 1 ? '' : 's'} ${lab.seeds.join(', ')}`);
    }
  });

  it('speaks Chinese when guideLang is zh', () => {
    given({ galleryOpen: true, guideLang: 'zh' });
    const out = render(GuideGallery);
    for (const lab of GUIDED_LABS) expect(textOf(out)).toContain(plainText(lab.title.zh));
    expect(textOf(out)).not.toContain(plainText(GUIDED_LABS[0]!.title.en));
    expect(out).toMatch(/aria-pressed="true"[^>]*>中文</);
  });
});

describe('GuidePanel', () => {
  it('is not there without a guide', () => {
    expect(render(GuidePanel)).toBe('');
  });

  it.each(GUIDED_LABS.map((l) => [l.id]))('%s: title, steps with their code spans, the challenge, and no answer shown', (id) => {
    const lab = GUIDED_LABS.find((l) => l.id === id)!;
    given({ guideId: id });
    const out = render(GuidePanel);
    expect(out).toContain(`data-guide="${id}"`);
    expect(textOf(out)).toContain(plainText(lab.title.en));
    for (const span of splitCode(lab.title.en).filter((x) => x.code)) expect(out).toContain(`<code>${html(span.text)}</code>`);
    for (const step of lab.steps) {
      expect(out).toContain(`data-testid="guide-step-${step.id}"`);
      expect(out).toContain(`data-testid="guide-hint-${step.id}"`);
      for (const span of splitCode(step.text.en).filter((s) => s.code)) expect(out).toContain(`<code>${html(span.text)}</code>`);
    }
    for (const span of splitCode(lab.challenge.text.en)) expect(textOf(out)).toContain(span.text);
    // Hints are hidden until asked for; the challenge's answer is never in the panel.
    expect(out).not.toContain('data-testid="guide-run"');
    const text = textOf(out);
    const taught = [lab.challenge.text.en, ...lab.steps.map((st) => st.text.en)].join('\n');
    for (const line of lab.challenge.solution) {
      const command = line.replace(/^\[[^\]]*\][#$]\s*/, '');
      if (taught.includes(command)) continue;
      expect(text, `${id}: challenge answer "${command}"`).not.toContain(command);
    }
  });

  it('shows the steps in Chinese when guideLang is zh', () => {
    const lab = GUIDED_LABS[0]!;
    given({ guideId: lab.id, guideLang: 'zh' });
    const out = textOf(render(GuidePanel));
    expect(out).toContain(plainText(lab.title.zh));
    for (const step of lab.steps) expect(out).toContain(plainText(step.title.zh));
    expect(out).toContain('显示提示');
  });
});
