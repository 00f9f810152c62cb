import { expect } from 'chai';
import { isBlockArray, normalizeBlocks, parseBlockKitBody } from './blocks';

const blocks = [{ type: 'divider' }, { type: 'section', text: { type: 'mrkdwn', text: 'hi' } }];

describe('normalizeBlocks', () => {
  it('accepts an array, JSON text of one, and {"blocks": [...]} as object or text', () => {
    for (const form of [blocks, JSON.stringify(blocks), { blocks }, JSON.stringify({ blocks })]) {
      expect(normalizeBlocks(form)).to.deep.equal(blocks);
    }
  });

  it('leaves anything else unchanged for the validator to report', () => {
    expect(normalizeBlocks('not json')).to.equal('not json');
    expect(normalizeBlocks({ nope: 1 })).to.deep.equal({ nope: 1 });
    expect(isBlockArray(normalizeBlocks('{"nope": 1}'))).to.equal(false);
  });
});

describe('isBlockArray', () => {
  it('wants a non-empty array of objects with a string type', () => {
    expect(isBlockArray(blocks)).to.equal(true);
    for (const no of [[], [{}], [{ type: 3 }], ['divider'], { type: 'divider' }]) expect(isBlockArray(no), JSON.stringify(no)).to.equal(false);
  });
});

describe('parseBlockKitBody', () => {
  it('reads blocks and the optional text fallback from JSON text or an object', () => {
    expect(parseBlockKitBody(JSON.stringify({ blocks, text: 'fb' }))).to.deep.equal({ blocks, text: 'fb' });
    expect(parseBlockKitBody({ blocks })).to.deep.equal({ blocks });
  });

  it('says what is wrong: not JSON, not an object, no blocks, bad blocks', () => {
    expect(parseBlockKitBody('abc')).to.match(/^block kit body is not valid JSON - /);
    expect(parseBlockKitBody('[1]')).to.equal('block kit body must be a JSON object with a "blocks" field');
    expect(parseBlockKitBody('{"text":"x"}')).to.equal('block kit body must contain field "blocks"');
    expect(parseBlockKitBody('{"blocks":[]}')).to.match(/"blocks" must be a non-empty array/);
  });
});
