package com.example.platform.local;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;

/**
 * Healthy is not enough: the gateway only routes to an instance once discovery and the
 * gateway's load-balancer cache know it. Waits until every instance of a service has
 * answered an administrator's request through the gateway.
 */
final class GatewayReadiness {

	private final LocalPlatform platform;

	private final Await await;

	private final PlatformClient client;

	private String token;

	private ApiResponse lastTokenAnswer;

	GatewayReadiness(LocalPlatform platform, Await await) {
		this.platform = platform;
		this.await = await;
		this.client = new PlatformClient(platform, Duration.ofSeconds(5));
	}

	/**
	 * Waits until every running instance of the service has answered through the gateway.
	 * @param service the service
	 * @param path a path the gateway routes to it
	 */
	void awaitRoutable(String service, String path) {
		Set<String> expected = this.platform.instancesOf(service);
		Set<String> seen = new HashSet<>();
		try {
			this.await.until("every " + service + " instance to be routable through the gateway", () -> {
				try {
					String token = adminToken();
					if (token == null) {
						return false;
					}
					ApiResponse response = this.client.anonymous().withToken(token).get(path);
					if (response.status() == 200) {
						seen.add(response.servedBy());
					}
					else if (response.status() == 401) {
						// Signed with a key no longer published: log in again.
						this.token = null;
					}
				}
				catch (IllegalStateException ex) {
					// Not routable yet.
				}
				return seen.containsAll(expected);
			});
		}
		catch (IllegalStateException ex) {
			if (this.lastTokenAnswer != null && this.lastTokenAnswer.status() == 401) {
				throw new IllegalStateException(ex.getMessage() + ": " + this.platform.adminCredentials().email()
						+ " cannot log in. Does the database hold the administrator with another password than "
						+ this.platform.secretsDirectory() + "? Start with --clean.", ex);
			}
			throw ex;
		}
	}

	/**
	 * The administrator's token through the gateway, obtained once: the token endpoint is
	 * rate-limited per address.
	 */
	private String adminToken() {
		if (this.token == null) {
			AdminCredentials admin = this.platform.adminCredentials();
			this.lastTokenAnswer = this.client.requestToken(this.platform.gatewayUri(), admin.email(),
					admin.password());
			this.token = (this.lastTokenAnswer.status() == 200)
					? this.lastTokenAnswer.field("access_token").orElse(null) : null;
		}
		return this.token;
	}

}
