import { expect } from 'chai';
import { AllowedChannels, isAllowedChannelEntry, selectChannel, unusedChannelsWarning } from './channel-selection';

describe('selectChannel', () => {
  it('returns undefined when no field holds a channel (empty strings and lists count as absent)', () => {
    expect(selectChannel({})).to.equal(undefined);
    expect(selectChannel({ channel: '  ', channelIds: [], channelNames: [''], channels: [] })).to.equal(undefined);
  });

  it('picks channel, then channelIds, then channelNames, then channels, and lists the ignored ones', () => {
    expect(selectChannel({ channel: 'C1', channelIds: ['C2'], channelNames: ['#n'], channels: ['C3'] }))
      .to.deep.equal({ channel: 'C1', from: 'channel', ignored: ['channelIds', 'channelNames', 'channels'], unused: [] });
    expect(selectChannel({ channelIds: ['C2'], channelNames: ['#n'] })).to.deep.equal({ channel: 'C2', from: 'channelIds', ignored: ['channelNames'], unused: [] });
    expect(selectChannel({ channelNames: ['#n'], channels: ['C3'] })).to.deep.equal({ channel: '#n', from: 'channelNames', ignored: ['channels'], unused: [] });
    expect(selectChannel({ channels: [' C3 '] })).to.deep.equal({ channel: 'C3', from: 'channels', ignored: [], unused: [] });
  });

  it('takes the first channel of a list and names the others (Kibana posts to the first)', () => {
    const choice = selectChannel({ channelIds: ['C1', ' C2 ', '', 'C3'] });
    expect(choice).to.deep.equal({ channel: 'C1', from: 'channelIds', ignored: [], unused: ['C2', 'C3'] });
    expect(unusedChannelsWarning(choice!)).to.equal('channelIds holds 3 channels: posted to the first, C1, not to C2, C3 (to post to each, use foreach)');
    expect(unusedChannelsWarning(selectChannel({ channelNames: ['#a'] })!)).to.equal(undefined);
  });
});

describe('AllowedChannels', () => {
  describe('.allows', () => {
    it('allows everything when the list is absent or empty', () => {
      expect(new AllowedChannels(undefined).allows('C1')).to.equal(true);
      expect(new AllowedChannels([]).unrestricted).to.equal(true);
    });

    it('matches ids and names with or without #, case-insensitively, from strings and {id, name}', () => {
      const allowed = new AllowedChannels(['C0AAA', '#ops', 'random', { id: 'C0BBB', name: 'alerts' }, { name: '#team' }]);
      for (const ok of ['C0AAA', 'c0aaa', '#ops', 'ops', '#random', 'C0BBB', '#alerts', 'alerts', '#team']) expect(allowed.allows(ok), ok).to.equal(true);
      for (const no of ['C0CCC', '#general', 'C0AA', '#ops-2', '']) expect(allowed.allows(no), no).to.equal(false);
    });
  });

  describe('.describe', () => {
    it('lists the entries as written, {id, name} as "id / #name"', () => {
      expect(new AllowedChannels(['C0AAA', { id: 'C0BBB', name: 'alerts' }]).describe()).to.equal('C0AAA, C0BBB / #alerts');
    });
  });
});

describe('isAllowedChannelEntry', () => {
  it('accepts ids, names and {id?, name?} with at least one non-empty field', () => {
    for (const ok of ['C1', '#ops', { id: 'C1' }, { name: '#ops' }, { id: 'C1', name: 'ops' }]) expect(isAllowedChannelEntry(ok), JSON.stringify(ok)).to.equal(true);
  });

  it('refuses empty values, a bare #, other keys and other types', () => {
    for (const no of ['', '  ', '#', {}, { id: '' }, { channel: 'C1' }, { id: 'C1', extra: 1 }, { id: 5 }, 7, null, ['C1']]) {
      expect(isAllowedChannelEntry(no), JSON.stringify(no)).to.equal(false);
    }
  });
});
