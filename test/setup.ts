// Mocha root setup: quiet logs unless a test asks for them.
process.env.RELAYFLOW_LOG_LEVEL ??= 'silent';
