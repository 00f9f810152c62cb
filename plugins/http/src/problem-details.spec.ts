import { expect } from 'chai';
import { problemDetailOf } from './problem-details';

describe('problemDetailOf', () => {
  const json = { 'content-type': 'application/json' };
  const problem = { 'content-type': 'application/problem+json; charset=utf-8' };

  it('takes detail, else title, from a body declared application/problem+json', () => {
    expect(problemDetailOf({ headers: problem, data: { title: 'Out of credit', detail: 'Your balance is 30, but that costs 50.' } })).to.equal('Your balance is 30, but that costs 50.');
    expect(problemDetailOf({ headers: problem, data: { title: 'Out of credit', detail: '  ' } })).to.equal('Out of credit');
    expect(problemDetailOf({ headers: problem, data: '{"title":"Forbidden"}' })).to.equal('Forbidden');
  });

  it('recognises a problem sent as application/json by its type or status', () => {
    expect(problemDetailOf({ headers: json, data: { type: 'https://example.com/probs/out-of-credit', title: 'Out of credit', detail: 'd' } })).to.equal('d');
    expect(problemDetailOf({ headers: json, data: { status: 422, title: 'Unprocessable' } })).to.equal('Unprocessable');
  });

  it('leaves other bodies to the usual reasons', () => {
    expect(problemDetailOf({ headers: json, data: { title: 'a page title' } })).to.equal(undefined);
    expect(problemDetailOf({ headers: json, data: { message: 'nope', status: 400 } })).to.equal(undefined);
    expect(problemDetailOf({ headers: problem, data: { type: 'about:blank' } })).to.equal(undefined);
    expect(problemDetailOf({ headers: json, data: 'plain text' })).to.equal(undefined);
    expect(problemDetailOf({ headers: json, data: [{ detail: 'x', status: 1 }] })).to.equal(undefined);
  });

  it('keeps it short', () => {
    expect(problemDetailOf({ headers: problem, data: { detail: 'x'.repeat(500) } })).to.have.length.below(210);
  });
});
