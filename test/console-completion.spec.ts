import { CompletionContext } from '@codemirror/autocomplete';
import { EditorState } from '@codemirror/state';
import { expect } from 'chai';
import { createRelayflow, type Relayflow } from '@relayflow/core';
import { schemaCompletion } from '../plugins/console/web/src/editor/schema-completion';
import { tempDir } from './support/temp-dir';

/**
 * The console editor's completion (plugins/console/web/src/editor/schema-completion.ts) against
 * the real workflow JSON Schema (`relayflow schema`, GET /api/workflow_schema). `|` marks the cursor.
 */
describe('console editor completion from the workflow JSON Schema', () => {
  let rf: Relayflow;
  let complete: ReturnType<typeof schemaCompletion>;

  before(async () => {
    rf = await createRelayflow({ plugins: ['@relayflow/plugin-http'], dataDir: tempDir(), env: {} });
    complete = schemaCompletion(rf.workflowSchema());
  });
  after(() => rf.stop());

  function labels(text: string, explicit = true): string[] | undefined {
    const pos = text.indexOf('|');
    const state = EditorState.create({ doc: text.replace('|', '') });
    const result = complete(new CompletionContext(state, pos, explicit));
    return result?.options.map((o) => o.label);
  }

  it('offers the top-level keys not yet written', () => {
    const offered = labels('name: x\n|');
    expect(offered).to.include.members(['steps', 'triggers', 'description', 'inputs']);
    expect(offered).to.not.include('name');
  });

  it("offers a step's keys inside a list item, half-typed or on the item's first line", () => {
    expect(labels('name: x\nsteps:\n  - name: a\n    ty|')).to.include.members(['type', 'with', 'connector-id', 'on-failure']);
    expect(labels('name: x\nsteps:\n  - |')).to.include.members(['name', 'type']);
  });

  it("offers the with keys of the step's type", () => {
    const offered = labels('name: x\nsteps:\n  - name: a\n    type: http\n    with:\n      |\n');
    expect(offered).to.include.members(['url', 'method', 'headers']);
    expect(labels('name: x\nsteps:\n  - name: a\n    type: console\n    with:\n      |\n')).to.deep.equal(['message']);
  });

  it('offers the values a key allows: step types, trigger types, booleans', () => {
    expect(labels('name: x\nsteps:\n  - name: a\n    type: ht|')).to.include.members(['http', 'http.request', 'console', 'foreach']);
    expect(labels('name: x\ntriggers:\n  - type: |')).to.include.members(['webhook', 'scheduled', 'manual']);
    expect(labels('name: x\nenabled: |')).to.deep.equal(['true', 'false']);
  });

  it('stays quiet on an empty line until asked, and where the schema has nothing', () => {
    expect(labels('name: x\n|', false)).to.equal(undefined);
    expect(labels('name: x\ndescription: |')).to.equal(undefined);
  });
});
