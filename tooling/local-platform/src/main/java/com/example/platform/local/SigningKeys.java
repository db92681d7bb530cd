package com.example.platform.local;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What the token issuer signs with and publishes in its JWKS; changed by a key rotation.
 *
 * @param active the key new tokens are signed with
 * @param published every key the JWKS holds, including the active one
 */
record SigningKeys(SigningKey active, List<SigningKey> published) {

	/** Every variable {@link #environment()} writes, also those of keys since dropped. */
	static final String VARIABLES = "PLATFORM_SECURITY_SIGNING_.+";

	SigningKeys {
		published = List.copyOf(published);
		if (!published.contains(active)) {
			throw new IllegalArgumentException("The active key must be one of the published keys");
		}
	}

	static SigningKeys of(SigningKey only) {
		return new SigningKeys(only, List.of(only));
	}

	/**
	 * The keys as the issuer reads them (spring relaxed binding: {@code _0_} is index 0):
	 * every published key with its id, and which one signs. The names of the second key
	 * are derived from the first's, so the configuration keys stay spelled once.
	 * @return the variables
	 */
	Map<String, String> environment() {
		Map<String, String> environment = new HashMap<>();
		environment.put("PLATFORM_SECURITY_SIGNING_ACTIVE_KEY_ID", this.active.keyId());
		for (int i = 0; i < this.published.size(); i++) {
			String index = "_" + i + "_";
			environment.put("PLATFORM_SECURITY_SIGNING_KEYS_0_ID".replace("_0_", index), this.published.get(i).keyId());
			environment.put("PLATFORM_SECURITY_SIGNING_KEYS_0_PRIVATE_KEY".replace("_0_", index),
					this.published.get(i).base64());
		}
		return environment;
	}

}
