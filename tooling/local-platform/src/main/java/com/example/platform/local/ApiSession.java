package com.example.platform.local;

import java.net.URI;
import java.util.function.Supplier;

/**
 * Someone calling the API: anonymous, a registered user or the administrator, through the
 * gateway or straight at one instance. Users' tokens are obtained once and reused until
 * shortly before they expire, because the token endpoint is rate-limited per client
 * address.
 */
public final class ApiSession {

	private final PlatformClient client;

	private final URI base;

	private final Supplier<String> authorization;

	private final String userId;

	private final String email;

	private final String password;

	ApiSession(PlatformClient client, URI base, Supplier<String> authorization, String userId, String email,
			String password) {
		this.client = client;
		this.base = base;
		this.authorization = authorization;
		this.userId = userId;
		this.email = email;
		this.password = password;
	}

	/**
	 * The same caller, straight at one service instance's traffic port, bypassing the
	 * gateway.
	 * @param instance an instance name, e.g. {@code user-service-1}
	 * @return the session
	 */
	public ApiSession direct(String instance) {
		return at(this.client.instanceUri(instance));
	}

	/**
	 * The same caller at another address, e.g. an instance's management port.
	 * @param base scheme, host and port
	 * @return the session
	 */
	public ApiSession at(URI base) {
		return new ApiSession(this.client, base, this.authorization, this.userId, this.email, this.password);
	}

	/**
	 * The same caller, through the gateway.
	 * @return the session
	 */
	public ApiSession viaGateway() {
		return at(this.client.gatewayUri());
	}

	/**
	 * The same place, with a token of the caller's choosing (e.g. a forged one).
	 * @param token the bearer token
	 * @return the session
	 */
	public ApiSession withToken(String token) {
		return new ApiSession(this.client, this.base, () -> "Bearer " + token, this.userId, this.email, this.password);
	}

	/**
	 * The same place, with a raw {@code Authorization} header value, or none when
	 * {@code null}.
	 * @param value e.g. {@code Basic ...}
	 * @return the session
	 */
	public ApiSession withAuthorization(String value) {
		return new ApiSession(this.client, this.base, () -> value, this.userId, this.email, this.password);
	}

	/**
	 * The caller's current bearer token.
	 * @return the token, or {@code null} for an anonymous session
	 */
	public String token() {
		String value = this.authorization.get();
		return (value != null && value.startsWith("Bearer ")) ? value.substring("Bearer ".length()) : null;
	}

	/**
	 * The user's id.
	 * @return the id, or {@code null} when the caller is not a user
	 */
	public String userId() {
		return this.userId;
	}

	/**
	 * The user's email.
	 * @return the email, or {@code null}
	 */
	public String email() {
		return this.email;
	}

	/**
	 * The user's password.
	 * @return the password, or {@code null}
	 */
	public String password() {
		return this.password;
	}

	public ApiResponse get(String path, String... headers) {
		return send("GET", path, null, headers);
	}

	public ApiResponse post(String path, String json, String... headers) {
		return send("POST", path, json, headers);
	}

	public ApiResponse put(String path, String json, String... headers) {
		return send("PUT", path, json, headers);
	}

	public ApiResponse delete(String path, String... headers) {
		return send("DELETE", path, null, headers);
	}

	/**
	 * Sends a request as this caller.
	 * @param method the HTTP method
	 * @param path the path and query, e.g. {@code /api/users?page=0}
	 * @param json a JSON body, or {@code null} for none
	 * @param headers further headers as name, value pairs
	 * @return the answer
	 */
	public ApiResponse send(String method, String path, String json, String... headers) {
		return this.client.send(this.base.resolve(path), method, json, this.authorization.get(), headers);
	}

}
