import { apiKeyStoreSuite } from './api-key-store-suite';
import { connectorStoreSuite } from './connector-store-suite';
import { executionStoreSuite } from './execution-store-suite';
import { storeLifecycleSuite } from './store-lifecycle-suite';
import type { StoreMaker } from './store-maker';
import { triggerStoreSuite } from './trigger-store-suite';
import { workflowStoreSuite } from './workflow-store-suite';

export { POSTGRES, SQLITE, STORE_KINDS } from './store-maker';
export type { StoreKind, StoreMaker } from './store-maker';

/** Every suite of the Store contract, for one kind of store: what each kind must do alike. */
export function storeContractSuites(maker: StoreMaker): void {
  storeLifecycleSuite(maker);
  connectorStoreSuite(maker);
  executionStoreSuite(maker);
  workflowStoreSuite(maker);
  apiKeyStoreSuite(maker);
  triggerStoreSuite(maker);
}
