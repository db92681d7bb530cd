package com.example.platform.order.user;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.timelimiter.TimeLimiter;
import io.micrometer.context.ContextExecutorService;
import io.micrometer.context.ContextSnapshotFactory;

/**
 * Runs calls to user-service through the Resilience4j instances named {@value #INSTANCE}
 * (configured in application.yml), outermost first: retry, circuit breaker, bulkhead,
 * time limiter. So every attempt is counted by the breaker and goes through the load
 * balancer again (landing on the next instance), an open breaker or a full bulkhead fails
 * at once without a network call, and an attempt that outlives its time limit is
 * abandoned on its own thread while the caller moves on.
 */
class UserServiceGuard implements AutoCloseable {

	static final String INSTANCE = "user-service";

	private final Retry retry;

	private final CircuitBreaker circuitBreaker;

	private final Bulkhead bulkhead;

	private final TimeLimiter timeLimiter;

	private final ExecutorService attempts;

	UserServiceGuard(Retry retry, CircuitBreaker circuitBreaker, Bulkhead bulkhead, TimeLimiter timeLimiter) {
		this.retry = retry;
		this.circuitBreaker = circuitBreaker;
		this.bulkhead = bulkhead;
		this.timeLimiter = timeLimiter;
		// A virtual thread per attempt, so an abandoned one costs next to nothing; it
		// carries the request's observation, so the call stays in the request's trace.
		this.attempts = ContextExecutorService.wrap(Executors.newVirtualThreadPerTaskExecutor(),
				ContextSnapshotFactory.builder().build());
	}

	<T> T call(Callable<T> call) throws Exception {
		Callable<T> limited = this.timeLimiter.decorateFutureSupplier(() -> this.attempts.submit(call));
		Callable<T> guarded = Retry.decorateCallable(this.retry, CircuitBreaker.decorateCallable(this.circuitBreaker,
				Bulkhead.decorateCallable(this.bulkhead, limited)));
		return guarded.call();
	}

	@Override
	public void close() {
		this.attempts.shutdownNow();
	}

}
