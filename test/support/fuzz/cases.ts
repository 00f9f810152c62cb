import fc from 'fast-check';
import { hostileYamlArb, mutate, mutationsArb, mutationsSometimes } from './bytes';
import { configFileArb, ENV_SECRET } from './config-file';
import { connectorJsonArb, connectorTypeArb, secretArb } from './connectors';
import { fileOf, type CaseFile, type CaseRun, type FuzzCase } from './fuzz-case';
import { jsonText, maybe, PROTO_NAMES, stringArb, yamlText, type Tree } from './values';
import { eventArb, inputArgsArb, tameEventArb, wellFormedWorkflowArb, workflowArb } from './workflows';

/** A document as a file: block YAML, JSON (flow YAML), or a parser attack; its bytes sometimes mutated. */
function documentFileArb(tree: fc.Arbitrary<Tree>, options: { hostile?: boolean; mutations?: number } = {}): fc.Arbitrary<CaseFile> {
  const text = fc.oneof(
    { weight: 5, arbitrary: tree.map((t) => `${yamlText(t)}\n`) },
    { weight: 2, arbitrary: tree.map((t) => jsonText(t, true)) },
    { weight: options.hostile ? 1 : 0, arbitrary: hostileYamlArb },
  );
  return fc.tuple(text, mutationsSometimes(options.mutations ?? 40)).map(([t, m]) => fileOf(mutate(t, m)));
}

/** A workflow file: well-formed (so it runs) more often than not, else anything. */
function workflowFileArb(connectors: boolean): fc.Arbitrary<CaseFile> {
  return fc.oneof(
    { weight: 3, arbitrary: documentFileArb(wellFormedWorkflowArb(connectors), { mutations: 10 }) },
    { weight: 2, arbitrary: documentFileArb(workflowArb, { hostile: true, mutations: 25 }) },
  );
}

/** An event file: JSON (sometimes mutated), or something that is not a readable file. */
const eventFileArb: fc.Arbitrary<CaseFile | 'missing'> = fc.oneof(
  { weight: 12, arbitrary: tameEventArb.map((t) => fileOf(Buffer.from(jsonText(t)))) },
  { weight: 4, arbitrary: fc.tuple(eventArb, mutationsArb).map(([t, m]) => fileOf(mutate(jsonText(t), m))) },
  { weight: 1, arbitrary: fc.constantFrom<CaseFile | 'missing'>({ text: '' }, { text: 'null' }, { text: '[]' }, { text: '"x"' }, { directory: true }, 'missing') },
);

/** `run --dry-run`, with or without `--json` and an event. */
function dryRun(prefix: string[], event: CaseFile | 'missing' | undefined, inputs: string[], json: boolean): CaseRun {
  const eventArgs = event === undefined ? [] : ['--event', '$DIR/ev.json'];
  return { args: [...prefix, 'run', '--dry-run', '$DIR/wf.yaml', ...eventArgs, ...inputs, ...(json ? ['--json'] : [])], runs: true, json };
}

function eventFiles(event: CaseFile | 'missing' | undefined): Record<string, CaseFile> {
  return event === undefined || event === 'missing' ? {} : { 'ev.json': event };
}

/** Workflows and events: `validate` and `run --dry-run` on them. */
export const workflowCaseArb: fc.Arbitrary<FuzzCase> = fc.record({
  wf: workflowFileArb(false),
  event: fc.option(eventFileArb, { nil: undefined, freq: 6 }),
  inputs: inputArgsArb,
  json: fc.boolean(),
}).map(({ wf, event, inputs, json }) => ({
  files: { 'wf.yaml': wf, ...eventFiles(event) },
  runs: [{ args: ['--data-dir', '$DATA', 'validate', '$DIR/wf.yaml'] }, dryRun(['--data-dir', '$DATA'], event, inputs, json)],
  secrets: [ENV_SECRET],
}));

