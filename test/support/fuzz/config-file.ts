import fc from 'fast-check';
import { connectorJsonArb, connectorTypeArb } from './connectors';
import { jsonText, keyArb, leaf, maybe, obj, PROTO_NAMES, str, stringArb, treeArb, type Tree } from './values';
import { CONNECTOR_OF } from './workflows';

/** The secret the fuzz environment holds in FZ_SECRET (relayflow.yaml reads it as `${env:FZ_SECRET}`). */
export const ENV_SECRET = 'Zq7-envsecret-K2pX';


const list = (items: fc.Arbitrary<Tree>, maxLength = 3): fc.Arbitrary<Tree> => fc.array(items, { maxLength }).map((i): Tree => ({ t: 'arr', items: i }));
const strs = (...values: string[]) => fc.constantFrom(...values).map(str);

/** One preconfigured connector, holding the case's secret (inline or through `${env:FZ_SECRET}`). */
function preconfiguredArb(secret: string, field: Field): fc.Arbitrary<Tree> {
  return fc.tuple(connectorTypeArb, fc.boolean()).chain(([type, fromEnv]) => fc.record({
    id: field(fc.oneof({ weight: 6, arbitrary: strs(`fz-${type.replace(/[^a-z]/g, '')}`, `d6b62e80-ff9b-11ee-8678-0f2b2c0c3c6${type.length % 10}`) },
      { weight: 1, arbitrary: strs('__proto__', 'constructor', '', 'a b', 'x'.repeat(101)) }, { weight: 1, arbitrary: stringArb.map(str) })),
    name: field(fc.oneof({ weight: 6, arbitrary: fc.constant(str(CONNECTOR_OF[type.replace(/^\./, '')] ?? `fz-${type}`)) }, { weight: 1, arbitrary: strs(...PROTO_NAMES) })),
    type: field(fc.constant(str(type))),
    json: connectorJsonArb(type, fromEnv ? '${env:FZ_SECRET}' : secret, field === right),
  }).map(({ json, ...rest }) => obj([...Object.entries(rest), ['config', json.config], ['secrets', json.secrets]])));
}

/** How a field's value is made from the right ones. */
type Field = (right: fc.Arbitrary<Tree>) => fc.Arbitrary<Tree>;
/** Right. */
const right: Field = (r) => r;
/** Right most of the time, else anything. */
const wild: Field = (r) => fc.oneof({ weight: 12, arbitrary: r }, { weight: 1, arbitrary: treeArb });

/**
 * A relayflow.yaml: every section of contract §3 with any other keys. Well-formed half the time
 * (every value right, so the commands get past the config), else each value right or wrong.
 */
export function configFileArb(secret: string): fc.Arbitrary<Tree> {
  return fc.oneof(configArb(secret, right, 0), configArb(secret, wild, 1));
}

function configArb(secret: string, field: Field, odd: number): fc.Arbitrary<Tree> {
  const any = (percent: number) => maybe(treeArb, percent * odd);
  return fc.record({
    plugins: maybe(field(list(strs('@relayflow/plugin-http', '@relayflow/plugin-slack', 'nope', '__proto__', './missing.js', '../../etc/passwd', ''))), 10 * odd),
    encryptionKey: maybe(field(odd ? strs('k'.repeat(40), 'short', '${env:FZ_KEY}', '${env:FZ_MISSING}', `${secret}${secret}${secret}`) : strs('k'.repeat(40), '${env:FZ_KEY}', `${secret}${secret}${secret}`)), 40),
    decryptionOnlyKeys: maybe(field(list(strs('o'.repeat(40), 'x'))), 10),
    store: maybe(field(odd ? strs('sqlite', `postgres://u:${secret}@127.0.0.1:1/x`, 'sqlite:/tmp/x', 'mysql://x', '__proto__') : strs('sqlite')), 15),
    networking: maybe(field(fc.record({
      allowedHosts: maybe(field(list(strs('*', '*.example.com', 'example.com:443', '', '127.0.0.1', '*.*'))), 50),
      denyPrivateNetworks: maybe(field(fc.constantFrom('true', 'false').map(leaf)), 20),
      responseTimeout: maybe(field(strs('60s', '0s', '1e400s', 'x')), 20),
      maxResponseContentLength: maybe(field(strs('1mb', '0b', '1e400mb', 'x')), 20),
      ssl: maybe(field(fc.record({ verificationMode: field(strs('full', 'none', 'certificate', 'x')) }).map((r) => obj(Object.entries(r)))), 20),
      customHostSettings: maybe(field(list(fc.record({ url: field(strs('https://jira.internal:8443', 'x')), ssl: any(50) }).map((r) => obj(Object.entries(r))))), 15),
      proxyUrl: maybe(field(strs('http://proxy:3128', `http://u:${secret}@127.0.0.1:1`, 'x')), 15),
      proxyBypassHosts: any(10),
      proxyHeaders: any(10),
      allowStepTlsOverride: any(10),
    }).map((r) => obj(Object.entries(r)))), 30),
    limits: maybe(field(fc.record({ eventSize: field(strs('10mb', '1b', '0', '1e400mb', '-1', 'x', '1kb')) }).map((r) => obj(Object.entries(r)))), 20),
    connectors: maybe(field(fc.uniqueArray(preconfiguredArb(secret, field), { maxLength: 4, selector: (t) => jsonText(t) }).map((items): Tree => ({ t: 'arr', items }))), 85),
    server: maybe(field(fc.record({
      apiKeys: maybe(list(fc.record({ name: field(strs('ci', '__proto__')), key: field(fc.constantFrom(secret, '${env:FZ_SECRET}').map(str)), scopes: field(list(strs('read', 'run', 'admin', 'x'))) }).map((r) => obj(Object.entries(r)))), 60),
      bodyLimit: maybe(field(strs('1mb', 'x')), 30),
      shutdownGrace: maybe(field(strs('30s', 'x')), 30),
    }).map((r) => obj(Object.entries(r)))), 15),
    extra: maybe(fc.tuple(keyArb, treeArb), 20 * odd),
  }).map(({ extra, ...keys }) => obj([...Object.entries(keys), ...(extra ? [extra] : [])]));
}
