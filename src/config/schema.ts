// The shape of Outpace's configuration, validated with zod. Every key has a default so a partial
// file works; config/default.yaml documents the same values. Unknown keys are errors (typos).

import { isIP } from 'node:net';
import { z } from 'zod';
import { callerIdField } from '../phone/caller-id-field.js';
import { maxDialsPerSecondCap } from '../core/limits.js';
import { redisIndexText } from './redis-index.js';

const port = z.number().int().min(1).max(65_535);
const urlWithScheme = (schemes: readonly string[]) =>
  z.string().refine((value) => schemes.some((scheme) => value.startsWith(`${scheme}://`)), {
    message: `expected a URL starting with ${schemes.map((s) => `${s}://`).join(' or ')}`,
  });

export const roles = ['admin', 'manager', 'supervisor', 'agent', 'viewer'] as const;
export type Role = (typeof roles)[number];

export const logLevels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof logLevels)[number];

const databaseSchema = z.strictObject({
  url: urlWithScheme(['postgres', 'postgresql']).default('postgres://postgres@127.0.0.1:5432/outpace'),
  poolMax: z.number().int().min(1).max(200).default(10),
});

/** A Redis URL's database index (its path, or `?db=`) is a whole number or absent: ioredis reads
 * "/7x" as 7 where the start checks read 0, and "/abc" fails its SELECT outside any handler, so
 * a slip there took another deployment's index or stopped the process with a stack trace. */
function hasWholeIndex(url: string): boolean {
  return !URL.canParse(url) || /^\d*$/.test(redisIndexText(url));
}

const redisSchema = z.strictObject({
  url: urlWithScheme(['redis', 'rediss'])
    .refine(hasWholeIndex, { message: 'the database index (after the port, or ?db=) must be a whole number, e.g. redis://127.0.0.1:6379/0' })
    .default('redis://127.0.0.1:6379/0'),
  keyPrefix: z.string().default('outpace:'),
});

/** ARI is asked at the URL's scheme, host and port, under /ari, whatever path it gives (the client
 * library reads no more), so a path other than /ari, such as the prefix of Asterisk's http.conf,
 * was passed over in silence and the PBX's 404 blamed on the host. */
function hasNoOtherPath(url: string): boolean {
  return !URL.canParse(url) || /^\/?(ari\/?)?$/.test(new URL(url).pathname);
}

const ariSchema = z
  .strictObject({
    url: urlWithScheme(['http', 'https'])
      .refine(hasNoOtherPath, { message: 'give the PBX\'s scheme, host and port, e.g. http://127.0.0.1:8088, with no path but /ari (a prefix in http.conf is not supported)' })
      .default('http://127.0.0.1:8088'),
    user: z.string().default('outpace'),
    password: z.string().default('outpace'),
    /** Taken as it is by the dialplan's Stasis(), which splits it at a comma, and by ARI's events
     * address, which reads a comma as a second app and stops at a space or "&". */
    app: z.string().min(1).regex(/^[\w.-]*$/, 'letters, digits, ".", "_" or "-": the dialplan\'s Stasis() and ARI take the name as it is').default('outpace'),
    /** Music on hold class a customer on hold hears (musiconhold.conf). */
    holdMusicClass: z.string().min(1).default('default'),
    reconnectMinMs: z.number().int().min(10).default(500),
    reconnectMaxMs: z.number().int().min(10).default(30_000),
    /** REST sockets open to the PBX at once: Asterisk drops the connections past its http.conf
     * sessionlimit (100 by default), which the events socket and every other node count against too. */
    maxConnections: z.number().int().min(1).default(40),
  })
  .refine((ari) => ari.reconnectMinMs <= ari.reconnectMaxMs, {
    message: 'must not exceed reconnectMaxMs',
    path: ['reconnectMinMs'],
  });

const amiSchema = z.strictObject({
  enabled: z.boolean().default(false),
  host: z.string().default('127.0.0.1'),
  port: port.default(5038),
  user: z.string().default('outpace'),
  password: z.string().default('outpace'),
  /** Channels the PBX and its trunks can carry; the pacer keeps new calls within what is free. */
  maxChannels: z.number().int().min(2).default(400),
});

