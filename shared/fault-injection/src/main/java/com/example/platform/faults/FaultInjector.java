package com.example.platform.faults;

import java.time.Duration;
import java.util.random.RandomGenerator;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.server.PathContainer;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;
import org.springframework.web.util.pattern.PatternParseException;

/**
 * This instance's current faults, and the decision for each request. Counts what it
 * injects as {@code platform_faults_injected_total{kind=latency|error}}.
 */
class FaultInjector {

	private static final Logger log = LoggerFactory.getLogger(FaultInjector.class);

	private final Duration maxLatency;

	private final RandomGenerator random;

	private final Counter latencies;

	private final Counter errors;

	private volatile Active active;

	FaultInjector(FaultProperties properties, MeterRegistry meters, RandomGenerator random) {
		this.maxLatency = properties.maxLatency();
		this.random = random;
		this.latencies = injected(meters, "latency");
		this.errors = injected(meters, "error");
		this.active = activate(properties.initial());
	}

	Faults current() {
		return this.active.faults();
	}

	Faults change(Faults faults) {
		this.active = activate(faults);
		log.warn("Injecting faults now: {}", faults);
		return faults;
	}

	void clear() {
		this.active = activate(Faults.NONE);
		log.warn("Fault injection cleared");
	}

	/**
	 * What to do to a request for {@code path}: the latency to add (possibly zero) and
	 * whether to answer with the error status instead of running it.
	 */
	Decision decide(String path) {
		Active current = this.active;
		if (current.faults().isNone() || !current.pattern().matches(PathContainer.parsePath(path))) {
			return Decision.NONE;
		}
		Duration latency = current.faults().latency();
		if (!latency.isZero()) {
			this.latencies.increment();
		}
		boolean error = this.random.nextDouble() < current.faults().errorRate();
		if (error) {
			this.errors.increment();
		}
		return new Decision(latency, error ? current.faults().errorStatus() : 0);
	}

	private Active activate(Faults faults) {
		if (faults.latency().isNegative() || faults.latency().compareTo(this.maxLatency) > 0) {
			throw new InvalidFaultsException(
					"latency must be between PT0S and " + this.maxLatency + " (platform.faults.max-latency)");
		}
		if (!faults.pathPattern().startsWith("/")) {
			throw new InvalidFaultsException("pathPattern must start with '/'");
		}
		try {
			return new Active(faults, PathPatternParser.defaultInstance.parse(faults.pathPattern()));
		}
		catch (PatternParseException ex) {
			throw new InvalidFaultsException("pathPattern is not a valid path pattern: " + ex.getMessage());
		}
	}

	private static Counter injected(MeterRegistry meters, String kind) {
		return Counter.builder("platform.faults.injected")
			.description("Requests delayed (latency) or failed (error) on purpose by fault injection")
			.tag("kind", kind)
			.register(meters);
	}

	/**
	 * @param latency to wait before going on
	 * @param errorStatus the status to answer with instead, or 0 to run the request
	 */
	record Decision(Duration latency, int errorStatus) {

		static final Decision NONE = new Decision(Duration.ZERO, 0);

		boolean fails() {
			return this.errorStatus != 0;
		}

	}

	private record Active(Faults faults, PathPattern pattern) {

	}

}
