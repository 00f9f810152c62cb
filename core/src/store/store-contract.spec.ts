import { STORE_KINDS, storeContractSuites } from '../../../test/support/store-contract';

// Every kind of store core ships passes the same specs (test/support/store-contract): SQLite on a
// file per test, PostgreSQL on the machine's server in a database made for this run.
for (const kind of STORE_KINDS) {
  describe(`Store contract: ${kind.kind}`, () => {
    storeContractSuites(kind.use());
  });
}
