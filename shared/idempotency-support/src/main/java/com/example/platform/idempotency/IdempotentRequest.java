package com.example.platform.idempotency;

import java.util.Arrays;

/**
 * A POST that carried an {@code Idempotency-Key}: the key is only unique together with
 * the caller and the endpoint, and it stands for exactly one request body.
 *
 * @param caller the authenticated principal's name, or {@code anonymous}
 * @param method the HTTP method
 * @param path the request path
 * @param key the client's key
 * @param bodyHash SHA-256 of the request body
 */
record IdempotentRequest(String caller, String method, String path, String key, byte[] bodyHash) {

	boolean hasBody(byte[] hash) {
		return Arrays.equals(this.bodyHash, hash);
	}

}
