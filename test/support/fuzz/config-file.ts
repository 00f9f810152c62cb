import fc from 'fast-check';
import { connectorJsonArb, connectorTypeArb } from './connectors';
import { keyArb, leaf, maybe, obj, PROTO_NAMES, str, stringArb, treeArb, type Tree } from './values';
import { CONNECTOR_NAMES } from './workflows';

/** The secret the fuzz environment holds in FZ_SECRET (relayflow.yaml reads it as `${env:FZ_SECRET}`). */
export const ENV_SECRET = 'Zq7-envsecret-K2pX';

function field(right: fc.Arbitrary<Tree>): fc.Arbitrary<Tree> {
  return fc.oneof({ weight: 4, arbitrary: right }, { weight: 1, arbitrary: treeArb });
}

const list = (items: fc.Arbitrary<Tree>, maxLength = 3): fc.Arbitrary<Tree> => fc.array(items, { maxLength }).map((i): Tree => ({ t: 'arr', items: i }));
const strs = (...values: string[]) => fc.constantFrom(...values).map(str);

/** One preconfigured connector, holding the case's secret (inline or through `${env:FZ_SECRET}`). */
function preconfiguredArb(secret: string): fc.Arbitrary<Tree> {
  return fc.tuple(connectorTypeArb, fc.integer({ min: 0, max: CONNECTOR_NAMES.length - 1 }), fc.boolean()).chain(([type, n, fromEnv]) => fc.record({
    id: field(fc.oneof(strs(`fz-${n}`, `d6b62e80-ff9b-11ee-8678-0f2b2c0c3c6${n}`, '__proto__', 'constructor', '', 'a b', 'x'.repeat(101)), stringArb.map(str))),
    name: field(strs(CONNECTOR_NAMES[n], ...PROTO_NAMES)),
    type: field(fc.constant(str(type))),
    json: connectorJsonArb(type, fromEnv ? '${env:FZ_SECRET}' : secret),
  }).map(({ json, ...rest }) => obj([...Object.entries(rest), ['config', json.config], ['secrets', json.secrets]])));
}

/** A relayflow.yaml: every section of contract §3, right or wrong, with any other keys. */
export function configFileArb(secret: string): fc.Arbitrary<Tree> {
  return fc.record({
    plugins: maybe(field(list(strs('@relayflow/plugin-http', '@relayflow/plugin-slack', 'nope', '__proto__', './missing.js', '../../etc/passwd', ''))), 10),
    encryptionKey: maybe(field(strs('k'.repeat(40), 'short', '${env:FZ_KEY}', '${env:FZ_MISSING}', `${secret}${secret}${secret}`)), 40),
    decryptionOnlyKeys: maybe(field(list(strs('o'.repeat(40), 'x'))), 10),
    store: maybe(field(strs('sqlite', `postgres://u:${secret}@127.0.0.1:1/x`, 'sqlite:/tmp/x', 'mysql://x', '__proto__')), 15),
    networking: maybe(field(fc.record({
      allowedHosts: maybe(field(list(strs('*', '*.example.com', 'example.com:443', '', '127.0.0.1', '*.*'))), 50),
      denyPrivateNetworks: maybe(field(fc.constantFrom('true', 'false').map(leaf)), 20),
      responseTimeout: maybe(field(strs('60s', '0s', '1e400s', 'x')), 20),
      maxResponseContentLength: maybe(field(strs('1mb', '0b', '1e400mb', 'x')), 20),
      ssl: maybe(field(fc.record({ verificationMode: field(strs('full', 'none', 'certificate', 'x')) }).map((r) => obj(Object.entries(r)))), 20),
      customHostSettings: maybe(field(list(fc.record({ url: field(strs('https://jira.internal:8443', 'x')), ssl: maybe(treeArb, 50) }).map((r) => obj(Object.entries(r))))), 15),
      proxyUrl: maybe(field(strs('http://proxy:3128', `http://u:${secret}@127.0.0.1:1`, 'x')), 15),
      proxyBypassHosts: maybe(treeArb, 10),
      proxyHeaders: maybe(treeArb, 10),
      allowStepTlsOverride: maybe(treeArb, 10),
    }).map((r) => obj(Object.entries(r)))), 30),
    limits: maybe(field(fc.record({ eventSize: field(strs('10mb', '1b', '0', '1e400mb', '-1', 'x', '1kb')) }).map((r) => obj(Object.entries(r)))), 20),
    connectors: maybe(field(list(preconfiguredArb(secret), 4)), 80),
    server: maybe(field(fc.record({
      apiKeys: maybe(list(fc.record({ name: field(strs('ci', '__proto__')), key: field(fc.constantFrom(secret, '${env:FZ_SECRET}').map(str)), scopes: field(list(strs('read', 'run', 'admin', 'x'))) }).map((r) => obj(Object.entries(r)))), 60),
      bodyLimit: maybe(field(strs('1mb', 'x')), 30),
      shutdownGrace: maybe(field(strs('30s', 'x')), 30),
    }).map((r) => obj(Object.entries(r)))), 15),
    extra: maybe(fc.tuple(keyArb, treeArb), 20),
  }).map(({ extra, ...keys }) => obj([...Object.entries(keys), ...(extra ? [extra] : [])]));
}
