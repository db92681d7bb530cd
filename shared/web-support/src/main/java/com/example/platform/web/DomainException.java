package com.example.platform.web;

import java.time.Duration;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * A domain error a client caused or must know about, answered by the platform's one
 * problem handler ({@link PlatformExceptionHandler}) with its status and detail, so a
 * service declares no handler method per exception. Subclasses are named for what
 * happened and choose the status once, in their constructor.
 */
public abstract class DomainException extends ErrorResponseException {

	/**
	 * A domain error.
	 * @param status the answer's status
	 * @param detail what happened, in words a client can act on
	 */
	protected DomainException(HttpStatus status, String detail) {
		this(status, detail, null);
	}

	/**
	 * A domain error with its cause, which is logged, never shown.
	 * @param status the answer's status
	 * @param detail what happened, in words a client can act on
	 * @param cause what led to it
	 */
	protected DomainException(HttpStatus status, String detail, Throwable cause) {
		super(status, ProblemDetail.forStatusAndDetail(status, detail), cause);
	}

	/**
	 * Asks the client to come back later with a {@code Retry-After} header, at least a
	 * second.
	 * @param retryAfter how long the client should wait
	 */
	protected final void retryAfter(Duration retryAfter) {
		getHeaders().set(HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1, retryAfter.toSeconds())));
	}

	/**
	 * The detail, as the client reads it: what logs and tests see too.
	 */
	@Override
	public String getMessage() {
		return getBody().getDetail();
	}

}
