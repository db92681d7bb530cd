package com.example.platform.local;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Talks to a running platform as its clients do: registers users with a password, obtains
 * their tokens from {@code POST /api/auth/token} and sends authenticated requests through
 * the gateway or straight at an instance. For system tests, the monitoring test's traffic
 * and the launcher's own readiness check.
 */
public final class PlatformClient {

	/** Where tokens are issued, through the gateway. */
	public static final String TOKEN_PATH = "/api/auth/token";

	/**
	 * A token is renewed this long before it expires, so no request carries a dying one.
	 */
	private static final Duration RENEW_BEFORE = Duration.ofSeconds(60);

	/** How long a token request waits out the gateway's per-address limit. */
	private static final Duration RATE_LIMIT_PATIENCE = Duration.ofSeconds(30);

	private static final Pattern EXPIRES_IN = Pattern.compile("\"expires_in\"\\s*:\\s*(\\d+)");

	private final LocalPlatform platform;

	private final HttpClient http;

	private final Duration timeout;

	private final List<Consumer<Exchange>> listeners = new CopyOnWriteArrayList<>();

	private ApiSession admin;

	/**
	 * A client of the platform with a 20 s timeout per request.
	 * @param platform the running platform
	 */
	public PlatformClient(LocalPlatform platform) {
		this(platform, Duration.ofSeconds(20));
	}

	/**
	 * A client of the platform.
	 * @param platform the running platform
	 * @param timeout how long one request may take
	 */
	public PlatformClient(LocalPlatform platform, Duration timeout) {
		this.platform = platform;
		this.timeout = timeout;
		// HTTP/1.1 as the platform speaks it: by default the client first offers an h2c
		// upgrade on each new connection, which servers may leave unanswered. The
		// operator's certificate for direct calls to an instance (mutual TLS); the
		// gateway's public port is plain HTTP.
		this.http = HttpClient.newBuilder()
			.version(HttpClient.Version.HTTP_1_1)
			.connectTimeout(Duration.ofSeconds(2))
			.sslContext(platform.sslContext())
			.build();
	}

	/**
	 * Tells a listener of every request this client sends and its answer, once answered.
	 * @param listener gets each exchange, on the thread that sent it
	 */
	public void onExchange(Consumer<Exchange> listener) {
		this.listeners.add(listener);
	}

	/**
	 * A caller without credentials, through the gateway.
	 * @return the session
	 */
	public ApiSession anonymous() {
		return new ApiSession(this, gatewayUri(), () -> null, null, null, null);
	}

	/**
	 * The administrator the platform was started with, through the gateway; its token is
	 * obtained once and shared by every caller of this method.
	 * @return the session
	 */
	public synchronized ApiSession admin() {
		if (this.admin == null) {
			AdminCredentials credentials = this.platform.adminCredentials();
			this.admin = login(credentials.email(), credentials.password());
		}
		return this.admin;
	}

	/**
	 * Registers a new user with a unique email and a random password, and logs them in.
	 * @param emailPrefix what the email starts with, e.g. the test's name
	 * @return the user's session, through the gateway
	 */
	public ApiSession register(String emailPrefix) {
		String email = emailPrefix + "-" + UUID.randomUUID() + "@example.com";
		String password = "pw-" + UUID.randomUUID();
		ApiResponse registered = anonymous().post("/api/users", """
				{"email":%s,"name":"Test User","password":%s}
				""".formatted(json(email), json(password)));
		if (registered.status() != 201) {
			throw new IllegalStateException("Could not register " + email + ": " + registered);
		}
		// The write's consistency token lets the login read the new user even from a
		// lagging replica.
		return login(email, password, "X-Consistency-Token", registered.header("X-Consistency-Token"));
	}

	/**
	 * Logs a user in through the gateway.
	 * @param email the email
	 * @param password the password
	 * @param headers further headers for the token request, as name, value pairs
	 * @return the user's session; the token is renewed when it nears expiry
	 */
	public ApiSession login(String email, String password, String... headers) {
		TokenHolder holder = new TokenHolder(email, password, headers);
		String first = holder.get();
		return new ApiSession(this, gatewayUri(), () -> "Bearer " + holder.get(), subjectOf(first), email, password);
	}

	/**
	 * Asks for a token once, as a client would, without waiting out a rate limit.
	 * @param base the gateway's or an instance's address
	 * @param email the email
	 * @param password the password
	 * @param headers further headers, as name, value pairs
	 * @return the answer: 200 with {@code access_token}, 401, 429...
	 */
	public ApiResponse requestToken(URI base, String email, String password, String... headers) {
		return send(base.resolve(TOKEN_PATH), "POST", """
				{"email":%s,"password":%s}
				""".formatted(json(email), json(password)), null, headers);
	}

