package com.example.platform.idempotency;

import java.util.UUID;

/**
 * The outcome of trying to take a key for a request.
 */
sealed interface Claim {

	/**
	 * The request may run; it completes or releases the key as {@code attempt}.
	 * {@code fromDeadOwner} when the key was still in progress for a request whose
	 * instance had died.
	 */
	record Acquired(UUID attempt, boolean fromDeadOwner) implements Claim {
	}

	/** An earlier request with this key and body completed: answer with its response. */
	record Replay(StoredResponse response) implements Claim {
	}

	/** The key was used with a different body. */
	record Mismatch() implements Claim {
	}

	/** A request with this key is still running (here or on another instance). */
	record InProgress() implements Claim {
	}

}
