/**
 * The zod schemas of what the importer reads of Docker 20.10-29 inspect output. Only the fields
 * used are declared (zod drops the rest), and every string and list is bounded.
 */
import { z } from 'zod';

// No `new Function` under the page's CSP (see ../schema.ts); the setting is global, set here too so
// this module holds it whatever loads first.
z.config({ jitless: true });

const S = z.string().max(4096);
const strs = z.array(S).max(512).nullish();
/** `HostConfig.PortBindings` and `NetworkSettings.Ports`: `"80/tcp": [{ HostIp, HostPort }]`. */
const PortBindingsSchema = z.record(S, z.array(z.object({ HostIp: S.optional(), HostPort: S.optional() })).max(64).nullish()).nullish();

/** One object of `docker network inspect`. */
export const NetworkSchema = z.object({
  Name: S,
  Id: S,
  Created: S.optional(),
  Driver: S,
  Scope: S.optional(),
  EnableIPv6: z.boolean().optional(),
  IPAM: z.object({ Config: z.array(z.object({ Subnet: S.optional(), Gateway: S.optional(), IPRange: S.optional() })).max(64).nullish() }).nullish(),
  Internal: z.boolean().optional(),
  Attachable: z.boolean().optional(),
  Options: z.record(S, S).nullish(),
  Containers: z.record(S, z.object({ Name: S, MacAddress: S.optional(), IPv4Address: S.optional() })).nullish(),
});

const EndpointSchema = z.object({
  IPAMConfig: z.object({ IPv4Address: S.optional() }).nullish(),
  Links: strs,
  Aliases: strs,
  NetworkID: S.optional(),
  IPAddress: S.optional(),
  IPPrefixLen: z.number().optional(),
  Gateway: S.optional(),
  MacAddress: S.optional(),
});

/** One object of `docker inspect` of a container. */
export const ContainerSchema = z.object({
  Id: S,
  Name: S,
  Created: S.optional(),
  State: z.object({ Status: S.optional(), Running: z.boolean().optional(), ExitCode: z.number().optional() }),
  Config: z.object({
    Image: S,
    Cmd: strs,
    Entrypoint: strs,
    Hostname: S.optional(),
    Domainname: S.optional(),
    Tty: z.boolean().optional(),
    OpenStdin: z.boolean().optional(),
    ExposedPorts: z.record(S, z.unknown()).nullish(),
    MacAddress: S.optional(),
    Env: strs,
  }),
  HostConfig: z.object({
    NetworkMode: S.optional(),
    PortBindings: PortBindingsSchema,
    PublishAllPorts: z.boolean().optional(),
    Links: strs,
    RestartPolicy: z.object({ Name: S.optional() }).nullish(),
    AutoRemove: z.boolean().optional(),
    Dns: strs,
    DnsSearch: strs,
    ExtraHosts: strs,
  }),
  Mounts: z.array(z.object({ Source: S.optional(), Destination: S.optional() })).max(512).nullish(),
  NetworkSettings: z.object({ Networks: z.record(S, EndpointSchema).nullish(), Ports: PortBindingsSchema }).nullish(),
});

export type NetworkJson = z.infer<typeof NetworkSchema>;
export type ContainerJson = z.infer<typeof ContainerSchema>;
export type PortBindingsJson = z.infer<typeof PortBindingsSchema>;
