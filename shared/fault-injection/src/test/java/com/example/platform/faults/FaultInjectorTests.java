package com.example.platform.faults;

import java.time.Duration;
import java.util.random.RandomGenerator;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class FaultInjectorTests {

	private final PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

	// nextDouble() of this generator is 0.5: it scales the top 53 bits of nextLong().
	private final RandomGenerator half = () -> Long.MIN_VALUE;

	@Test
	void injectsNothingByDefault() {
		FaultInjector injector = injector(Faults.NONE, this.half);

		assertThat(injector.decide("/api/orders")).isEqualTo(FaultInjector.Decision.NONE);
	}

	@Test
	void failsARequestWhenTheDrawFallsBelowTheErrorRate() {
		FaultInjector injector = injector(Faults.NONE, this.half);

		injector.change(new Faults(null, 0.6, 502, null));
		assertThat(injector.decide("/api/orders").errorStatus()).isEqualTo(502);

		injector.change(new Faults(null, 0.4, 502, null));
		assertThat(injector.decide("/api/orders").fails()).isFalse();
	}

	@Test
	void delaysOnlyPathsMatchingThePattern() {
		FaultInjector injector = injector(new Faults(Duration.ofMillis(300), null, null, "/api/users/**"), this.half);

		assertThat(injector.decide("/api/users/42").latency()).isEqualTo(Duration.ofMillis(300));
		assertThat(injector.decide("/api/orders").latency()).isZero();
	}

	@Test
	void clearsAllFaults() {
		FaultInjector injector = injector(new Faults(Duration.ofSeconds(1), 1.0, null, null), this.half);

		injector.clear();

		assertThat(injector.current()).isEqualTo(Faults.NONE);
		assertThat(injector.decide("/api/orders")).isEqualTo(FaultInjector.Decision.NONE);
	}

	@Test
	void refusesLatencyBeyondTheMaximumNegativeLatencyAndBadPatterns() {
		FaultInjector injector = injector(Faults.NONE, this.half);

		assertThatExceptionOfType(InvalidFaultsException.class)
			.isThrownBy(() -> injector.change(new Faults(Duration.ofSeconds(31), null, null, null)));
		assertThatExceptionOfType(InvalidFaultsException.class)
			.isThrownBy(() -> injector.change(new Faults(Duration.ofSeconds(-1), null, null, null)));
		assertThatExceptionOfType(InvalidFaultsException.class)
			.isThrownBy(() -> injector.change(new Faults(null, null, null, "api/**")));
		assertThatExceptionOfType(InvalidFaultsException.class)
			.isThrownBy(() -> injector.change(new Faults(null, null, null, "/api/{open")));
		assertThat(injector.current()).isEqualTo(Faults.NONE);
	}

	@Test
	void countsInjectedFaultsByKind() {
		FaultInjector injector = injector(new Faults(Duration.ofMillis(1), 1.0, null, null), this.half);

		injector.decide("/api/orders");
		injector.decide("/api/orders");

		assertThat(this.meters.scrape()).contains("platform_faults_injected_total{kind=\"latency\"} 2.0")
			.contains("platform_faults_injected_total{kind=\"error\"} 2.0");
	}

	private FaultInjector injector(Faults initial, RandomGenerator random) {
		return new FaultInjector(new FaultProperties(true, Duration.ofSeconds(30), initial, Duration.ZERO), this.meters,
				random);
	}

}
