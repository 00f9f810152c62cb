import fc from 'fast-check';
import { keyArb, maybe, obj, PROTO_NAMES, str, stringArb, treeArb, type Tree } from './values';

/** A connector type id as a user might type it: right, an alias, a near miss, or anything. */
export const connectorTypeArb: fc.Arbitrary<string> = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom('slack', 'slack_api', 'jira', 'http', 'cases-webhook') },
  { weight: 2, arbitrary: fc.constantFrom('.slack', '.slack_api', '.jira', '.http', '.webhook', '.cases-webhook', 'slak', 'Slack', 'webhook', '.email') },
  { weight: 1, arbitrary: fc.constantFrom(...PROTO_NAMES, '', ' ', 'slack\u0000') },
  { weight: 1, arbitrary: stringArb },
);

/** How a field's value is made from the right ones. */
type Field = (right: fc.Arbitrary<Tree>) => fc.Arbitrary<Tree>;
/** Right most of the time, anything otherwise. */
const wildField: Field = (right) => fc.oneof({ weight: 8, arbitrary: right }, { weight: 1, arbitrary: treeArb });
/** Right. */
const rightField: Field = (right) => right;

const urlArb = fc.constantFrom('https://example.com', 'http://127.0.0.1:1/api', 'https://jira.example.com/jira', 'ftp://x', 'not a url',
  'http://[::1]:1/', 'https://user:pass@example.com/', 'https://example.com/{{{external.system.id}}}', '', 'http://169.254.169.254/');

/** The secret a case holds, in the forms each type takes it. */
function secretsFor(type: string, secret: string, field: Field): fc.Arbitrary<Tree> {
  const s = (v: string) => fc.constant(str(v));
  switch (type) {
    case 'slack': return fc.record({ webhookUrl: field(fc.constantFrom(`https://hooks.slack.com/services/T0/B0/${secret}`, `https://u:${secret}@hooks.example.com/x`, secret).map(str)) }).map(entries);
    case 'slack_api': return fc.record({ token: field(s(`xoxb-${secret}`)) }).map(entries);
    case 'jira': return fc.oneof(
      fc.record({ email: field(s('a@example.com')), apiToken: field(s(secret)) }).map(entries),
      fc.record({ token: field(s(secret)) }).map(entries),
    );
    default: return fc.record({
      user: maybe(field(s('admin')), 50),
      password: maybe(field(s(secret)), 60),
      token: maybe(field(s(secret)), 20),
      clientSecret: maybe(field(s(secret)), 10),
      secretHeaders: maybe(field(fc.tuple(fc.oneof(keyArb, fc.constant('X-Api-Key')), fc.constant(secret)).map(([k, v]) => obj([[k, str(v)]]))), 30),
      secretQueryParams: maybe(field(fc.constant(obj([['key', str(secret)]]))), 10),
    }).map(entries);
  }
}

/** A config for the type: its fields, right or wrong. */
function configFor(type: string, field: Field): fc.Arbitrary<Tree> {
  const bool = fc.constantFrom('true', 'false').map((v): Tree => ({ t: 'leaf', json: v }));
  const headers = fc.constantFrom(obj([['X-Team', str('secops')]]), obj([['constructor', str('x')], ['toString', str('y')]]));
  switch (type) {
    case 'slack': return fc.constant(obj([]));
    case 'slack_api': return fc.record({ apiUrl: maybe(field(urlArb.map(str)), 30), allowedChannels: maybe(field(fc.constant({ t: 'arr', items: [str('#general')] })), 20) }).map(entries);
    case 'jira': return fc.record({ apiUrl: field(urlArb.map(str)), projectKey: field(fc.constantFrom('ENG', '', 'constructor').map(str)) }).map(entries);
    case 'http': return fc.record({
      url: maybe(field(urlArb.map(str)), 70), headers: maybe(field(headers), 30), hasAuth: maybe(field(bool), 20), authType: maybe(field(fc.constantFrom('basic', 'bearer', 'ssl', 'webhook-authentication-basic', 'x').map(str)), 30),
      allowedOrigins: maybe(field(fc.constant({ t: 'arr', items: [str('https://example.com')] })), 20), method: maybe(field(fc.constantFrom('post', 'GET', 'constructor').map(str)), 20),
      verificationMode: maybe(field(fc.constantFrom('full', 'none', 'certificate', 'x').map(str)), 20),
    }).map(entries);
    default: return fc.record({
      createIncidentUrl: field(urlArb.map(str)), createIncidentJson: field(fc.constantFrom('{"title": {{{case.title}}}}', '{"a": "{{case.title}}"}', 'not json', '{{', '{"constructor": 1}').map(str)),
      createIncidentResponseKey: field(fc.constantFrom('id', 'data.id', '__proto__', 'a[0]').map(str)), getIncidentUrl: field(urlArb.map(str)),
      getIncidentResponseExternalTitleKey: field(fc.constantFrom('key', 'constructor').map(str)), viewIncidentUrl: field(urlArb.map(str)),
      updateIncidentUrl: field(urlArb.map(str)), updateIncidentJson: field(fc.constantFrom('{"title": {{{case.title}}}}', '{}').map(str)),
      hasAuth: maybe(field(bool), 20), headers: maybe(field(headers), 20),
    }).map(entries);
  }
}

function entries(record: Record<string, Tree | undefined>): Tree {
  return obj(Object.entries(record));
}

/** With an extra key (any name) now and then. */
function withExtra(tree: fc.Arbitrary<Tree>): fc.Arbitrary<Tree> {
  return fc.tuple(tree, maybe(fc.tuple(keyArb, treeArb), 25)).map(([t, extra]) => (extra && t.t === 'obj' ? { t: 'obj' as const, entries: [...t.entries, extra] } : t));
}

/** A connector's `config` and `secrets` for a type id (any id: unknown ones get any objects). */
export function connectorJsonArb(type: string, secret: string, wellFormed = false): fc.Arbitrary<{ config: Tree; secrets: Tree }> {
  const field = wellFormed ? rightField : wildField;
  const known = ['slack', 'slack_api', 'jira', 'http', 'cases-webhook'];
  const base = type.replace(/^\./, '').replace(/^webhook$/, 'http');
  const id = known.includes(base) ? base : known[Math.abs([...type].reduce((h, c) => h * 31 + c.charCodeAt(0), 0)) % known.length];
  return fc.record({
    config: wellFormed ? configFor(id, field) : fc.oneof({ weight: 6, arbitrary: withExtra(configFor(id, field)) }, { weight: 1, arbitrary: treeArb }),
    secrets: wellFormed ? secretsFor(id, secret, field) : fc.oneof({ weight: 6, arbitrary: withExtra(secretsFor(id, secret, field)) }, { weight: 1, arbitrary: treeArb }),
  });
}

/** A secret nobody would write by chance: redaction must replace it wherever it would appear. */
export const secretArb: fc.Arbitrary<string> = fc.stringMatching(/^[a-f0-9]{10}$/).map((hex) => `Zq7-${hex}-K2pX`);
