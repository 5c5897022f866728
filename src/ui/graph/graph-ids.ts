/**
 * Graph element ids, derived from the World's stable record ids only (see to-elements.ts), so
 * `syncGraph` can diff two drawings by id.
 */
export const hostNodeId = (id: string): string => `host:${id}`;
export const nsNodeId = (id: string): string => `ns:${id}`;
export const ifaceNodeId = (id: string): string => `if:${id}`;
export const containerNodeId = (id: string): string => `ctr:${id}`;
