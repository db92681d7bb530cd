package com.example.platform.order.user;

import java.time.Duration;
import java.util.UUID;

import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;

/**
 * Answers whether a user exists by asking user-service.
 */
public class UserDirectory {

	private final RestClient client;

	private final Duration retryAfter;

	UserDirectory(RestClient client, Duration retryAfter) {
		this.client = client;
		this.retryAfter = retryAfter;
	}

	/**
	 * Returns normally if user-service knows the user.
	 * @param id the user's id
	 * @throws UnknownUserException if user-service says the user does not exist
	 * @throws UserServiceUnavailableException if user-service cannot give an answer
	 */
	public void requireExisting(UUID id) {
		HttpStatusCode status = statusOf(id);
		if (status.value() == HttpStatus.NOT_FOUND.value()) {
			throw new UnknownUserException(id);
		}
		if (!status.is2xxSuccessful()) {
			throw new UserServiceUnavailableException(this.retryAfter,
					new IllegalStateException("user-service answered " + status));
		}
	}

	private HttpStatusCode statusOf(UUID id) {
		try {
			return this.client.get()
				.uri("/api/users/{id}", id)
				// A decision, not a display: read the primary, so a user registered a
				// moment ago is not refused because a replica has not replayed it yet.
				.header("Consistency", "strong")
				.exchange((request, response) -> response.getStatusCode());
		}
		// IllegalStateException is how the load balancer reports that no instance is
		// registered.
		catch (RestClientException | IllegalStateException ex) {
			throw new UserServiceUnavailableException(this.retryAfter, ex);
		}
	}

}
