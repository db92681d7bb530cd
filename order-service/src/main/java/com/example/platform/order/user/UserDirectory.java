package com.example.platform.order.user;

import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeoutException;

import io.github.resilience4j.bulkhead.BulkheadFullException;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.web.client.HttpClientErrorException;
import org.springframework.web.client.RestClient;

/**
 * Answers whether a user exists: by asking user-service, guarded by Resilience4j, and
 * when user-service cannot answer, by the local {@link UserProjection} of its events.
 */
public class UserDirectory {

	private static final Logger log = LoggerFactory.getLogger(UserDirectory.class);

	static final String DEGRADED_METRIC = "platform.user.check.degraded";

	private final RestClient client;

	private final UserServiceGuard guard;

	private final UserProjection projection;

	private final MeterRegistry meters;

	private final Duration retryAfter;

	UserDirectory(RestClient client, UserServiceGuard guard, UserProjection projection, MeterRegistry meters,
			Duration retryAfter) {
		this.client = client;
		this.guard = guard;
		this.projection = projection;
		this.meters = meters;
		this.retryAfter = retryAfter;
	}

	/**
	 * Returns normally if the user exists, saying how that was established.
	 * @param id the user's id
	 * @return {@link UserCheck#VERIFIED} when user-service answered,
	 * {@link UserCheck#DEGRADED} when the projection did
	 * @throws UnknownUserException if user-service says the user does not exist, or
	 * cannot answer and the projection knows the user as deleted
	 * @throws UserServiceUnavailableException if user-service cannot answer and the
	 * projection has never heard of the user
	 */
	public UserCheck requireExisting(UUID id) {
		try {
			this.guard.call(() -> lookUp(id));
			return UserCheck.VERIFIED;
		}
		catch (HttpClientErrorException.NotFound ex) {
			throw new UnknownUserException(id);
		}
		// Anything else means user-service gave no answer: retries exhausted, breaker
		// open, bulkhead full, no instance registered, or a refusal of our credentials.
		catch (Exception ex) {
			return decideLocally(id, ex);
		}
	}

	private Void lookUp(UUID id) {
		this.client.get()
			.uri("/api/users/{id}", id)
			// A decision, not a display: read the primary, so a user registered a moment
			// ago is not refused because a replica has not replayed it yet.
			.header("Consistency", "strong")
			.retrieve()
			.toBodilessEntity();
		return null;
	}

	private UserCheck decideLocally(UUID id, Exception failure) {
		String cause = causeOf(failure);
		Optional<ProjectedUser> user = this.projection.find(id);
		log.debug("user-service gave no answer about {} ({}): the projection decides", id, cause, failure);
		if (user.isEmpty()) {
			count(cause, "undecided");
			throw new UserServiceUnavailableException(this.retryAfter, failure);
		}
		if (!user.get().isActive()) {
			count(cause, "rejected");
			throw new UnknownUserException(id);
		}
		count(cause, "accepted");
		return UserCheck.DEGRADED;
	}

	private void count(String cause, String outcome) {
		Counter.builder(DEGRADED_METRIC)
			.description("User checks decided by the local projection because user-service gave no answer")
			.tag("cause", cause)
			.tag("outcome", outcome)
			.register(this.meters)
			.increment();
	}

	private static String causeOf(Exception failure) {
		return switch (failure) {
			case CallNotPermittedException ex -> "circuit_open";
			case BulkheadFullException ex -> "bulkhead_full";
			case TimeoutException ex -> "timeout";
			default -> "failure";
		};
	}

}
