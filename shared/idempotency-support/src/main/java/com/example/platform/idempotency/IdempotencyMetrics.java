package com.example.platform.idempotency;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * {@code platform_idempotency_replays_total},
 * {@code platform_idempotency_conflicts_total{reason}} and
 * {@code platform_idempotency_takeovers_total}, registered up front so the dashboards
 * show zeros rather than gaps.
 */
class IdempotencyMetrics {

	private final Counter replays;

	private final Counter mismatches;

	private final Counter inProgress;

	private final Counter takeovers;

	IdempotencyMetrics(MeterRegistry meters) {
		this.replays = Counter.builder("platform.idempotency.replays")
			.description("Repeated requests answered with the stored response of their Idempotency-Key")
			.register(meters);
		this.mismatches = conflicts(meters, "mismatch");
		this.inProgress = conflicts(meters, "in-progress");
		this.takeovers = Counter.builder("platform.idempotency.takeovers")
			.description("Keys still in progress for a request whose instance had died, taken over by a retry")
			.register(meters);
	}

	void replayed() {
		this.replays.increment();
	}

	void mismatched() {
		this.mismatches.increment();
	}

	void stillInProgress() {
		this.inProgress.increment();
	}

	void tookOverFromDeadOwner() {
		this.takeovers.increment();
	}

	private static Counter conflicts(MeterRegistry meters, String reason) {
		return Counter.builder("platform.idempotency.conflicts")
			.description("Requests refused because their Idempotency-Key was used with another body (mismatch)"
					+ " or by a request still running (in-progress)")
			.tag("reason", reason)
			.register(meters);
	}

}
