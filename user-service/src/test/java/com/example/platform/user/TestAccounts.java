package com.example.platform.user;

import java.util.Map;
import java.util.UUID;

import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.RestTestClient;

/**
 * Registers users and logs them in through the API, as a client would.
 */
public final class TestAccounts {

	/** A password every test user gets; it satisfies the password policy. */
	public static final String PASSWORD = "correct horse battery staple";

	private TestAccounts() {
	}

	/**
	 * Registers a user with a unique email and logs them in.
	 * @param client the client of the service under test
	 * @param name the display name
	 * @return the user, with a token
	 */
	public static Account register(RestTestClient client, String name) {
		String email = "user-" + UUID.randomUUID() + "@example.com";
		Map<?, ?> user = client.post()
			.uri("/api/users")
			.contentType(MediaType.APPLICATION_JSON)
			.body(Map.of("email", email, "name", name, "password", PASSWORD))
			.exchangeSuccessfully()
			.expectBody(Map.class)
			.returnResult()
			.getResponseBody();
		return new Account(UUID.fromString(user.get("id").toString()), email, token(client, email, PASSWORD));
	}

	/**
	 * Logs in.
	 * @param client the client of the service under test
	 * @param email the email
	 * @param password the password
	 * @return the access token
	 */
	public static String token(RestTestClient client, String email, String password) {
		Map<?, ?> response = client.post()
			.uri("/api/auth/token")
			.contentType(MediaType.APPLICATION_JSON)
			.body(Map.of("email", email, "password", password))
			.exchangeSuccessfully()
			.expectBody(Map.class)
			.returnResult()
			.getResponseBody();
		return response.get("access_token").toString();
	}

	/**
	 * A registered, logged-in user.
	 *
	 * @param id the user's id
	 * @param email the email
	 * @param token a valid access token
	 */
	public record Account(UUID id, String email, String token) {

	}

}
