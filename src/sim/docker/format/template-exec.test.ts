/** Go templates over maps: a key is the map's own entry only (fuzz finding, issue 7). */
import { describe, expect, it } from 'vitest';
import { createDefaultWorld } from '../../lab/default-world';
import { execute } from '../../shell/execute';

describe('{{.constructor}} and friends', () => {
  it.each(['constructor', 'toString', 'hasOwnProperty'])('{{.%s}} is a missing key, not a JavaScript function', (key) => {
    let w = createDefaultWorld();
    w = execute(w, 'docker run -d --name c1 busybox sleep 3600').world;
    for (const line of [`docker ps --format '{{.${key}}}'`, `docker inspect -f '{{.${key}}}' c1`]) {
      const r = execute(w, line);
      expect(r.output).not.toContain('native code');
      expect(r.output).toContain(`map has no entry for key "${key}"`);
      expect(r.exitCode).toBe(1);
    }
  });
});