/** relayflow.yaml files (with secrets): `validate`, `run --dry-run` and `connectors list` under them. */
export const configCaseArb: fc.Arbitrary<FuzzCase> = secretArb.chain((secret) => fc.record({
  config: documentFileArb(configFileArb(secret), { mutations: 15 }),
  wf: workflowFileArb(true),
  event: fc.option(eventFileArb, { nil: undefined, freq: 6 }),
  list: fc.boolean(),
}).map(({ config, wf, event, list }) => {
  const prefix = ['--config', '$DIR/relayflow.yaml', '--data-dir', '$DATA'];
  const runs: CaseRun[] = [{ args: [...prefix, 'validate', '$DIR/wf.yaml'] }, dryRun(prefix, event, [], true)];
  if (list) runs.push({ args: [...prefix, 'connectors', 'list', '--json'], json: true });
  return { files: { 'relayflow.yaml': config, 'wf.yaml': wf, ...eventFiles(event) }, runs, secrets: [secret, ENV_SECRET] };
}));

/** A JSON argument as `@file`: the file (its bytes as given) goes into the case. */
function fileArgument(bytes: Buffer, name: string, files: Record<string, CaseFile>): string {
  files[name] = fileOf(bytes);
  return `@$DIR/${name}`;
}

/** `connectors create` (then sometimes `update` and `get`) with any type, name, id, config and secrets JSON. */
export const connectorCaseArb: fc.Arbitrary<FuzzCase> = fc.tuple(secretArb, connectorTypeArb, fc.boolean()).chain(([secret, type, wellFormed]) => fc.record({
  json: connectorJsonArb(type, secret, wellFormed),
  name: fc.oneof({ weight: 4, arbitrary: fc.stringMatching(/^[a-z]{6}$/).map((s) => `c-${s}`) }, { weight: 1, arbitrary: fc.constantFrom(...PROTO_NAMES, '') }, { weight: 1, arbitrary: stringArb }),
  id: maybe(fc.oneof(fc.constantFrom('my-slack1', 'constructor', '__proto__', 'a/b', '', 'x'.repeat(101)), stringArb), 20),
  asFile: fc.tuple(fc.boolean(), fc.boolean(), mutationsSometimes(20), mutationsSometimes(20)),
  textMutations: fc.tuple(mutationsSometimes(15), mutationsSometimes(15)),
  update: fc.option(connectorJsonArb(type, secret), { nil: undefined, freq: 4 }),
  output: fc.boolean(),
}).map(({ json, name, id, asFile, textMutations, update, output }) => {
  const files: Record<string, CaseFile> = {};
  const [configFile, secretsFile, configBytes, secretsBytes] = asFile;
  // Inline JSON is a string argument: mutated as text (no invalid UTF-8 in argv), else as file bytes.
  const inline = (tree: Tree, m: Parameters<typeof mutate>[1]) => mutate(jsonText(tree), m).toString('utf8');
  const config = configFile ? fileArgument(mutate(jsonText(json.config), configBytes), 'config.json', files) : inline(json.config, textMutations[0]);
  const secrets = secretsFile ? fileArgument(mutate(jsonText(json.secrets), secretsBytes), 'secrets.json', files) : inline(json.secrets, textMutations[1]);
  const base = ['--data-dir', '$DATA', 'connectors'];
  const flag = output ? ['--json'] : [];
  const runs: CaseRun[] = [{ args: [...base, 'create', '--type', type, '--name', name, ...(id === undefined ? [] : ['--id', id]), '--config', config, '--secrets', secrets, ...flag], json: output }];
  if (update) {
    runs.push({ args: [...base, 'update', name, '--config', jsonText(update.config), '--secrets', jsonText(update.secrets), ...flag], json: output });
    runs.push({ args: [...base, 'get', name, '--json'], json: true });
  }
  return { files, runs, secrets: [secret] };
}));

/** A case whose event file is given on stdin instead (`--event -`), for child processes. */
export function eventOnStdin(fuzzCase: FuzzCase): FuzzCase {
  const event = fuzzCase.files['ev.json'];
  if (!event || 'directory' in event) return fuzzCase;
  return {
    ...fuzzCase,
    runs: fuzzCase.runs.map((run) => {
      const at = run.args.indexOf('$DIR/ev.json');
      return at === -1 ? run : { ...run, args: run.args.map((a, i) => (i === at ? '-' : a)), stdin: event };
    }),
  };
}
