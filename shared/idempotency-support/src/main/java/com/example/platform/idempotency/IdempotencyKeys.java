package com.example.platform.idempotency;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The key table, and the claim locks that tell a running request's key from one whose
 * owner died. Every statement runs on its own (auto-commit) and compares times with the
 * database's clock only, so instances with drifting clocks still agree on what has
 * expired.
 * <p>
 * A request takes its key's lock before it writes the key's row and gives it up only
 * after it completed or released the row. So whoever holds the lock owns the row: a row
 * in progress whose lock can be taken belongs to a request that died, and goes to a retry
 * of the same body.
 */
class IdempotencyKeys {

	private static final Logger log = LoggerFactory.getLogger(IdempotencyKeys.class);

	// A key that disappears between our insert and our look (released by its request,
	// deleted by the housekeeping) is simply claimed again; a few rounds settle any race.
	private static final int CLAIM_ROUNDS = 3;

	private static final String WHERE_KEY = " where caller = :caller and method = :method and path = :path"
			+ " and idempotency_key = :key";

	private final JdbcClient jdbc;

	private final ClaimLocks locks;

	private final Duration ttl;

	IdempotencyKeys(JdbcClient jdbc, ClaimLocks locks, IdempotencyProperties properties) {
		this.jdbc = jdbc;
		this.locks = locks;
		this.ttl = properties.ttl();
	}

	Claim claim(IdempotentRequest request) {
		long lock = lockOf(request);
		for (int round = 0; round < CLAIM_ROUNDS; round++) {
			if (!this.locks.tryLock(lock)) {
				// A live request holds the key, here or on another instance.
				return existing(request).orElseGet(Claim.InProgress::new);
			}
			boolean acquired = false;
			try {
				UUID attempt = UUID.randomUUID();
				if (insert(request, attempt) || reuseExpired(request, attempt)) {
					acquired = true;
					return new Claim.Acquired(attempt, false);
				}
				if (takeOverFromDeadOwner(request, attempt)) {
					acquired = true;
					return new Claim.Acquired(attempt, true);
				}
			}
			finally {
				if (!acquired) {
					this.locks.unlock(lock);
				}
			}
			Optional<Claim> existing = existing(request);
			if (existing.isPresent()) {
				return existing.get();
			}
		}
		return new Claim.InProgress();
	}

	// Only the attempt that holds the key stores its response. Another attempt can only
	// hold it if this one's claim session was lost while it ran: that is logged, as the
	// request may then have taken effect twice.
	void complete(IdempotentRequest request, UUID attempt, StoredResponse response) {
		try {
			int stored = this.jdbc.sql("update idempotency_keys set status = 'COMPLETED', response_status = :status,"
					+ " response_content_type = :contentType, response_location = :location, response_headers = :headers,"
					+ " response_body = :body," + " expires_at = now() + :ttlMillis * interval '1 millisecond'"
					+ WHERE_KEY + " and attempt = :attempt")
				.params(keyOf(request))
				.param("attempt", attempt)
				.param("status", response.status())
				.param("contentType", response.contentType())
				.param("location", response.location())
				.param("headers", response.headerLines())
				.param("body", response.body())
				.param("ttlMillis", this.ttl.toMillis())
				.update();
			if (stored == 0) {
				log.error("An Idempotency-Key was taken over while its request ran; the request may have taken"
						+ " effect twice");
			}
		}
		catch (RuntimeException ex) {
			// The effect has happened: keep the key locked a while, so a retry arriving
			// at
			// once is still refused rather than run again.
			this.locks.unlockLater(lockOf(request));
			throw ex;
		}
		this.locks.unlock(lockOf(request));
	}

	void release(IdempotentRequest request, UUID attempt) {
		try {
			this.jdbc.sql("delete from idempotency_keys" + WHERE_KEY + " and attempt = :attempt")
				.params(keyOf(request))
				.param("attempt", attempt)
				.update();
		}
		finally {
			// Should the delete have failed, the row stays in progress without a live
			// owner: the next request with the key takes it over.
			this.locks.unlock(lockOf(request));
		}
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

	// Called holding the key's lock: a key still in progress has lost its owner (who
	// would hold the lock) and goes to a retry of the same body.
	private boolean takeOverFromDeadOwner(IdempotentRequest request, UUID attempt) {
		return this.jdbc
			.sql("update idempotency_keys set attempt = :attempt, locked_at = now()" + WHERE_KEY
					+ " and status = 'IN_PROGRESS' and request_hash = :hash and expires_at > now()")
			.params(keyOf(request))
			.param("hash", request.bodyHash())
			.param("attempt", attempt)
			.update() == 1;
	}

	// Called holding the key's lock: an expired key starts afresh with any body.
	private boolean reuseExpired(IdempotentRequest request, UUID attempt) {
		return this.jdbc.sql("update idempotency_keys set request_hash = :hash, attempt = :attempt,"
				+ " status = 'IN_PROGRESS', locked_at = now(), expires_at = now() + :ttlMillis * interval '1 millisecond',"
				+ " response_status = null, response_content_type = null, response_location = null,"
				+ " response_headers = null, response_body = null" + WHERE_KEY + " and expires_at <= now()")
			.params(keyOf(request))
			.param("hash", request.bodyHash())
			.param("attempt", attempt)
			.param("ttlMillis", this.ttl.toMillis())
			.update() == 1;
	}

	private Optional<Claim> existing(IdempotentRequest request) {
		return this.jdbc
			.sql("select request_hash, status, response_status, response_content_type, response_location,"
					+ " response_headers, response_body from idempotency_keys" + WHERE_KEY + " and expires_at > now()")
			.params(keyOf(request))
			.query((row, number) -> {
				if (!request.hasBody(row.getBytes("request_hash"))) {
					return (Claim) new Claim.Mismatch();
				}
				if (!"COMPLETED".equals(row.getString("status"))) {
					return new Claim.InProgress();
				}
				return new Claim.Replay(new StoredResponse(row.getInt("response_status"),
						row.getString("response_content_type"), row.getString("response_location"),
						StoredResponse.parseHeaderLines(row.getString("response_headers")),
						row.getBytes("response_body")));
			})
			.optional();
	}

	/**
	 * The advisory lock of a request's key: the first 64 bits of a SHA-256 of what makes
	 * the key unique. Two keys sharing a lock (odds of about one in 2^64 per pair running
	 * at once) only make one of them wait for the other.
	 */
	static long lockOf(IdempotentRequest request) {
		String scoped = String.join("\u0000", request.caller(), request.method(), request.path(), request.key());
		return ByteBuffer.wrap(IdempotencyFilter.sha256(scoped.getBytes(StandardCharsets.UTF_8))).getLong();
	}

	// The parameters of every statement's WHERE_KEY.
	private static Map<String, Object> keyOf(IdempotentRequest request) {
		return Map.of("caller", request.caller(), "method", request.method(), "path", request.path(), "key",
				request.key());
	}

}
