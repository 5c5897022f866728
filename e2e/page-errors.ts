/**
 * Every UI spec fails on a console error or an uncaught exception in the page: this collects
 * both from the moment it is called (call it before `page.goto`).
 */
import type { Page } from '@playwright/test';

export function collectErrors(page: Page, into: string[] = []): string[] {
  page.on('console', (m) => {
    if (m.type() === 'error') into.push(m.text());
  });
  page.on('pageerror', (e) => into.push(e.message));
  return into;
}