const httpSchema = z.strictObject({
  host: z.string().min(1).default('0.0.0.0'),
  port: port.default(8080),
  /** Where agents and other nodes reach this node; '' means http://<host name>:<port>. */
  publicUrl: z.union([z.literal(''), urlWithScheme(['http', 'https'])]).default(''),
  /** The largest file an upload (a list of leads, a DNC file) may be, in megabytes: a list of a few
   * million leads, or a national DNC file's area codes. */
  uploadLimitMb: z.number().int().min(1).max(1_048_576).default(4096),
  /** Wrong tokens an address may offer in a minute before it is refused (429) until that minute
   * is over: guessing a token is slowed to this rate per address. */
  failedSignInsPerMinute: z.number().int().min(1).max(100_000).default(30),
  /** Reverse proxies in front of the node (addresses or networks such as 10.0.0.0/8): their
   * X-Forwarded-For names the client the limit above counts. */
  trustProxy: z.array(z.string().trim().refine(isAddressOrNetwork, 'an address or a network such as 10.0.0.0/8')).max(100).default([]),
});

const engineSchema = z.strictObject({
  tickMs: z.number().int().min(10).max(10_000).default(200),
  /** Calls the node may start in any second over every campaign (the trunk's limit); 0: none. */
  maxDialsPerSecond: z.number().int().min(0).max(maxDialsPerSecondCap).default(0),
  /** Calls a trunk several nodes drive may start in any second, split between the nodes present
   * that name it by their agents logged in; 0: none. */
  trunkDialsPerSecond: z.number().int().min(0).max(maxDialsPerSecondCap).default(0),
  /** The trunk the node dials through, for the split: nodes that name the same one share it.
   * The pattern takes no characters too, so an empty name is said once, as empty. */
  trunk: z.string().min(1).max(64).regex(/^[\w.-]*$/, 'letters, digits, ".", "_" or "-"').default('default'),
  /** '' means derive one from the host name and process id at start. */
  nodeId: z.string().default(''),
  // Renewed every 2 s and given up at 80% unrenewed: a shorter lease is given up between renewals.
  campaignLeaseMs: z.number().int().min(5_000, 'at least 5000: leases are renewed every 2 s').default(15_000),
  /** A lead leased for a dial is this node's for this long; renewed while its call goes on, so it
   * lapses only for a node that died (crash safety). */
  leadLeaseMs: z.number().int().min(1_000).default(600_000),
  /** How long the writes of calls in progress are tried again while the database is away. */
  writeRetryMinutes: z.number().min(0.1).max(240).default(5),
  /** Where writes the database did not take within writeRetryMinutes wait for it, on disk (a file
   * per node id); '' keeps none, and such writes are lost. */
  writeSpoolDir: z.string().default('var/spool'),
  /** Where uploaded lead lists wait for their import job, on disk: it must outlive the process (and
   * the container), or imports still queued lose their file. */
  uploadDir: z.string().min(1, "a directory: uploads have to wait somewhere").default('var/uploads'),
  /** On SIGTERM or SIGINT: how long calls in progress may go on before they are hung up. */
  drainSeconds: z.number().int().min(0).max(86_400).default(600),
  /** How often the node seals the evidence log's new entries into its hash chain: an entry can be
   * removed unnoticed between its commit and its seal. */
  evidenceSealMs: z.number().int().min(50).max(60_000).default(500),
  /** Pacing decisions older than this are pruned by the hourly housekeeping job. */
  decisionRetentionDays: z.number().int().min(1).max(3_650).default(30),
  /** Recordings of calls older than this are deleted from the PBX by the same job; 0 keeps them. */
  recordingRetentionDays: z.number().int().min(0).max(36_500).default(0),
  /** Finished leads unchanged and not called for longer than this have their personal data erased
   * by the same job (lead-retention.ts); 0 keeps them. */
  leadRetentionDays: z.number().int().min(0).max(36_500).default(0),
});

const hostName = /^(?=.{1,253}$)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*\.?$/i;

/** An address or a network in CIDR form (prefix within the family's bits). */
function isAddressOrNetwork(entry: string): boolean {
  const [address = '', prefix, ...rest] = entry.split('/');
  const family = isIP(address);
  if (family === 0) return false;
  if (prefix === undefined) return true;
  return rest.length === 0 && /^\d{1,3}$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128);
}

