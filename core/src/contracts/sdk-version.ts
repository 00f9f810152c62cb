/**
 * The version of the plugin API (`@relayflow/sdk`) this core implements. A plugin's `sdk`
 * range must accept it. Kept equal to sdk/package.json's version (a test checks).
 */
export const SDK_VERSION = '1.0.0';
