package com.example.platform.cache;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps an unavailable Redis from failing or slowing requests. Every Redis call goes
 * through a circuit breaker: a failed or refused call reads as a miss and the database
 * answers. An eviction that could not be written leaves entries that may be stale, so
 * until the whole namespace has been flushed the cache is bypassed entirely.
 */
class CacheGuard {

	private static final Logger log = LoggerFactory.getLogger(CacheGuard.class);

	private final CircuitBreaker breaker;

	private final Runnable flushNamespace;

	private final AtomicBoolean flushNeeded = new AtomicBoolean();

	CacheGuard(PlatformCacheProperties.Breaker settings, Runnable flushNamespace, MeterRegistry meters) {
		this.breaker = CircuitBreaker.of("redis-cache",
				CircuitBreakerConfig.custom()
					.failureRateThreshold(settings.failureRateThreshold())
					.minimumNumberOfCalls(settings.minimumCalls())
					.slidingWindowSize(settings.slidingWindow())
					.waitDurationInOpenState(settings.openDuration())
					.permittedNumberOfCallsInHalfOpenState(1)
					.build());
		this.flushNamespace = flushNamespace;
		Gauge.builder("platform.cache.bypassed", this, (guard) -> guard.isBypassed() ? 1 : 0)
			.description("1 while the cache is skipped and the database answers every read")
			.register(meters);
	}

	/**
	 * Runs a read; empty when Redis cannot answer or must not be trusted yet.
	 */
	<T> Optional<T> read(Supplier<T> call, Counter errors) {
		if (!flushIfNeeded(errors)) {
			return Optional.empty();
		}
		return call(call, errors);
	}

	/**
	 * Runs a put; skipped when the cache cannot be trusted yet.
	 */
	void put(Runnable call, Counter errors) {
		if (flushIfNeeded(errors)) {
			call(() -> {
				call.run();
				return Boolean.TRUE;
			}, errors);
		}
	}

	/**
	 * Runs an eviction; when it cannot be written, the namespace is flushed before the
	 * cache is used again.
	 */
	void evict(Runnable call, Counter errors) {
		Optional<Boolean> done = call(() -> {
			call.run();
			return Boolean.TRUE;
		}, errors);
		if (done.isEmpty() && this.flushNeeded.compareAndSet(false, true)) {
			log.warn("An eviction could not reach Redis; the cache is bypassed until it has been flushed");
		}
	}

	boolean isBypassed() {
		return this.flushNeeded.get() || this.breaker.getState() == CircuitBreaker.State.OPEN;
	}

	String breakerState() {
		return this.breaker.getState().name();
	}

	private boolean flushIfNeeded(Counter errors) {
		if (!this.flushNeeded.get()) {
			return true;
		}
		boolean flushed = call(() -> {
			this.flushNamespace.run();
			return Boolean.TRUE;
		}, errors).isPresent();
		if (flushed && this.flushNeeded.compareAndSet(true, false)) {
			log.info("Cache namespace flushed after Redis came back; the cache is in use again");
		}
		return flushed;
	}

	private <T> Optional<T> call(Supplier<T> call, Counter errors) {
		try {
			return Optional.ofNullable(this.breaker.executeSupplier(call));
		}
		catch (CallNotPermittedException ex) {
			errors.increment();
			return Optional.empty();
		}
		catch (RuntimeException ex) {
			errors.increment();
			log.debug("Redis call failed; reading from the database instead", ex);
			return Optional.empty();
		}
	}

}
