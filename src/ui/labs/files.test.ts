import { describe, expect, it, vi } from 'vitest';
import { LAB_LIMITS } from '../../sim/lab/schema';
import { readTextFile } from './files';

describe('readTextFile', () => {
  it('refuses a file past the cap from its size, without reading it', async () => {
    const big = new File([new Uint8Array(LAB_LIMITS.file + 1)], '<b>huge</b>.json');
    const text = vi.spyOn(big, 'text');
    expect(await readTextFile(big, LAB_LIMITS.file)).toEqual({ ok: false, error: '<b>huge</b>.json is 34 MB; a lab file is far smaller.' });
    expect(text).not.toHaveBeenCalled();
  });

  it('reads a file within the cap (bad UTF-8 as U+FFFD, as the browser does)', async () => {
    expect(await readTextFile(new File(['{"v":1}'], 'lab.json'), LAB_LIMITS.file)).toEqual({ ok: true, text: '{"v":1}' });
    expect(await readTextFile(new File([Uint8Array.of(0x7b, 0xff, 0x7d)], 'x.json'), 10)).toEqual({ ok: true, text: '{\uFFFD}' });
  });

  it('says when the browser cannot read the file', async () => {
    const file = new File(['x'], 'gone.json');
    vi.spyOn(file, 'text').mockRejectedValue(new DOMException('NotReadableError'));
    expect(await readTextFile(file, 10)).toEqual({ ok: false, error: 'gone.json could not be read.' });
  });
});
