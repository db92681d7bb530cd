package com.example.platform.local;

import java.net.URI;
import java.util.List;
import java.util.Map;

/**
 * One request a {@link PlatformClient} sent and the answer it got, for whoever watches
 * the client's traffic (the system tests check each against the OpenAPI documents).
 *
 * @param method the HTTP method
 * @param uri where it went, the gateway or an instance
 * @param requestHeaders the headers sent, by name
 * @param requestBody the JSON body sent, or {@code null}
 * @param response the answer
 */
public record Exchange(String method, URI uri, Map<String, List<String>> requestHeaders, String requestBody,
		ApiResponse response) {

}
