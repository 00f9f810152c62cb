import { expect } from 'chai';
import { firstPrivateAddress, guardedLookup, isPrivateAddress, PrivateAddressError, type DnsLookup } from './private-network';

describe('private networks', () => {
  describe('isPrivateAddress', () => {
    it('flags loopback, private, CGNAT, link-local/metadata, unspecified and multicast IPv4', () => {
      for (const ip of ['127.0.0.1', '127.8.9.10', '10.0.0.1', '172.16.0.1', '172.31.255.254', '192.168.1.1', '100.100.100.200', '169.254.169.254', '0.0.0.0', '224.0.0.1']) {
        expect(isPrivateAddress(ip), ip).to.equal(true);
      }
    });

    it('flags IPv6 loopback, unique-local (AWS metadata), link-local and IPv4 embedded in IPv6', () => {
      for (const ip of ['::1', '[::1]', '::', 'fd00:ec2::254', 'fe80::1%eth0', '::ffff:127.0.0.1', '::ffff:a9fe:a9fe', '64:ff9b::a00:1', '2002:c0a8:101::1']) {
        expect(isPrivateAddress(ip), ip).to.equal(true);
      }
    });

    it('passes public addresses and names', () => {
      for (const ip of ['8.8.8.8', '172.32.0.1', '93.184.215.14', '2606:4700:4700::1111', '::ffff:8.8.8.8', 'example.com']) {
        expect(isPrivateAddress(ip), ip).to.equal(false);
      }
    });
  });

  describe('guardedLookup', () => {
    const fixed = (answers: Record<string, string[]>): DnsLookup => (hostname, _options, callback) =>
      callback(null, (answers[hostname] ?? []).map((address) => ({ address, family: address.includes(':') ? 6 : 4 })));

    it('fails when any address of a name is private, and answers both callback forms otherwise', async () => {
      const lookup = guardedLookup(fixed({ 'mixed.test': ['93.184.215.14', '10.1.1.1'], 'public.test': ['93.184.215.14'] }));
      const denied = await new Promise<unknown>((resolve) => lookup('mixed.test', {}, (err) => resolve(err)));
      expect(denied).to.be.instanceOf(PrivateAddressError);
      expect((denied as Error).message).to.contain('10.1.1.1');
      const single = await new Promise<unknown[]>((resolve) => lookup('public.test', {}, (...args) => resolve(args)));
      expect(single).to.deep.equal([null, '93.184.215.14', 4]);
      const all = await new Promise<unknown[]>((resolve) => lookup('public.test', { all: true }, (...args) => resolve(args)));
      expect(all).to.deep.equal([null, [{ address: '93.184.215.14', family: 4 }]]);
      expect(await firstPrivateAddress('mixed.test', fixed({ 'mixed.test': ['10.1.1.1'] }))).to.equal('10.1.1.1');
      expect(await firstPrivateAddress('127.0.0.1')).to.equal('127.0.0.1');
    });
  });
});
