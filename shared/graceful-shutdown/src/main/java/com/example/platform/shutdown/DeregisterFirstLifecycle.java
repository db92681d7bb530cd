package com.example.platform.shutdown;

import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.boot.web.server.context.WebServerGracefulShutdownLifecycle;
import org.springframework.cloud.client.serviceregistry.Registration;
import org.springframework.cloud.client.serviceregistry.ServiceRegistry;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;

/**
 * On shutdown, before the web server stops accepting requests: takes the instance out of
 * discovery (Eureka: status DOWN, which callers' registry fetches skip) and out of
 * readiness, then keeps serving for the deregistration delay while callers' registry and
 * load-balancer caches catch up. Only then does the web server's graceful shutdown stop
 * accepting and drain in-flight requests. Without it, Spring Cloud deregisters (phase 0)
 * after the server has drained, and callers keep routing to an instance that refuses.
 */
class DeregisterFirstLifecycle implements SmartLifecycle {

	/**
	 * Stops right before the web server's graceful shutdown (higher phases stop first).
	 */
	static final int PHASE = WebServerGracefulShutdownLifecycle.SMART_LIFECYCLE_PHASE + 1;

	private static final Logger logger = LoggerFactory.getLogger(DeregisterFirstLifecycle.class);

	private final ServiceRegistry<Registration> registry;

	private final Registration registration;

	private final ApplicationEventPublisher events;

	private final Duration delay;

	private volatile boolean running;

	DeregisterFirstLifecycle(ServiceRegistry<Registration> registry, Registration registration,
			ApplicationEventPublisher events, Duration delay) {
		this.registry = registry;
		this.registration = registration;
		this.events = events;
		this.delay = delay;
	}

	@Override
	public void start() {
		this.running = true;
	}

	@Override
	public void stop() {
		if (!this.running) {
			return;
		}
		this.running = false;
		AvailabilityChangeEvent.publish(this.events, this, ReadinessState.REFUSING_TRAFFIC);
		// Without discovery (tests, a lone instance) no caller caches this instance: stop
		// at once.
		if (this.registry == null || this.registration == null) {
			return;
		}
		logger.info("Leaving discovery as {}; serving for another {} while callers catch up",
				this.registration.getInstanceId(), this.delay);
		this.registry.deregister(this.registration);
		awaitDelay();
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		return PHASE;
	}

	// Holds the shutdown thread, and so the web server's stop, while request threads keep
	// serving; an interrupt ends the wait early.
	private void awaitDelay() {
		try {
			Thread.sleep(this.delay);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
