package com.example.platform.gateway.requestsize;

import org.springframework.http.HttpStatus;
import org.springframework.web.server.ResponseStatusException;

/**
 * A request body above the gateway's limit; rendered as a 413 problem.
 */
public class RequestBodyTooLargeException extends ResponseStatusException {

	RequestBodyTooLargeException(long maxBytes) {
		super(HttpStatus.CONTENT_TOO_LARGE, "Request body is larger than the %d bytes allowed".formatted(maxBytes));
	}

}
