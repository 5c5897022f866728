/** What the guided labs share: the seeds' busybox container that sleeps forever. */
import type { Text } from '../types';

/** The seeds' way to keep a busybox container running (001). */
export const SLEEP_LOOP = '/bin/sh -c "while true; do sleep 3600;done"';

/** `docker run -d --name NAME [opts] busybox <sleep loop>`, as the seeds type it. */
export function busybox(name: string, opts = ''): string {
  return `docker run -d --name ${name} ${opts ? `${opts} ` : ''}busybox ${SLEEP_LOOP}`;
}

export function text(en: string, zh: string): Text {
  return { en, zh };
}
