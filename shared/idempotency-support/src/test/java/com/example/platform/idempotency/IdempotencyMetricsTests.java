package com.example.platform.idempotency;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

// The dashboards query these exact Prometheus names.
class IdempotencyMetricsTests {

	@Test
	void exposesReplaysConflictsByReasonAndTakeoversUnderThePlatformNames() {
		PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
		IdempotencyMetrics metrics = new IdempotencyMetrics(registry);

		metrics.replayed();
		metrics.mismatched();
		metrics.stillInProgress();
		metrics.stillInProgress();
		metrics.tookOverFromDeadOwner();

		assertThat(registry.scrape()).contains("platform_idempotency_replays_total 1.0")
			.contains("platform_idempotency_conflicts_total{reason=\"mismatch\"} 1.0")
			.contains("platform_idempotency_conflicts_total{reason=\"in-progress\"} 2.0")
			.contains("platform_idempotency_takeovers_total 1.0");
	}

}
