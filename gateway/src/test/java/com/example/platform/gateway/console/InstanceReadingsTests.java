package com.example.platform.gateway.console;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import com.example.platform.gateway.console.ConsoleProperties.Environment;
import com.example.platform.gateway.console.InstanceView.Probe;
import com.example.platform.testsupport.HttpStandIn;
import com.example.platform.testsupport.MovableClock;
import com.example.platform.tls.PlatformTls;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.cloud.client.DefaultServiceInstance;
import org.springframework.cloud.client.ServiceInstance;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * However many console pages poll, an instance's health and meters are read once per
 * interval: against a real HTTP server that counts the reads, with a clock the test
 * moves.
 */
class InstanceReadingsTests {

	private static final Duration MAX_AGE = Duration.ofSeconds(3);

	/** Holds the meters back while closed; open unless a test closes it. */
	private volatile CountDownLatch metersMayAnswer = new CountDownLatch(0);

	private final HttpStandIn instance = HttpStandIn.start((request) -> switch (request.path()) {
		case "/actuator/health" -> HttpStandIn.Response.json(200, "{\"status\":\"UP\"}");
		case "/actuator/prometheus" -> {
			this.metersMayAnswer.await(10, TimeUnit.SECONDS);
			yield HttpStandIn.Response.of(200, "text/plain", "process_uptime_seconds 42.0\n");
		}
		default -> HttpStandIn.Response.empty(404);
	});

	private final ServiceInstance registered = new DefaultServiceInstance("user-service-1", "user-service", "127.0.0.1",
			1, false, Map.of(InstanceProbes.MANAGEMENT_PORT, String.valueOf(this.instance.port())));

	private final MovableClock clock = new MovableClock(Instant.parse("2026-01-01T12:00:00Z"));

	private final InstanceReadings readings = new InstanceReadings(new InstanceProbes(
			new ConsoleProperties(Environment.LOCAL, null, Duration.ofSeconds(5), Duration.ofSeconds(60), MAX_AGE),
			new DefaultListableBeanFactory().getBeanProvider(PlatformTls.class)), MAX_AGE, this.clock);

	@AfterEach
	void stop() {
		this.instance.stop();
	}

	@Test
	void readsAnInstanceOncePerIntervalHoweverOftenItIsAsked() {
		Probe first = this.readings.probe(this.registered).block();
		this.clock.advance(MAX_AGE.minusMillis(1));
		Probe second = this.readings.probe(this.registered).block();

		assertThat(first.health()).isEqualTo("UP");
		assertThat(first.samples()).isPresent();
		assertThat(second).isSameAs(first);
		assertThat(reads()).containsExactly("/actuator/health", "/actuator/prometheus");
	}

	@Test
	void readsItAgainOnceTheIntervalIsOver() {
		Probe first = this.readings.probe(this.registered).block();
		this.clock.advance(MAX_AGE);
		Probe again = this.readings.probe(this.registered).block();

		assertThat(again).isNotSameAs(first);
		assertThat(again.health()).isEqualTo("UP");
		assertThat(reads()).containsExactly("/actuator/health", "/actuator/health", "/actuator/prometheus",
				"/actuator/prometheus");
	}

	@Test
	void sharesAReadingStillUnderWay() {
		this.metersMayAnswer = new CountDownLatch(1);
		CompletableFuture<Probe> first = this.readings.probe(this.registered).toFuture();
		CompletableFuture<Probe> second = this.readings.probe(this.registered).toFuture();
		this.metersMayAnswer.countDown();

		assertThat(first.join()).isSameAs(second.join());
		assertThat(first.join().samples()).isPresent();
		assertThat(reads()).containsExactly("/actuator/health", "/actuator/prometheus");
	}

	private List<String> reads() {
		return this.instance.received().stream().map(HttpStandIn.Request::path).sorted().toList();
	}

}
