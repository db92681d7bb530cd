package com.example.platform.local;

import java.net.http.HttpHeaders;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An answer of the platform's API.
 *
 * @param status the HTTP status
 * @param body the body as text
 * @param headers the response headers
 */
public record ApiResponse(int status, String body, HttpHeaders headers) {

	/**
	 * A header's first value.
	 * @param name the header
	 * @return its value, or an empty string
	 */
	public String header(String name) {
		return this.headers.firstValue(name).orElse("");
	}

	/**
	 * The content type without parameters, e.g. {@code application/problem+json}.
	 * @return the media type, or an empty string
	 */
	public String contentType() {
		String type = header("Content-Type");
		int parameters = type.indexOf(';');
		return (parameters >= 0) ? type.substring(0, parameters).strip() : type;
	}

	/**
	 * The instance that answered, from {@code X-Served-By}.
	 * @return e.g. {@code user-service:8081}
	 */
	public String servedBy() {
		return header("X-Served-By");
	}

	/**
	 * The {@code id} property of a created or read resource.
	 * @return the id
	 * @throws IllegalStateException when the body has none
	 */
	public String id() {
		return field("id").orElseThrow(() -> new IllegalStateException("No id in " + this));
	}

	/**
	 * The first string property of that name anywhere in the JSON body: enough for the
	 * flat answers of this API without a JSON library.
	 * @param name the property
	 * @return its value
	 */
	public Optional<String> field(String name) {
		Matcher matcher = Pattern.compile("\"" + Pattern.quote(name) + "\"\\s*:\\s*\"([^\"]*)\"").matcher(this.body);
		return matcher.find() ? Optional.of(matcher.group(1)) : Optional.empty();
	}

	@Override
	public String toString() {
		return this.status + " " + this.body;
	}

}
