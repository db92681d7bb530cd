package com.example.platform.idempotency;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The key table. Every statement runs on its own (auto-commit) and compares times with
 * the database's clock only, so instances with drifting clocks still agree on what has
 * expired or timed out.
 */
class IdempotencyKeys {

	// A key that disappears between our insert and our look (released by its request,
	// deleted by the housekeeping) is simply claimed again; a few rounds settle any race.
	private static final int CLAIM_ROUNDS = 3;

	private static final String WHERE_KEY = " where caller = :caller and method = :method and path = :path"
			+ " and idempotency_key = :key";

	private final JdbcClient jdbc;

	private final Duration ttl;

	private final Duration inProgressTimeout;

	IdempotencyKeys(JdbcClient jdbc, IdempotencyProperties properties) {
		this.jdbc = jdbc;
		this.ttl = properties.ttl();
		this.inProgressTimeout = properties.inProgressTimeout();
	}

	Claim claim(IdempotentRequest request) {
		for (int round = 0; round < CLAIM_ROUNDS; round++) {
			UUID attempt = UUID.randomUUID();
			if (insert(request, attempt) || takeOver(request, attempt)) {
				return new Claim.Acquired(attempt);
			}
			Optional<Claim> existing = existing(request);
			if (existing.isPresent()) {
				return existing.get();
			}
		}
		return new Claim.InProgress();
	}

	// Only the attempt that holds the key stores its response: one that was taken over
	// after the in-progress timeout must not overwrite its successor's.
	void complete(IdempotentRequest request, UUID attempt, StoredResponse response) {
		this.jdbc
			.sql("update idempotency_keys set status = 'COMPLETED', response_status = :status,"
					+ " response_content_type = :contentType, response_location = :location, response_body = :body,"
					+ " expires_at = now() + :ttlMillis * interval '1 millisecond'" + WHERE_KEY
					+ " and attempt = :attempt")
			.params(keyOf(request))
			.param("attempt", attempt)
			.param("status", response.status())
			.param("contentType", response.contentType())
			.param("location", response.location())
			.param("body", response.body())
			.param("ttlMillis", this.ttl.toMillis())
			.update();
	}

	void release(IdempotentRequest request, UUID attempt) {
		this.jdbc.sql("delete from idempotency_keys" + WHERE_KEY + " and attempt = :attempt")
			.params(keyOf(request))
			.param("attempt", attempt)
			.update();
	}

	int deleteExpired() {
		return this.jdbc.sql("delete from idempotency_keys where expires_at <= now()").update();
	}

	private boolean insert(IdempotentRequest request, UUID attempt) {
		return this.jdbc
			.sql("insert into idempotency_keys (caller, method, path, idempotency_key, request_hash,"
					+ " attempt, status, locked_at, expires_at) values (:caller, :method, :path, :key, :hash, :attempt,"
					+ " 'IN_PROGRESS', now(), now() + :ttlMillis * interval '1 millisecond') on conflict do nothing")
			.params(keyOf(request))
			.param("hash", request.bodyHash())
			.param("attempt", attempt)
			.param("ttlMillis", this.ttl.toMillis())
			.update() == 1;
	}

	// An expired key starts afresh with any body; a key whose request has been running
	// for
	// longer than the in-progress timeout (its instance crashed) goes to a retry of the
	// same body. The single conditional update lets only one of several racers win.
	private boolean takeOver(IdempotentRequest request, UUID attempt) {
		return this.jdbc.sql("update idempotency_keys set request_hash = :hash, attempt = :attempt,"
				+ " status = 'IN_PROGRESS', locked_at = now(), expires_at = now() + :ttlMillis * interval '1 millisecond',"
				+ " response_status = null, response_content_type = null, response_location = null, response_body = null"
				+ WHERE_KEY + " and (expires_at <= now() or (status = 'IN_PROGRESS' and request_hash = :hash"
				+ " and locked_at <= now() - :timeoutMillis * interval '1 millisecond'))")
			.params(keyOf(request))
			.param("hash", request.bodyHash())
			.param("attempt", attempt)
			.param("ttlMillis", this.ttl.toMillis())
			.param("timeoutMillis", this.inProgressTimeout.toMillis())
			.update() == 1;
	}

	private Optional<Claim> existing(IdempotentRequest request) {
		return this.jdbc
			.sql("select request_hash, status, response_status, response_content_type, response_location,"
					+ " response_body from idempotency_keys" + WHERE_KEY + " and expires_at > now()")
			.params(keyOf(request))
			.query((row, number) -> {
				if (!request.hasBody(row.getBytes("request_hash"))) {
					return (Claim) new Claim.Mismatch();
				}
				if (!"COMPLETED".equals(row.getString("status"))) {
					return new Claim.InProgress();
				}
				return new Claim.Replay(
						new StoredResponse(row.getInt("response_status"), row.getString("response_content_type"),
								row.getString("response_location"), row.getBytes("response_body")));
			})
			.optional();
	}

	// The parameters of every statement's WHERE_KEY.
	private static Map<String, Object> keyOf(IdempotentRequest request) {
		return Map.of("caller", request.caller(), "method", request.method(), "path", request.path(), "key",
				request.key());
	}

}