/** An address, a network in CIDR form or a host name. */
function isDestination(entry: string): boolean {
  return isAddressOrNetwork(entry) || hostName.test(entry);
}

const webhooksSchema = z.strictObject({
  /** Signs each body (HMAC-SHA256, header x-outpace-signature) so a CRM can tell it came from here;
   * one secret for every campaign's receivers; '' sends them unsigned. */
  secret: z.string().default(''),
  /** Internal destinations webhooks may go to (a CRM on the operator's own network): addresses,
   * networks (CIDR) or host names. Every other loopback, private, link-local or internal one is
   * refused, so a manager cannot make the engine reach what only its host can. */
  allowedPrivateDestinations: z.array(z.string().trim().refine(isDestination, 'an address, a network such as 10.20.0.0/16, or a host name'))
    .max(100).default([]),
  /** Tries per event before it is marked failed (a manager can send it again). */
  tries: z.number().int().min(1).max(50).default(8),
  /** Wait before the second try; each later wait doubles. */
  backoffSeconds: z.number().min(0.01).max(3_600).default(30),
  /** Longest a CRM may take to answer one try. */
  timeoutMs: z.number().int().min(100).max(120_000).default(10_000),
  /** Bodies delivered (a disposition's name the person, their number, fields and notes) are
   * deleted this many days after their delivery by the hourly housekeeping job, and those of
   * deliveries failed for good this many days after their last try (no longer sent again). */
  retentionDays: z.number().int().min(1).max(3_650).default(30),
});

const importsSchema = z.strictObject({
  /** An import's error report (the rows it refused, quoted with names and numbers) is deleted this
   * many days after the import finished by the hourly housekeeping job; its counts stay. */
  errorRetentionDays: z.number().int().min(1).max(3_650).default(30),
});

const endpointsSchema = z.strictObject({
  customer: z.string().includes('{number}', { message: 'must contain {number}' }).default('Local/{number}@sim-pstn'),
  agent: z.string().includes('{agent}', { message: 'must contain {agent}' }).default('Local/{agent}@sim-agent'),
  /** How long an agent's phone rings at login before the login is given up (Asterisk's own 30 s otherwise). */
  agentRingSeconds: z.number().int().min(5).max(120).default(20),
  amdContext: z.string().min(1).default('dialer-amd-continue'),
  /** Presented by campaigns that have no caller ID of their own; '' for none (they do not dial).
   * Judged as a campaign's is when saved (E.164, a number to call back), kept in E.164 form. */
  callerId: callerIdField.default(''),
});

const logSchema = z.strictObject({
  level: z.enum(logLevels).default('info'),
});

const tokenSchema = z
  .strictObject({
    // A token is a password that never expires: long enough that guessing, even at a rate the
    // sign-in guard allows, is hopeless (openssl rand -hex 16 gives 32 characters).
    token: z.string().min(16, { message: 'must be at least 16 characters (e.g. openssl rand -hex 16)' }),
    role: z.enum(roles),
    agentId: z.string().min(1).optional(),
    name: z.string().min(1),
  })
  .refine((entry) => entry.role !== 'agent' || entry.agentId !== undefined, {
    message: 'an agent token needs agentId',
    path: ['agentId'],
  });

const authSchema = z.strictObject({
  tokens: z
    .array(tokenSchema)
    .default([])
    .refine((tokens) => new Set(tokens.map((t) => t.token)).size === tokens.length, { message: 'tokens must be unique' }),
});

export const configSchema = z.strictObject({
  database: databaseSchema.prefault({}),
  redis: redisSchema.prefault({}),
  ari: ariSchema.prefault({}),
  ami: amiSchema.prefault({}),
  http: httpSchema.prefault({}),
  engine: engineSchema.prefault({}),
  endpoints: endpointsSchema.prefault({}),
  webhooks: webhooksSchema.prefault({}),
  imports: importsSchema.prefault({}),
  log: logSchema.prefault({}),
  auth: authSchema.prefault({}),
});

export type Config = z.infer<typeof configSchema>;
export type AuthToken = Config['auth']['tokens'][number];
