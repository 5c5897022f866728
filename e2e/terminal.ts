/**
 * Shared by the specs: the terminal's plain-text transcript (the off-screen mirror) and typing a
 * host command and waiting for the next prompt.
 */
import { expect, type Page } from '@playwright/test';

export const PROMPT = '[root@docker-node1 ~]# ';

export function transcript(page: Page): Promise<string> {
  return page.getByTestId('terminal-transcript').evaluate((el) => el.textContent ?? '');
}

/** Types a line and waits until it ran: the next host prompt is printed. */
export async function typeCommand(page: Page, line: string): Promise<void> {
  const before = (await transcript(page)).split(PROMPT).length;
  await page.keyboard.type(line);
  await page.keyboard.press('Enter');
  await expect.poll(async () => (await transcript(page)).split(PROMPT).length).toBe(before + 1);
}
