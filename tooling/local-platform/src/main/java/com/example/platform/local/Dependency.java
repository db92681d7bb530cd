package com.example.platform.local;

/**
 * What an application of the {@link Topology} is given the address or credentials of;
 * each becomes environment variables ({@link Environments}).
 */
enum Dependency {

	/** Traces every request into the local Zipkin, when traces are on. */
	TRACES,

	/** Is the registry: the password every other application presents to it. */
	REGISTRY,

	/**
	 * Registers with Eureka (with the registry's credentials) and finds the others there.
	 */
	DISCOVERY,

	/**
	 * Validates tokens with the key set the token issuer's instances publish, fetched
	 * from their own addresses, never from whatever the registry lists (issue 18).
	 */
	KEY_SET,

	/**
	 * A database of its own on the primary, read-only transactions going to the streaming
	 * replica.
	 */
	DATABASE,

	/** Kafka's brokers. */
	KAFKA,

	/** Redis: caches and rate limits. */
	REDIS,

	/** The secret idempotent request bodies are fingerprinted with. */
	IDEMPOTENCY,

	/**
	 * Issues tokens: the signing keys (a key rotation restarts it), the administrator it
	 * creates and the clients it accepts.
	 */
	TOKEN_ISSUER,

	/** Calls the token issuer with its own client credentials. */
	TOKEN_CLIENT,

	/**
	 * Passes the administrator console's drills to the launcher's control endpoint
	 * (loopback only).
	 */
	DRILLS

}
