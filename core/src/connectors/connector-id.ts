/**
 * A connector id is a UUID (any version, either case): stored connectors get one (or take one
 * from `connectors create --id`), and preconfigured connectors in relayflow.yaml must have one
 * (contract §2 and §3). A step's `connector-id` may be an id or a name; names are free text.
 */
export const CONNECTOR_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
