package com.example.platform.messaging;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The outbox's backlog as gauges, read from the table at each scrape: how many events
 * wait, and how long the oldest has waited. A growing age means the relay is not getting
 * through (broker down, relay failing); see also
 * {@code messaging.outbox.publish.failures}.
 */
class OutboxMetrics implements MeterBinder {

	private final JdbcClient jdbc;

	OutboxMetrics(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		Gauge.builder("messaging.outbox.backlog", this, OutboxMetrics::backlog)
			.description("Outbox rows not yet published")
			.baseUnit("events")
			.register(registry);
		Gauge.builder("messaging.outbox.oldest.age", this, OutboxMetrics::oldestAge)
			.description("Seconds the oldest unpublished outbox row has waited; 0 when there is none")
			.baseUnit("seconds")
			.register(registry);
	}

	private double backlog() {
		return query("select count(*) from messaging_outbox where published_at is null");
	}

	private double oldestAge() {
		return query("select coalesce(extract(epoch from clock_timestamp() - min(created_at)), 0) "
				+ "from messaging_outbox where published_at is null");
	}

	// A scrape must not fail because the database is away; NaN shows the gap honestly.
	private double query(String sql) {
		try {
			return this.jdbc.sql(sql).query(Double.class).single();
		}
		catch (RuntimeException ex) {
			return Double.NaN;
		}
	}

}