	/**
	 * A JSON string literal.
	 * @param text any text
	 * @return the text quoted and escaped
	 */
	public static String json(String text) {
		StringBuilder json = new StringBuilder("\"");
		for (char c : text.toCharArray()) {
			switch (c) {
				case '"' -> json.append("\\\"");
				case '\\' -> json.append("\\\\");
				default -> {
					if (c < 0x20) {
						json.append("\\u%04x".formatted((int) c));
					}
					else {
						json.append(c);
					}
				}
			}
		}
		return json.append('"').toString();
	}

	/**
	 * The {@code sub} claim of a token, read without verifying it.
	 * @param token a JWT
	 * @return its subject
	 */
	public static String subjectOf(String token) {
		String[] parts = token.split("\\.");
		if (parts.length < 2) {
			throw new IllegalArgumentException("Not a JWT");
		}
		String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
		Matcher subject = Pattern.compile("\"sub\"\\s*:\\s*\"([^\"]+)\"").matcher(payload);
		return subject.find() ? subject.group(1) : null;
	}

	URI gatewayUri() {
		return this.platform.gatewayUri();
	}

	URI instanceUri(String instance) {
		return URI.create(this.platform.trust().scheme() + "://localhost:" + this.platform.portOf(instance));
	}

	ApiResponse send(URI uri, String method, String json, String authorization, String... headers) {
		HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(this.timeout);
		Map<String, List<String>> sent = new LinkedHashMap<>();
		for (int i = 0; i + 1 < headers.length; i += 2) {
			if (!headers[i + 1].isEmpty()) {
				request.header(headers[i], headers[i + 1]);
				sent.computeIfAbsent(headers[i], (name) -> new ArrayList<>()).add(headers[i + 1]);
			}
		}
		if (authorization != null) {
			request.header("Authorization", authorization);
			sent.put("Authorization", List.of(authorization));
		}
		if (json != null) {
			request.header("Content-Type", "application/json");
			sent.put("Content-Type", List.of("application/json"));
		}
		request.method(method,
				(json != null) ? HttpRequest.BodyPublishers.ofString(json) : HttpRequest.BodyPublishers.noBody());
		try {
			HttpResponse<String> response = this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
			ApiResponse answer = new ApiResponse(response.statusCode(), response.body(), response.headers());
			Exchange exchange = new Exchange(method, uri, sent, json, answer);
			this.listeners.forEach((listener) -> listener.accept(exchange));
			return answer;
		}
		catch (IOException ex) {
			throw new IllegalStateException(method + " " + uri + " failed: " + ex, ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted", ex);
		}
	}

	/**
	 * One user's token, obtained when first needed and again shortly before it expires.
	 */
	private final class TokenHolder {

		private final String email;

		private final String password;

		private final String[] headers;

		private String token;

		private Instant renewAt = Instant.MIN;

		TokenHolder(String email, String password, String[] headers) {
			this.email = email;
			this.password = password;
			this.headers = headers;
		}

		synchronized String get() {
			if (this.token == null || Instant.now().isAfter(this.renewAt)) {
				Instant requested = Instant.now();
				ApiResponse response = obtain();
				this.token = response.field("access_token")
					.orElseThrow(() -> new IllegalStateException("No access_token in " + response));
				Matcher expiresIn = EXPIRES_IN.matcher(response.body());
				Duration lifetime = expiresIn.find() ? Duration.ofSeconds(Long.parseLong(expiresIn.group(1)))
						: Duration.ofMinutes(5);
				this.renewAt = requested.plus(lifetime).minus(RENEW_BEFORE);
			}
			return this.token;
		}

		/** Waits out the gateway's per-address limit (429 with Retry-After) a while. */
		private ApiResponse obtain() {
			Instant deadline = Instant.now().plus(RATE_LIMIT_PATIENCE);
			while (true) {
				ApiResponse response = requestToken(gatewayUri(), this.email, this.password, this.headers);
				if (response.status() == 200) {
					return response;
				}
				if (response.status() != 429 || Instant.now().isAfter(deadline)) {
					throw new IllegalStateException("No token for " + this.email + ": " + response);
				}
				pause(retryAfter(response));
			}
		}

		private Duration retryAfter(ApiResponse response) {
			try {
				return Duration.ofSeconds(Math.max(1, Long.parseLong(response.header("Retry-After").strip())));
			}
			catch (NumberFormatException ex) {
				return Duration.ofSeconds(1);
			}
		}

		private void pause(Duration duration) {
			try {
				Thread.sleep(duration);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException("Interrupted while rate-limited", ex);
			}
		}

	}

}
